// What else a mobile node on the visited link asks its Home Agent, and what the Home Agent
// says to what it cannot take: Dynamic Home Agent Address Discovery (RFC 6275 §10.5), Mobile
// Prefix Solicitation (§10.6), and Binding Errors (§9.3.3) for an unknown Mobility Header type
// and for a Home Address option with no binding behind it. Each test is its own mobile node.
import { type BindingError, formatAddress } from '@mip6/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsharkDecode } from '../../packages/wire/src/testing/tshark'
import { HaLab, requireHaTools } from './support/ha-lab'
import {
  bindingAck,
  bindingError,
  bindingUpdate,
  destination,
  destinationMac,
  echoWithHao,
  HA,
  haadRequest,
  icmpv6,
  isBindingAck,
  MAC,
  mobilePrefixSolicit,
  type Seen,
  source,
  sourceMac,
  unknownMobilityHeader,
} from './support/packets'

const SUITE = 'Home Agent: DHAAD, mobile prefixes, Binding Errors'
const OK = requireHaTools(SUITE)

/** RFC 6275 §6.1.9 */
const BE_UNKNOWN_BINDING_FOR_HAO = 1
const BE_UNRECOGNIZED_MH_TYPE = 2
/** radvd's defaults for a prefix that sets no lifetimes (seed 002's). */
const PREFIX_VALID_LIFETIME_S = 86_400
const PREFIX_PREFERRED_LIFETIME_S = 14_400
/** How long a test waits for an answer that must come; generous for a loaded machine. */
const ANSWER_MS = 3_000

const isBindingError = (s: Seen) => bindingError(s) !== undefined

function errorOf(s: Seen): BindingError {
  const be = bindingError(s)
  if (!be) throw new Error('not a Binding Error')
  return be
}

describe.runIf(OK)('discovery and errors', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('hadisc')
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('answers an unknown Mobility Header type with a Binding Error, status 2', async () => {
    const coa = '2001:db8:1::31'
    await lab.addCareOfAddress(coa)
    const { reply } = await lab.ask(
      'mobile',
      unknownMobilityHeader(coa, '2001:db8::b0b:31', 50),
      isBindingError,
      'the Binding Error',
      ANSWER_MS,
    )
    expect(errorOf(reply).status).toBe(BE_UNRECOGNIZED_MH_TYPE)
    // RFC 6275 §9.3.3: to the offending packet's source, no routing header.
    expect(source(reply)).toBe(HA)
    expect(destination(reply)).toBe(coa)
    expect(reply.decoded!.packet.extensions).toEqual([])
    expect(sourceMac(reply)).toBe(MAC.routerVisited)
    const [tshark] = tsharkDecode([reply.frame], { ethernet: true })
    expect(tshark!.malformed).toBe(false)
    expect(tshark!.fields['mip6.mhtype']).toEqual(['7'])
    expect(tshark!.fields['mip6.be.status']).toEqual([String(BE_UNRECOGNIZED_MH_TYPE)])
  })

  it('answers a Mobile Prefix Solicitation from a home address with no binding with a Binding Error, status 1', async () => {
    const coa = '2001:db8:1::32'
    const hoa = '2001:db8::b0b:32'
    await lab.addCareOfAddress(coa)
    const { reply } = await lab.ask(
      'mobile',
      mobilePrefixSolicit(coa, hoa, 321),
      isBindingError,
      'the Binding Error',
      ANSWER_MS,
    )
    const be = errorOf(reply)
    expect(be.status).toBe(BE_UNKNOWN_BINDING_FOR_HAO)
    // RFC 6275 §6.1.9: status 1 names the home address that had no binding.
    expect(formatAddress(be.homeAddress)).toBe(hoa)
    expect(destination(reply)).toBe(coa)
  })

  it('answers a BU without the H flag from a home address with no binding with a Binding Error, status 1', async () => {
    const coa = '2001:db8:1::33'
    const hoa = '2001:db8::b0b:33'
    await lab.addCareOfAddress(coa)
    const { reply } = await lab.ask(
      'mobile',
      bindingUpdate({ coa, hoa, seq: 3, flags: 'A' }),
      (s) => isBindingError(s) || isBindingAck()(s),
      'the answer',
      ANSWER_MS,
    )
    expect(bindingAck(reply)).toBeUndefined()
    expect(errorOf(reply)).toMatchObject({ status: BE_UNKNOWN_BINDING_FOR_HAO })
    expect(formatAddress(errorOf(reply).homeAddress)).toBe(hoa)
  })

  // RFC 6275 §9.3.1: any packet to the home agent with a Home Address option needs a binding.
  it('answers an ICMPv6 echo with a Home Address option and no binding with a Binding Error, status 1', async () => {
    const coa = '2001:db8:1::34'
    const hoa = '2001:db8::b0b:34'
    await lab.addCareOfAddress(coa)
    const { reply } = await lab.ask(
      'mobile',
      echoWithHao(coa, hoa, 34),
      isBindingError,
      'the Binding Error',
      ANSWER_MS,
    )
    expect(errorOf(reply).status).toBe(BE_UNKNOWN_BINDING_FOR_HAO)
    expect(formatAddress(errorOf(reply).homeAddress)).toBe(hoa)
  })

  it('answers a DHAAD Request to the home agents anycast address with a reply listing 2001:db8::', async () => {
    const coa = '2001:db8:1::35'
    await lab.addCareOfAddress(coa)
    const { reply } = await lab.ask(
      'mobile',
      haadRequest(coa, 4242),
      (s) => icmpv6(s)?.kind === 'haad-reply',
      'the DHAAD Reply',
      ANSWER_MS,
    )
    const msg = icmpv6(reply)
    expect(msg?.kind === 'haad-reply' && msg).toMatchObject({ code: 0, identifier: 4242 })
    expect(msg?.kind === 'haad-reply' && msg.homeAgents.map(formatAddress)).toEqual([HA])
    // RFC 6275 §10.5: from a home agent address on the home link, to the requester.
    expect(source(reply)).toBe(HA)
    expect(destination(reply)).toBe(coa)
    expect(sourceMac(reply)).toBe(MAC.routerVisited)
    expect(destinationMac(reply)).toBe(MAC.mobile)
    const [tshark] = tsharkDecode([reply.frame], { ethernet: true })
    expect(tshark!.malformed).toBe(false)
    expect(tshark!.badChecksums).toEqual([])
    expect(tshark!.fields['icmpv6.type']).toEqual(['145'])
  })

  it('answers a registered mobile node’s Mobile Prefix Solicitation with the home prefix, through its care-of address', async () => {
    const coa = '2001:db8:1::36'
    const hoa = '2001:db8::b0b:36'
    await lab.addCareOfAddress(coa)
    const registration = await lab.ask(
      'mobile',
      bindingUpdate({ coa, hoa, seq: 9 }),
      isBindingAck(),
      'the BA',
    )
    expect(bindingAck(registration.reply)?.status).toBe(0)

    const { reply } = await lab.ask(
      'mobile',
      mobilePrefixSolicit(coa, hoa, 777),
      (s) => icmpv6(s)?.kind === 'mobile-prefix-advert',
      'the Mobile Prefix Advertisement',
      ANSWER_MS,
    )
    const mpa = icmpv6(reply)
    expect(mpa?.kind === 'mobile-prefix-advert' && mpa).toMatchObject({
      identifier: 777,
      managed: false,
      other: false,
    })
    const prefixes = mpa?.kind === 'mobile-prefix-advert' ? mpa.options : []
    expect(prefixes).toEqual([
      expect.objectContaining({
        kind: 'prefix-information',
        prefixLength: 64,
        onLink: true,
        autonomous: true,
        validLifetimeS: PREFIX_VALID_LIFETIME_S,
        preferredLifetimeS: PREFIX_PREFERRED_LIFETIME_S,
      }),
    ])
    const pi = prefixes[0]
    expect(pi?.kind === 'prefix-information' && formatAddress(pi.prefix)).toBe(HA)
    // RFC 6275 §10.6: to the care-of address, the home address in a type 2 routing header,
    // on the link the mobile node is on.
    expect(source(reply)).toBe(HA)
    expect(destination(reply)).toBe(coa)
    const rh2 = reply.decoded!.packet.extensions[0]
    expect(rh2?.kind === 'routing-type2' && formatAddress(rh2.homeAddress)).toBe(hoa)
    expect(sourceMac(reply)).toBe(MAC.routerVisited)
    const [tshark] = tsharkDecode([reply.frame], { ethernet: true })
    expect(tshark!.malformed).toBe(false)
    expect(tshark!.badChecksums).toEqual([])
    expect(tshark!.fields['icmpv6.type']).toEqual(['147'])
  })
})
