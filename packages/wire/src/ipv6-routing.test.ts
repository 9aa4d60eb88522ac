import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from './codec'
import { formatAddress, mustParse } from './ipv6-address'
import { RoutingHeader } from './ipv6-routing'
import { arbOtherRouting, arbType2Routing } from './testing/arb-ip'
import { hex, parsesExactly, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasScapy, requireTool } from './testing/tools'

const hoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')

// scapy: IPv6ExtHdrRouting(nh=135, type=2, addresses=[hoa]), the type 2 Routing header of a
// Binding Acknowledgement to a mobile node away from home (RFC 6275 §9.5.4).
const rh2Golden = hex(`
  87                                  // next header 135 (Mobility Header)
  02                                  // hdr ext len 2
  02                                  // routing type 2
  01                                  // segments left 1
  00000000                            // reserved
  20010db8000100000205 5dfffef2db2b   // home address
`)
const rh2: RoutingHeader = {
  kind: 'routing-type2',
  nextHeader: 135,
  segmentsLeft: 1,
  reserved: 0,
  homeAddress: hoa,
}

// scapy: IPv6ExtHdrRouting(type=0, addresses=['2001:db8::1', '2001:db8::2']), kept as data.
const rh0Golden = hex(`
  3b                                  // next header 59
  04                                  // hdr ext len 4
  00                                  // routing type 0 (deprecated, RFC 5095)
  02                                  // segments left 2
  00000000                            // reserved (type-specific data from here)
  20010db8000000000000 000000000001   // address[1]
  20010db8000000000000 000000000002   // address[2]
`)
const rh0: RoutingHeader = {
  kind: 'routing',
  nextHeader: 59,
  routingType: 0,
  segmentsLeft: 2,
  data: rh0Golden.subarray(4),
}

describe('Routing header (RFC 8200 §4.4)', () => {
  it('emits and parses a type 2 Routing header (RFC 6275 §6.4.1, scapy bytes)', () => {
    roundTrip(RoutingHeader, rh2, rh2Golden)
  })

  it('keeps the reserved field and any Segments Left of a type 2 header for its processor', () => {
    const odd: RoutingHeader = { ...rh2, segmentsLeft: 0, reserved: 0xdeadbeef }
    roundTrip(RoutingHeader, odd)
  })

  it('rejects a type 2 header with Hdr Ext Len other than 2 (one address only)', () => {
    const twoAddresses = new Uint8Array([...rh2Golden, ...hoa])
    twoAddresses[1] = 4
    expect(RoutingHeader.parse(twoAddresses)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'hdrExtLen', at: 1 },
    })
  })

  it('keeps any other routing type as its type-specific data (scapy type 0 bytes)', () => {
    roundTrip(RoutingHeader, rh0, rh0Golden)
  })

  it('reports a header shorter than Hdr Ext Len says as truncated', () => {
    expect(RoutingHeader.parse(rh2Golden.subarray(0, 23))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'data', at: 23 },
    })
  })

  it('refuses to emit type 2 as a generic header, or data that is not 8n+4 octets', () => {
    const generic: RoutingHeader = { ...rh0, routingType: 2 }
    expect(() => encode(RoutingHeader, generic)).toThrow(/routing-type2/)
    expect(() => encode(RoutingHeader, { ...rh0, data: new Uint8Array(5) })).toThrow(/8n/)
  })
})

describe.runIf(requireTool(hasScapy(), 'Routing header vs scapy'))('Routing header vs scapy', () => {
  let answers: ScapyAnswer[] = []
  beforeAll(() => {
    answers = scapyBatch([
      // scapy 2.5 has no class of its own for type 2: IPv6ExtHdrRouting with type=2 and one address.
      { op: 'build', expr: `IPv6ExtHdrRouting(nh=135, type=2, addresses=['${formatAddress(hoa)}'])` },
      { op: 'build', expr: "IPv6ExtHdrRouting(type=0, addresses=['2001:db8::1', '2001:db8::2'])" },
      {
        op: 'decode',
        first: 'IPv6ExtHdrRouting',
        hex: toHex(encode(RoutingHeader, { ...rh2, reserved: 7 })),
      },
      {
        op: 'decode',
        first: 'IPv6ExtHdrRouting',
        hex: toHex(encode(RoutingHeader, { ...rh0, routingType: 0, segmentsLeft: 1 })),
      },
    ])
  })

  it("parses scapy's type 2 header field for field", () => {
    const f = layer(answers[0]!, 'IPv6ExtHdrRouting')
    expect(parsesExactly(RoutingHeader, bytesOf(answers[0]!))).toEqual({
      kind: 'routing-type2',
      nextHeader: f.nh,
      segmentsLeft: f.segleft,
      reserved: f.reserved,
      homeAddress: mustParse((f.addresses as string[])[0]!),
    })
  })

  it("parses scapy's type 0 header as another routing type", () => {
    const f = layer(answers[1]!, 'IPv6ExtHdrRouting')
    const parsed = parsesExactly(RoutingHeader, bytesOf(answers[1]!))
    expect(parsed).toMatchObject({
      kind: 'routing',
      nextHeader: f.nh,
      routingType: f.type,
      segmentsLeft: f.segleft,
    })
    expect(toHex(bytesOf(answers[1]!))).toBe(toHex(rh0Golden))
  })

  it('scapy reads our headers as we wrote them', () => {
    expect(layer(answers[2]!, 'IPv6ExtHdrRouting')).toEqual({
      nh: 135,
      len: 2,
      type: 2,
      segleft: 1,
      reserved: 7,
      addresses: [formatAddress(hoa)],
    })
    expect(layer(answers[3]!, 'IPv6ExtHdrRouting')).toMatchObject({
      nh: 59,
      len: 4,
      type: 0,
      segleft: 1,
      addresses: ['2001:db8::1', '2001:db8::2'],
    })
  })
})

describe('Routing header properties', () => {
  it('parse(emit(x)) is x', () => {
    fc.assert(
      fc.property(fc.oneof(arbType2Routing, arbOtherRouting), (h) => {
        expect(RoutingHeader.parse(encode(RoutingHeader, h))).toEqual({ ok: true, value: h })
      }),
      { numRuns: 1500 },
    )
  })

  it('never throws on random or mutated bytes, and emits what parses byte for byte', () => {
    const mutated = fc
      .tuple(
        fc.oneof(arbType2Routing, arbOtherRouting),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }),
      )
      .map(([h, edits]) => {
        const bytes = encode(RoutingHeader, h)
        for (const [at, value] of edits) bytes[at % bytes.length] = value
        return bytes
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 48 }), mutated), (bytes) => {
        const r = RoutingHeader.parse(bytes)
        if (!r.ok) return
        const out = encode(RoutingHeader, r.value)
        expect(toHex(out)).toBe(toHex(bytes.subarray(0, out.length)))
      }),
      { numRuns: 3000 },
    )
  })
})
