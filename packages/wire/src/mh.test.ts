import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from './codec'
import { mustParse } from './ipv6-address'
import {
  fillMhChecksum,
  MhType,
  MobilityMessage,
  mhChecksumValid,
  mhTypeOf,
  mobilityHeaderLength,
  type UnknownMobilityMessage,
  withPaddedOptions,
} from './mh'
import { arbMobilityHeaderBytes, arbMobilityHeaderShaped, arbMobilityMessage } from './testing/arb-mh'
import { crossCheckWithScapy, crossCheckWithTshark } from './testing/mh-interop'
import { seedBindingAck, seedBindingUpdate } from './testing/mh-values'
import { hex, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasScapy, requireTool } from './testing/tools'

const careOfAddress = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const homeAddress = mustParse('2001:db8::beef')
const homeAgent = mustParse('2001:db8::')

// Hand-made from RFC 6275 §6.1.1: an MH Type no RFC here defines, kept whole.
const unknownGolden = hex(`
  3b                    // payload proto 59
  01                    // header len 1: 16 octets
  2a                    // MH type 42
  07                    // reserved 7
  0000                  // checksum, not filled
  6162636465666768696a  // message data "abcdefghij", kept raw
`)
const unknown: UnknownMobilityMessage = {
  kind: 'unknown',
  mhType: 42,
  payloadProto: 59,
  mhReserved: 7,
  checksum: 0,
  raw: new TextEncoder().encode('abcdefghij'),
}

const bu = seedBindingUpdate()
const ba = seedBindingAck()

describe('Mobility Header common part (RFC 6275 §6.1.1)', () => {
  it('keeps a message of unknown MH Type whole', () => {
    roundTrip(MobilityMessage, unknown, unknownGolden)
    expect(mhTypeOf(unknown)).toBe(42)
  })

  it('keeps a Payload Proto other than 59 for the consumer to judge (§6.1.1: it MUST be 59)', () => {
    const bytes = encode(MobilityMessage, withPaddedOptions({ ...bu, payloadProto: 6, mhReserved: 0x5a }))
    expect(MobilityMessage.parse(bytes)).toMatchObject({
      ok: true,
      value: { payloadProto: 6, mhReserved: 0x5a },
    })
  })

  it('reads the length Header Len announces: (units + 1) x 8 octets', () => {
    expect(mobilityHeaderLength(unknownGolden)).toBe(16)
    expect(mobilityHeaderLength(hex('3b ff'))).toBe(2048)
    expect(mobilityHeaderLength(hex('3b'))).toBeUndefined()
  })

  it('reports fewer octets than Header Len announces as truncated', () => {
    expect(MobilityMessage.parse(unknownGolden.subarray(0, 15))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'messageData', at: 15 },
    })
  })

  it('rejects octets beyond the length Header Len announces', () => {
    const longer = new Uint8Array(24)
    longer.set(unknownGolden)
    expect(MobilityMessage.parse(longer)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'headerLen', at: 1 },
    })
  })

  it('rejects a Header Len too short for the message type (§9.2)', () => {
    const shortBu = hex(`
      3b 00 05 00 0000  // Header Len 0: 8 octets, a BU needs 12
      d61e              // sequence
    `)
    expect(MobilityMessage.parse(shortBu)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'headerLen', at: 1 },
    })
  })

  it('refuses to emit a header that is not a multiple of 8 octets', () => {
    expect(() => encode(MobilityMessage, bu)).toThrow(/multiple of 8.*withPaddedOptions/)
    expect(() => encode(MobilityMessage, { ...unknown, raw: new Uint8Array(3) })).toThrow(/multiple of 8/)
  })

  it('refuses to emit an unknown message under a known MH Type', () => {
    expect(() => encode(MobilityMessage, { ...unknown, mhType: MhType.bindingUpdate })).toThrow(/own kind/)
  })

  it('pads a message with withPaddedOptions and leaves an unknown one alone', () => {
    expect(withPaddedOptions(bu).options).toEqual([{ kind: 'padn', padding: new Uint8Array(2) }])
    expect(withPaddedOptions(unknown)).toBe(unknown)
  })

  it('fills a checksum that verifies, and a flipped bit fails it', () => {
    const bytes = encode(MobilityMessage, withPaddedOptions(bu))
    fillMhChecksum(bytes, homeAddress, homeAgent)
    expect(mhChecksumValid(bytes, homeAddress, homeAgent)).toBe(true)
    bytes[7]! ^= 0x10
    expect(mhChecksumValid(bytes, homeAddress, homeAgent)).toBe(false)
  })
})

// scapy's in6_chksum puts the Home Address option's address in the pseudo-header source and
// the last type 2 routing header address in its destination (RFC 6275 §6.3, RFC 8200 §8.1):
// the MH checksum our callers get by passing those addresses must be scapy's.
describe.runIf(requireTool(hasScapy(), 'MH checksum against scapy'))('MH checksum against scapy', () => {
  let answers: ScapyAnswer[] = []
  beforeAll(() => {
    answers = scapyBatch([
      {
        op: 'build',
        expr:
          "IPv6(src='2001:db8:1:0:205:5dff:fef2:db2b', dst='2001:db8::')/" +
          "IPv6ExtHdrDestOpt(options=[HAO(hoa='2001:db8::beef')])/MIP6MH_BU(seq=54814, flags='AH', mhtime=65535)",
      },
      {
        op: 'build',
        expr:
          "IPv6(src='2001:db8::', dst='2001:db8:1:0:205:5dff:fef2:db2b')/" +
          "IPv6ExtHdrRouting(type=2, segleft=1, addresses=['2001:db8::beef'])/" +
          'MIP6MH_BA(status=0, flags=0, seq=54814, mhtime=65535)',
      },
    ])
  })

  it('with a Home Address option, is computed from the home address as source', () => {
    const ours = encode(MobilityMessage, withPaddedOptions(bu))
    fillMhChecksum(ours, homeAddress, homeAgent)
    const packet = bytesOf(answers[0]!)
    expect(toHex(ours)).toBe(toHex(packet.subarray(packet.length - ours.length)))
  })

  it('with a type 2 routing header, is computed to the home address as destination', () => {
    const ours = encode(MobilityMessage, withPaddedOptions(ba))
    fillMhChecksum(ours, homeAgent, homeAddress)
    const packet = bytesOf(answers[1]!)
    expect(toHex(ours)).toBe(toHex(packet.subarray(packet.length - ours.length)))
    expect(mhChecksumValid(ours, homeAgent, careOfAddress)).toBe(false)
  })
})

// scapy departs from the RFC for unknown MH Types: MIP6MH_Generic takes 8 x len - 6 octets as
// the message, not the 8 x len + 2 that Header Len announces, and leaves the rest as Raw.
// Building is right, so the bytes compare exactly; the decoded layer is checked on its common
// fields only.
crossCheckWithScapy('Unknown MH Type', [
  {
    name: 'MH Type 42',
    scapy: 'MIP6MH_Generic(mhtype=42, res=7, msg=b"abcdefghij")',
    message: unknown,
  },
])

// tshark 4.0 shows the MH checksum but does not verify it (there is no mip6.csum.status), so
// the checksum is checked against scapy's above; tshark checks the layout.
crossCheckWithTshark('Unknown MH Type', [
  {
    name: 'MH Type 42',
    message: unknown,
    fields: { 'mip6.mhtype': ['42'], 'mip6.unknown_type_data': ['61:62:63:64:65:66:67:68:69:6a'] },
  },
])

describe('MobilityMessage properties', () => {
  it('parses back every message it emits', () => {
    fc.assert(
      fc.property(arbMobilityMessage, (message) => {
        expect(MobilityMessage.parse(encode(MobilityMessage, message))).toEqual({ ok: true, value: message })
      }),
      { numRuns: 8000 },
    )
  })

  it('re-emits byte for byte whatever it parses, and never throws', () => {
    let parsed = 0
    fc.assert(
      fc.property(arbMobilityHeaderShaped, (bytes) => {
        const r = MobilityMessage.parse(bytes)
        if (!r.ok) return
        parsed++
        expect(toHex(encode(MobilityMessage, r.value))).toBe(toHex(bytes))
      }),
      { numRuns: 6000 },
    )
    expect(parsed).toBeGreaterThan(1000)
  })

  it('never throws on mutated messages, and re-emits those that still parse', () => {
    const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xff })), {
      minLength: 1,
      maxLength: 4,
    })
    fc.assert(
      fc.property(arbMobilityHeaderBytes, mutation, (original, changes) => {
        const bytes = original.slice()
        for (const [at, value] of changes) bytes[at % bytes.length] = value
        const r = MobilityMessage.parse(bytes)
        if (r.ok) expect(toHex(encode(MobilityMessage, r.value))).toBe(toHex(bytes))
      }),
      { numRuns: 5000 },
    )
  })

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        MobilityMessage.parse(bytes)
      }),
      { numRuns: 5000 },
    )
  })
})
