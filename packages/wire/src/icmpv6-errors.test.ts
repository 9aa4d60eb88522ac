import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import {
  DestinationUnreachable,
  DestinationUnreachableCode,
  PacketTooBig,
  ParameterProblem,
  ParameterProblemCode,
  TimeExceeded,
} from './icmpv6-errors'
import { mustParse } from './ipv6-address'
import {
  arbDestinationUnreachable,
  arbPacketTooBig,
  arbParameterProblem,
  arbTimeExceeded,
} from './testing/arb-nd'
import { describeMessageCases, messageCase, RAVEN_UDP_PACKET } from './testing/icmpv6-cases'
import { hex, toHex } from './testing/round-trip'

// Seed 002: denali's wlan1 (visited link) reports on packets from raven's care-of address.
const denali = mustParse('2001:db8:1::')
const raven = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')

// The invoking packets: RAVEN_UDP_PACKET, and a bare Mobility Header (next header 135) from
// raven's CoA to denali, as scapy builds it.
const udpPacket = RAVEN_UDP_PACKET
const mhPacket = hex(`
  60000000 0008 87 40                    // IPv6: payload 8, next header 135 (Mobility), hop limit 64
  20010db80001000002055dfffef2db2b       // source raven's CoA
  20010db8000000000000000000000000       // destination 2001:db8::
  3b00000000000000                       // MH: payload proto 59, Binding Refresh Request
`)
const raw = (b: Uint8Array) => `Raw(bytes.fromhex('${toHex(b)}'))`
const route = { source: denali, destination: raven }

// Hand-made from RFC 4443 §3.1-3.4; checksums as scapy computes them for denali -> raven.
describeMessageCases('ICMPv6 error messages (RFC 4443 §3)', [
  messageCase({
    name: 'Destination Unreachable, port unreachable',
    codec: DestinationUnreachable,
    value: {
      kind: 'destination-unreachable',
      code: DestinationUnreachableCode.portUnreachable,
      checksum: 0xf7c2,
      unused: 0,
      invoking: udpPacket,
    },
    golden: hex(`
      01          // type 1, Destination Unreachable
      04          // code 4, port unreachable
      f7c2        // checksum
      00000000    // unused
      ${toHex(udpPacket)} // invoking packet
    `),
    ...route,
    scapy: `ICMPv6DestUnreach(code=4)/${raw(udpPacket)}`,
    scapyFields: {
      ICMPv6DestUnreach: { type: 1, code: 4, length: 0, unused: 0 },
      IPerror6: { src: '2001:db8:1:0:205:5dff:fef2:db2b', dst: '2001:db8:2::1', nh: 17 },
      UDPerror: { sport: 12345, dport: 9 },
    },
    tshark: { 'icmpv6.type': ['1'], 'icmpv6.code': ['4'] },
  }),
  messageCase({
    name: 'Packet Too Big, MTU 1280',
    codec: PacketTooBig,
    value: { kind: 'packet-too-big', code: 0, checksum: 0xf1c6, mtu: 1280, invoking: udpPacket },
    golden: hex(`
      02          // type 2, Packet Too Big
      00          // code
      f1c6        // checksum
      00000500    // MTU 1280
      ${toHex(udpPacket)} // invoking packet
    `),
    ...route,
    scapy: `ICMPv6PacketTooBig(mtu=1280)/${raw(udpPacket)}`,
    scapyFields: { ICMPv6PacketTooBig: { type: 2, code: 0, mtu: 1280 }, IPerror6: { nh: 17 } },
    tshark: { 'icmpv6.type': ['2'], 'icmpv6.mtu': ['1280'] },
  }),
  messageCase({
    name: 'Time Exceeded, hop limit',
    codec: TimeExceeded,
    value: { kind: 'time-exceeded', code: 0, checksum: 0xf5c6, unused: 0, invoking: udpPacket },
    golden: hex(`
      03          // type 3, Time Exceeded
      00          // code 0, hop limit exceeded in transit
      f5c6        // checksum
      00000000    // unused
      ${toHex(udpPacket)} // invoking packet
    `),
    ...route,
    scapy: `ICMPv6TimeExceeded(code=0)/${raw(udpPacket)}`,
    scapyFields: { ICMPv6TimeExceeded: { type: 3, code: 0, length: 0, unused: 0 }, UDPerror: { dport: 9 } },
    tshark: { 'icmpv6.type': ['3'], 'icmpv6.code': ['0'] },
  }),
  messageCase({
    name: 'Parameter Problem, unrecognized Next Header (a bare Mobility Header)',
    codec: ParameterProblem,
    value: {
      kind: 'parameter-problem',
      code: ParameterProblemCode.unrecognizedNextHeader,
      checksum: 0xae0f,
      pointer: 6,
      invoking: mhPacket,
    },
    golden: hex(`
      04          // type 4, Parameter Problem
      01          // code 1, unrecognized Next Header type
      ae0f        // checksum
      00000006    // pointer: the IPv6 Next Header field
      ${toHex(mhPacket)} // invoking packet
    `),
    ...route,
    scapy: `ICMPv6ParamProblem(code=1, ptr=6)/${raw(mhPacket)}`,
    scapyFields: { ICMPv6ParamProblem: { type: 4, code: 1, ptr: 6 }, IPerror6: { nh: 135 } },
    tshark: { 'icmpv6.type': ['4'], 'icmpv6.code': ['1'], 'icmpv6.pointer': ['6'] },
  }),
])

describe('ICMPv6 error message properties', () => {
  it('keeps a non-zero Unused word (RFC 4884 length) as received', () => {
    const bytes = hex(`01 00 0000 02000000 ${toHex(udpPacket)}`)
    const r = DestinationUnreachable.parse(bytes)
    expect(r).toMatchObject({ ok: true, value: { unused: 0x0200_0000 } })
    if (r.ok) expect(toHex(encode(DestinationUnreachable, r.value))).toBe(toHex(bytes))
  })

  it('accepts an error with no invoking octets at all', () => {
    expect(PacketTooBig.parse(hex('02 00 0000 00000500'))).toMatchObject({
      ok: true,
      value: { mtu: 1280, invoking: new Uint8Array(0) },
    })
  })

  it('refuses an error shorter than its 32-bit word', () => {
    expect(TimeExceeded.parse(hex('03 00 0000 000000'))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it('round-trips generated error messages', () => {
    fc.assert(
      fc.property(
        arbDestinationUnreachable,
        arbPacketTooBig,
        arbTimeExceeded,
        arbParameterProblem,
        (du, ptb, te, pp) => {
          expect(DestinationUnreachable.parse(encode(DestinationUnreachable, du))).toEqual({
            ok: true,
            value: du,
          })
          expect(PacketTooBig.parse(encode(PacketTooBig, ptb))).toEqual({ ok: true, value: ptb })
          expect(TimeExceeded.parse(encode(TimeExceeded, te))).toEqual({ ok: true, value: te })
          expect(ParameterProblem.parse(encode(ParameterProblem, pp))).toEqual({ ok: true, value: pp })
        },
      ),
      { numRuns: 200 },
    )
  })
})
