// Cross-checks of Mobility Header messages against scapy and tshark, shared by the mh-*.test.ts
// files: each lists its cases, these register the suites (one scapy process per file).
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from '../codec'
import { formatAddress, mustParse } from '../ipv6-address'
import { Ipv6Header } from '../ipv6-header'
import { fillMhChecksum, MobilityMessage, withPaddedOptions } from '../mh'
import type { MobilityOption } from '../mh-options'
import { toHex } from './round-trip'
import { bytesOf, type ScapyAnswer, type ScapyLayer, type ScapyRequest, scapyBatch } from './scapy'
import { hasCommand, hasScapy, requireTool } from './tools'
import { type TsharkFrame, tsharkDecode } from './tshark'

const IPV6_HEADER_LENGTH = 40
const HOP_LIMIT = 64
const MOBILITY = 135

// Seed 002: the mobile node's care-of address and its home agent.
export const SOURCE = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
export const DESTINATION = mustParse('2001:db8::')

/** An IPv6 packet (no extension headers) carrying `message`, its checksum filled. */
export function mhPacket(message: MobilityMessage, source = SOURCE, destination = DESTINATION): Uint8Array {
  const mh = encode(MobilityMessage, message)
  fillMhChecksum(mh, source, destination)
  const header = {
    trafficClass: 0,
    flowLabel: 0,
    payloadLength: mh.length,
    nextHeader: MOBILITY,
    hopLimit: HOP_LIMIT,
  }
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + mh.length)
  Ipv6Header.emit({ ...header, source, destination }, packet, 0)
  packet.set(mh, IPV6_HEADER_LENGTH)
  return packet
}

export function mhOf(packet: Uint8Array): Uint8Array {
  return packet.subarray(IPV6_HEADER_LENGTH)
}

function bigOf(bytes: Uint8Array): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n)
}

/** scapy's FlagsField prints the names of set bits from the least significant one up. */
function flagLetters(value: number, names: string): string {
  return [...names].filter((_, bit) => (value >> bit) & 1).join('')
}

/** The layer and field values scapy shows for one of our options. */
function scapyOption(o: MobilityOption): ScapyLayer {
  const hexOf = (b: Uint8Array) => ({ hex: toHex(b) })
  switch (o.kind) {
    case 'pad1':
      return { layer: 'Pad1', fields: { otype: 0 } }
    case 'padn':
      return { layer: 'PadN', fields: { otype: 1, optlen: o.padding.length, optdata: hexOf(o.padding) } }
    case 'binding-refresh-advice':
      return { layer: 'MIP6OptBRAdvice', fields: { otype: 2, olen: 2, rinter: o.refreshIntervalUnits4s } }
    case 'alternate-care-of-address':
      return {
        layer: 'MIP6OptAltCoA',
        fields: { otype: 3, olen: 16, acoa: formatAddress(o.alternateCareOfAddress) },
      }
    case 'nonce-indices':
      return {
        layer: 'MIP6OptNonceIndices',
        fields: { otype: 4, olen: 4, hni: o.homeNonceIndex, coni: o.careOfNonceIndex },
      }
    case 'binding-authorization-data':
      // A 96-bit integer: JSON gives the nearest double, as Number() of the bigint does.
      return {
        layer: 'MIP6OptBindingAuthData',
        fields: { otype: 5, olen: o.authenticator.length, authenticator: Number(bigOf(o.authenticator)) },
      }
    case 'mobile-node-identifier':
      return {
        layer: 'MIP6OptMNID',
        fields: { otype: 8, olen: 1 + o.identifier.length, subtype: o.subtype, id: hexOf(o.identifier) },
      }
    case 'mobility-message-authentication':
      return {
        layer: 'MIP6OptMsgAuth',
        fields: {
          otype: 9,
          olen: 5 + o.authenticationData.length,
          subtype: o.subtype,
          mspi: o.mobilitySpi,
          authdata: hexOf(o.authenticationData),
        },
      }
    case 'mobility-message-replay-protection':
      return {
        layer: 'MIP6OptReplayProtection',
        fields: { otype: 10, olen: 8, timestamp: Number(o.timestamp) },
      }
    case 'unknown':
      return { layer: 'MIP6OptUnknown', fields: { otype: o.type, olen: o.raw.length, odata: hexOf(o.raw) } }
  }
}

/** The MH layer scapy shows for one of our messages (options separately). */
function scapyMessage(m: MobilityMessage, checksum: number): ScapyLayer {
  const common = {
    nh: m.payloadProto,
    len: MobilityMessage.length(m) / 8 - 1,
    res: m.mhReserved,
    cksum: checksum,
  }
  const hexOf = (b: Uint8Array) => ({ hex: toHex(b) })
  switch (m.kind) {
    case 'binding-refresh-request':
      return { layer: 'MIP6MH_BRR', fields: { ...common, mhtype: 0, res2: m.reserved } }
    case 'home-test-init':
    case 'care-of-test-init':
      return {
        layer: m.kind === 'home-test-init' ? 'MIP6MH_HoTI' : 'MIP6MH_CoTI',
        fields: {
          ...common,
          mhtype: m.kind === 'home-test-init' ? 1 : 2,
          reserved: hexOf(new Uint8Array([m.reserved >> 8, m.reserved & 0xff])),
          cookie: hexOf(m.initCookie),
        },
      }
    case 'home-test':
    case 'care-of-test':
      return {
        layer: m.kind === 'home-test' ? 'MIP6MH_HoT' : 'MIP6MH_CoT',
        fields: {
          ...common,
          mhtype: m.kind === 'home-test' ? 3 : 4,
          index: m.nonceIndex,
          cookie: hexOf(m.initCookie),
          token: hexOf(m.keygenToken),
        },
      }
    case 'binding-update': {
      // scapy splits the flag word into 7 named bits (A H L K M R P) and 9 reserved ones.
      const word =
        (m.acknowledge ? 0x8000 : 0) |
        (m.homeRegistration ? 0x4000 : 0) |
        (m.linkLocalCompatibility ? 0x2000 : 0) |
        (m.keyManagementCompatibility ? 0x1000 : 0) |
        m.otherFlags
      return {
        layer: 'MIP6MH_BU',
        fields: {
          ...common,
          mhtype: 5,
          seq: m.sequence,
          flags: flagLetters(word >> 9, 'PRMKLHA'),
          reserved: word & 0x1ff,
          mhtime: m.lifetimeUnits4s,
        },
      }
    }
    case 'binding-ack': {
      const octet = (m.keyManagementCompatibility ? 0x80 : 0) | m.otherFlags
      return {
        layer: 'MIP6MH_BA',
        fields: {
          ...common,
          mhtype: 6,
          status: m.status,
          flags: flagLetters(octet >> 5, 'PRK'),
          res2: octet & 0x1f,
          seq: m.sequence,
          mhtime: m.lifetimeUnits4s,
        },
      }
    }
    case 'binding-error':
      return {
        layer: 'MIP6MH_BE',
        fields: {
          ...common,
          mhtype: 7,
          status: m.status,
          reserved: m.reserved,
          ha: formatAddress(m.homeAddress),
        },
      }
    case 'unknown':
      return { layer: 'MIP6MH_Generic', fields: { ...common, mhtype: m.mhType } }
  }
}

export interface ScapyCase {
  name: string
  /** The MH layer as a scapy expression, built as IPv6(src, dst)/<scapy>. */
  scapy: string
  /** The same message as ours, options unpadded (scapy pads by itself, as we do). */
  message: MobilityMessage
}

function scapyExpression(c: ScapyCase): string {
  return `IPv6(src='${formatAddress(SOURCE)}', dst='${formatAddress(DESTINATION)}')/${c.scapy}`
}

function checksumOf(mh: Uint8Array): number {
  return (mh[4]! << 8) | mh[5]!
}

/**
 * Registers, for each case: our parse of scapy's bytes is the message; our emission is scapy's
 * bytes exactly (padding and checksum included); scapy decodes our bytes to the same fields.
 */
export function crossCheckWithScapy(suite: string, cases: ScapyCase[]): void {
  describe.runIf(requireTool(hasScapy(), suite))(`${suite} against scapy`, () => {
    let built: ScapyAnswer[] = []
    let decoded: ScapyAnswer[] = []
    const packets = cases.map((c) => mhPacket(withPaddedOptions(c.message)))
    beforeAll(() => {
      const requests: ScapyRequest[] = [
        ...cases.map((c): ScapyRequest => ({ op: 'build', expr: scapyExpression(c) })),
        ...packets.map((p): ScapyRequest => ({ op: 'decode', hex: toHex(p) })),
      ]
      const answers = scapyBatch(requests)
      built = answers.slice(0, cases.length)
      decoded = answers.slice(cases.length)
    })

    cases.forEach((c, i) => {
      it(`parses scapy's ${c.name} into our message`, () => {
        const mh = mhOf(bytesOf(built[i]!))
        const parsed = MobilityMessage.parse(mh)
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.error))
        expect(parsed.value).toEqual({ ...withPaddedOptions(c.message), checksum: checksumOf(mh) })
      })

      it(`emits ${c.name} byte for byte as scapy builds it, checksum included`, () => {
        expect(toHex(packets[i]!)).toBe(toHex(bytesOf(built[i]!)))
      })

      it(`scapy decodes our ${c.name} to our field values`, () => {
        const answer = decoded[i]!
        if (answer.error) throw new Error(answer.error)
        const layers = answer.layers ?? []
        const message = withPaddedOptions(c.message)
        const want = scapyMessage(message, checksumOf(mhOf(packets[i]!)))
        const got = layers[1]!
        expect(got.layer).toBe(want.layer)
        expect(got.fields).toMatchObject(want.fields)
        if (message.kind !== 'unknown') {
          const options = (got.fields.options as ScapyLayer[][]).map((o) => o[0])
          expect(options).toEqual(message.options.map(scapyOption))
        }
      })
    })
  })
}

export interface TsharkCase {
  name: string
  message: MobilityMessage
  /** Field values tshark must show, e.g. { 'mip6.bu.seqnr': ['54814'] }. */
  fields: Record<string, string[]>
}

/**
 * Registers: tshark decodes each of our packets as Mobile IPv6 with no malformed flag and the
 * expected fields. tshark 4.0 shows the MH checksum but does not verify it (no
 * mip6.csum.status); our checksum is checked against scapy's instead.
 */
export function crossCheckWithTshark(suite: string, cases: TsharkCase[]): void {
  describe.runIf(requireTool(hasCommand('tshark', 'tshark'), suite))(`${suite} decoded by tshark`, () => {
    let frames: TsharkFrame[] = []
    beforeAll(() => {
      frames = tsharkDecode(cases.map((c) => mhPacket(withPaddedOptions(c.message))))
    })
    cases.forEach((c, i) => {
      it(`tshark decodes our ${c.name} without a malformed flag`, () => {
        const frame = frames[i]!
        expect(frame.protocols).toContain('mipv6')
        expect(frame.malformed).toBe(false)
        expect(frame.badChecksums).toEqual([])
        for (const [key, values] of Object.entries(c.fields)) expect(frame.fields[key], key).toEqual(values)
      })
    })
  })
}
