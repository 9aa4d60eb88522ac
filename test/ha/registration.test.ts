// Home registration (RFC 6275 §10.3.1) as seed 002 shows it: a mobile node on the visited
// link sends its Home Agent a Binding Update with a Home Address option, and gets a Binding
// Acknowledgement through a type 2 routing header. The mobile node is scapy; each test is its
// own mobile node (home address and care-of address), so no test leans on another's binding.
import { type BindingAck, formatAddress } from '@mip6/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsharkDecode } from '../../packages/wire/src/testing/tshark'
import { bcAddress, HaLab, requireHaTools } from './support/ha-lab'
import {
  bindingAck,
  bindingUpdate,
  destination,
  destinationMac,
  HA,
  isBindingAck,
  MAC,
  type Seen,
  source,
  sourceMac,
} from './support/packets'

const SUITE = 'Home Agent registration (scapy mobile node)'
const OK = requireHaTools(SUITE)

/** radvd's default AdvValidLifetime: seed 002's prefix sets none. */
const PREFIX_VALID_LIFETIME_S = 86_400
/** RFC 6275 §6.1.7-8: Lifetime fields count 4-second units. */
const UNIT_S = 4
/** RFC 6275 §13 InitialBindackTimeoutFirstReg: the mobile node retransmits after this. */
const INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS = 1_500
/** RFC 6275 §6.1.8 */
const STATUS = {
  accepted: 0,
  homeRegistrationNotSupported: 131,
  notHomeSubnet: 132,
  sequenceNumberOutOfWindow: 135,
} as const

function ackOf(s: Seen): BindingAck {
  const ba = bindingAck(s)
  if (!ba) throw new Error('not a Binding Acknowledgement')
  return ba
}

describe.runIf(OK)('home registration from the visited link', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('hareg')
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('acknowledges the seed BU within 1.5 s, field by field, and bc shows the binding', async () => {
    const coa = '2001:db8:1::2'
    const hoa = '2001:db8::beef'
    await lab.addCareOfAddress(coa)
    const logsBefore = lab.router.logs.length

    // Seed 002: "BU seq#=54814 AH lifetime=262140" (65535 units, the most a BU can ask).
    const { sent, reply } = await lab.ask(
      'mobile',
      bindingUpdate({ coa, hoa, seq: 54814, lifetimeUnits: 65535 }),
      isBindingAck(),
      'the BA',
    )
    const ba = ackOf(reply)
    const delayMs = reply.atMs - sent.atMs
    console.log(`BA ${delayMs.toFixed(1)} ms after the BU (DAD for the home address takes 1 s)`)
    expect(delayMs).toBeLessThan(INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS)

    expect({
      status: ba.status,
      sequence: ba.sequence,
      lifetimeUnits4s: ba.lifetimeUnits4s,
      keyManagement: ba.keyManagementCompatibility,
      payloadProto: ba.payloadProto,
    }).toEqual({
      status: STATUS.accepted,
      sequence: 54814,
      // 262140 s asked, cut to the home prefix's valid lifetime (RFC 6275 §10.3.1).
      lifetimeUnits4s: PREFIX_VALID_LIFETIME_S / UNIT_S,
      keyManagement: false,
      payloadProto: 59,
    })
    // From the Home Agent address the BU went to, to the care-of address, the home address in
    // a type 2 routing header (RFC 6275 §6.4, §9.5.4); on the link the BU came from.
    expect(source(reply)).toBe(HA)
    expect(destination(reply)).toBe(coa)
    expect(reply.decoded!.packet.extensions).toEqual([
      expect.objectContaining({ kind: 'routing-type2', segmentsLeft: 1, homeAddress: expect.anything() }),
    ])
    const rh2 = reply.decoded!.packet.extensions[0]!
    expect(rh2.kind === 'routing-type2' && formatAddress(rh2.homeAddress)).toBe(hoa)
    expect(sourceMac(reply)).toBe(MAC.routerVisited)
    expect(destinationMac(reply)).toBe(MAC.mobile)

    // The checksum: our decodeFrame verified it (the frame decoded), scapy agrees, and
    // Wireshark's dissector finds nothing malformed and reads the same fields.
    const [scapy] = await lab.mobile.checksums(reply.frame)
    expect(scapy).toEqual({ layer: 'MIP6MH_BA', stated: ba.checksum, computed: ba.checksum })
    const [tshark] = tsharkDecode([reply.frame], { ethernet: true })
    expect(tshark!.malformed).toBe(false)
    expect(tshark!.badChecksums).toEqual([])
    expect(tshark!.protocols).toBe('eth:ethertype:ipv6:ipv6.routing:mipv6')
    expect(tshark!.fields['mip6.mhtype']).toEqual(['6'])
    expect(tshark!.fields['mip6.ba.status']).toEqual(['0'])
    expect(tshark!.fields['mip6.ba.seqnr']).toEqual(['54814'])
    expect(tshark!.fields['mip6.ba.lifetime']).toEqual([String(PREFIX_VALID_LIFETIME_S / UNIT_S)])
    expect(tshark!.fields['ipv6.routing.type']).toEqual(['2'])
    expect(tshark!.fields['ipv6.routing.mipv6.home_address']).toEqual([hoa])

    // What mip6d's console shows (seed 002: "hoa ... status registered / coa ... flags AH--").
    const bc = await lab.bindingCache()
    expect(bc).toEqual([
      {
        hoa: bcAddress(hoa),
        status: 'registered',
        coa: bcAddress(coa),
        flags: 'AH--',
        local: bcAddress(HA),
        remainingS: expect.any(Number),
        grantedS: PREFIX_VALID_LIFETIME_S,
        seq: 54814,
      },
    ])
    expect(bc[0]!.remainingS).toBeGreaterThan(PREFIX_VALID_LIFETIME_S - 5)
    expect(bc[0]!.remainingS).toBeLessThanOrEqual(PREFIX_VALID_LIFETIME_S)
    const event = await lab.homeAgentEvent('binding-registered', hoa, logsBefore)
    expect(event).toMatchObject({ coa, status: 0 })
  })

  it('refreshes a binding: a higher sequence number gets status 0 and bc restarts its lifetime', async () => {
    const coa = '2001:db8:1::11'
    const hoa = '2001:db8::b0b:1'
    await lab.register(coa, hoa, 100)
    // Let the lifetime run down a little, so that the refresh visibly resets it.
    let before = (await lab.bindingCache()).find((b) => b.hoa === bcAddress(hoa))!
    while (before.remainingS > PREFIX_VALID_LIFETIME_S - 5) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      before = (await lab.bindingCache()).find((b) => b.hoa === bcAddress(hoa))!
    }
    const logsBefore = lab.router.logs.length

    const { reply } = await lab.ask('mobile', bindingUpdate({ coa, hoa, seq: 101 }), isBindingAck(), 'the BA')
    expect(ackOf(reply)).toMatchObject({
      status: STATUS.accepted,
      sequence: 101,
      lifetimeUnits4s: PREFIX_VALID_LIFETIME_S / UNIT_S,
    })

    const after = (await lab.bindingCache()).find((b) => b.hoa === bcAddress(hoa))!
    expect(after).toMatchObject({ status: 'registered', seq: 101, grantedS: PREFIX_VALID_LIFETIME_S })
    expect(after.remainingS).toBeGreaterThan(before.remainingS)
    // Reset to the whole lifetime, give or take the seconds a loaded machine takes to ask.
    expect(after.remainingS).toBeGreaterThanOrEqual(PREFIX_VALID_LIFETIME_S - 3)
    expect(await lab.homeAgentEvent('binding-refreshed', hoa, logsBefore)).toMatchObject({ coa, status: 0 })
  })

  it('rejects a BU with an old sequence number (status 135) and names the last accepted one', async () => {
    const coa = '2001:db8:1::12'
    const hoa = '2001:db8::b0b:2'
    await lab.register(coa, hoa, 1000)

    const { reply } = await lab.ask('mobile', bindingUpdate({ coa, hoa, seq: 999 }), isBindingAck(), 'the BA')
    // RFC 6275 §9.5.1: the BA carries the last accepted sequence number, lifetime 0.
    expect(ackOf(reply)).toMatchObject({
      status: STATUS.sequenceNumberOutOfWindow,
      sequence: 1000,
      lifetimeUnits4s: 0,
    })
    expect((await lab.bindingCache()).find((b) => b.hoa === bcAddress(hoa))).toMatchObject({
      status: 'registered',
      seq: 1000,
    })
  })

  it('rejects a home address outside the home prefix (status 132)', async () => {
    const coa = '2001:db8:1::13'
    const hoa = '2001:db8:2::beef'
    await lab.addCareOfAddress(coa)
    const logsBefore = lab.router.logs.length

    const { reply } = await lab.ask('mobile', bindingUpdate({ coa, hoa, seq: 5 }), isBindingAck(), 'the BA')
    expect(ackOf(reply)).toMatchObject({ status: STATUS.notHomeSubnet, sequence: 5, lifetimeUnits4s: 0 })
    const rh2 = reply.decoded!.packet.extensions[0]
    expect(rh2?.kind === 'routing-type2' && formatAddress(rh2.homeAddress)).toBe(hoa)
    expect((await lab.bindingCache()).some((b) => b.hoa === bcAddress(hoa))).toBe(false)
    expect(await lab.homeAgentEvent('binding-rejected', hoa, logsBefore)).toMatchObject({ status: 132 })
  })

  it('refuses a BU without the H flag for a registered home address (status 131)', async () => {
    const coa = '2001:db8:1::14'
    const hoa = '2001:db8::b0b:3'
    await lab.register(coa, hoa, 7)

    const { reply } = await lab.ask(
      'mobile',
      bindingUpdate({ coa, hoa, seq: 8, flags: 'A' }),
      isBindingAck(),
      'the BA',
    )
    expect(ackOf(reply)).toMatchObject({
      status: STATUS.homeRegistrationNotSupported,
      sequence: 8,
      lifetimeUnits4s: 0,
    })
    // The home registration stays as it was.
    expect((await lab.bindingCache()).find((b) => b.hoa === bcAddress(hoa))).toMatchObject({
      status: 'registered',
      flags: 'AH--',
      seq: 7,
    })
  })
})
