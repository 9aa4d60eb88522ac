import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from './codec'
import { mustParse } from './ipv6-address'
import { DestinationOptionsHeader, HopByHopHeader } from './ipv6-hbh-destopts'
import { type Ipv6Option, padOptions } from './ipv6-options'
import { arbDestinationOptions, arbHopByHop } from './testing/arb-ip'
import { hex, parsesExactly, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { optionsFromScapy } from './testing/scapy-ip'
import { hasScapy, requireTool } from './testing/tools'

const hoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')

// scapy: IPv6ExtHdrHopByHop(nh=58, options=[RouterAlert(value=0), PadN(optdata=b'\x00\x00')]);
// scapy adds the last PadN to reach 16 octets.
const hbhGolden = hex(`
  3a            // next header 58 (ICMPv6)
  01            // hdr ext len 1: 16 octets
  05 02 0000    // Router Alert, value 0 (MLD)
  01 02 0000    // PadN, 2 octets
  01 04 00000000 // PadN, 4 octets
`)
const hbh: HopByHopHeader = {
  kind: 'hop-by-hop',
  nextHeader: 58,
  options: [
    { kind: 'router-alert', value: 0 },
    { kind: 'padn', padding: new Uint8Array(2) },
    { kind: 'padn', padding: new Uint8Array(4) },
  ],
}

// scapy: IPv6ExtHdrDestOpt(nh=135, options=[HAO(hoa=...)]), the Destination Options header of
// a Binding Update (RFC 6275 §11.7.1); scapy puts PadN(2) before the HAO to reach 8n+6.
const destGolden = hex(`
  87                                  // next header 135 (Mobility Header)
  02                                  // hdr ext len 2: 24 octets
  01 02 0000                          // PadN, 2 octets
  c9 10                               // Home Address option, length 16
  20010db8000100000205 5dfffef2db2b   // home address
`)
const dest: DestinationOptionsHeader = {
  kind: 'destination-options',
  nextHeader: 135,
  options: padOptions([{ kind: 'home-address', homeAddress: hoa }]),
}

describe('Hop-by-Hop and Destination Options headers (RFC 8200 §4.3, §4.6)', () => {
  it('emits and parses a Hop-by-Hop header with Router Alert and PadN (scapy bytes)', () => {
    roundTrip(HopByHopHeader, hbh, hbhGolden)
  })

  it('emits and parses a Destination Options header with a Home Address option (scapy bytes)', () => {
    roundTrip(DestinationOptionsHeader, dest, destGolden)
  })

  it('reads only its own octets from a longer buffer', () => {
    const longer = new Uint8Array([...destGolden, 0x80, 0, 0, 0])
    expect(DestinationOptionsHeader.parse(longer)).toEqual({ ok: true, value: dest })
  })

  it('reports a header shorter than Hdr Ext Len says as truncated', () => {
    expect(HopByHopHeader.parse(hbhGolden.subarray(0, 15))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'options', at: 15 },
    })
    expect(HopByHopHeader.parse(hbhGolden.subarray(0, 1))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it('reports option faults at their offset in the header', () => {
    const misaligned = hex(`
      87 02
      c9 10 20010db8000100000205 5dfffef2db2b   // HAO at offset 2, not 8n+6
      01 02 0000
    `)
    expect(DestinationOptionsHeader.parse(misaligned)).toEqual({
      ok: false,
      error: { kind: 'bad-alignment', field: 'option.type', at: 2 },
    })
    const overrun = hex(`3b 00  01 05 00000000`)
    expect(HopByHopHeader.parse(overrun)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 3 },
    })
  })

  it('refuses to emit options that do not fill 8-octet units', () => {
    const unpadded: Ipv6Option[] = [{ kind: 'router-alert', value: 0 }]
    expect(() => encode(HopByHopHeader, { kind: 'hop-by-hop', nextHeader: 58, options: unpadded })).toThrow(
      /padOptions/,
    )
  })
})

describe.runIf(requireTool(hasScapy(), 'Hop-by-Hop / Destination Options vs scapy'))(
  'Hop-by-Hop / Destination Options vs scapy',
  () => {
    const hoaText = '2001:db8:1:0:205:5dff:fef2:db2b'
    let answers: ScapyAnswer[] = []
    beforeAll(() => {
      answers = scapyBatch([
        {
          op: 'build',
          expr: "IPv6ExtHdrHopByHop(nh=58, options=[RouterAlert(value=0), PadN(optdata=b'\\x00\\x00')])",
        },
        { op: 'build', expr: `IPv6ExtHdrDestOpt(nh=135, options=[HAO(hoa='${hoaText}')])` },
        {
          op: 'build',
          expr: `IPv6ExtHdrDestOpt(nh=59, options=[HBHOptUnknown(otype=0x1e, optdata=b'abc'), HAO(hoa='${hoaText}'), RouterAlert(value=2)])`,
        },
        { op: 'decode', first: 'IPv6ExtHdrHopByHop', hex: toHex(encode(HopByHopHeader, hbh)) },
        {
          op: 'decode',
          first: 'IPv6ExtHdrDestOpt',
          hex: toHex(
            encode(DestinationOptionsHeader, {
              kind: 'destination-options',
              nextHeader: 58,
              options: padOptions([
                { kind: 'router-alert', value: 1 },
                { kind: 'unknown', type: 0x3e, raw: Uint8Array.of(1, 2, 3) },
                { kind: 'home-address', homeAddress: hoa },
              ]),
            }),
          ),
        },
      ])
    })

    it("parses scapy's Hop-by-Hop header field for field", () => {
      const bytes = bytesOf(answers[0]!)
      expect(toHex(bytes)).toBe(toHex(hbhGolden))
      const fields = layer(answers[0]!, 'IPv6ExtHdrHopByHop')
      const parsed = parsesExactly(HopByHopHeader, bytes)
      expect(parsed).toEqual({
        kind: 'hop-by-hop',
        nextHeader: fields.nh,
        options: optionsFromScapy(fields.options),
      })
    })

    it("parses scapy's HAO padding exactly and pads the same way", () => {
      const bytes = bytesOf(answers[1]!)
      const fields = layer(answers[1]!, 'IPv6ExtHdrDestOpt')
      expect(parsesExactly(DestinationOptionsHeader, bytes).options).toEqual(optionsFromScapy(fields.options))
      expect(toHex(encode(DestinationOptionsHeader, dest))).toBe(toHex(bytes))
    })

    it('pads an HAO after an odd-length option as scapy does', () => {
      const bytes = bytesOf(answers[2]!)
      const ours = padOptions([
        { kind: 'unknown', type: 0x1e, raw: new TextEncoder().encode('abc') },
        { kind: 'home-address', homeAddress: hoa },
        { kind: 'router-alert', value: 2 },
      ])
      expect(
        toHex(
          encode(DestinationOptionsHeader, { kind: 'destination-options', nextHeader: 59, options: ours }),
        ),
      ).toBe(toHex(bytes))
      expect(parsesExactly(DestinationOptionsHeader, bytes).options).toEqual(
        optionsFromScapy(layer(answers[2]!, 'IPv6ExtHdrDestOpt').options),
      )
    })

    it('scapy reads our Hop-by-Hop header as we wrote it', () => {
      const fields = layer(answers[3]!, 'IPv6ExtHdrHopByHop')
      expect(fields.nh).toBe(58)
      expect(fields.len).toBe(1)
      expect(optionsFromScapy(fields.options)).toEqual(hbh.options)
    })

    it('scapy reads our Destination Options header as we wrote it', () => {
      const fields = layer(answers[4]!, 'IPv6ExtHdrDestOpt')
      expect(fields.nh).toBe(58)
      expect(fields.len).toBe(3)
      const options = optionsFromScapy(fields.options).filter((o) => o.kind !== 'pad1' && o.kind !== 'padn')
      expect(options).toEqual([
        { kind: 'router-alert', value: 1 },
        { kind: 'unknown', type: 0x3e, raw: Uint8Array.of(1, 2, 3) },
        { kind: 'home-address', homeAddress: hoa },
      ])
    })
  },
)

describe('Hop-by-Hop and Destination Options properties', () => {
  it('parse(emit(x)) is x', () => {
    fc.assert(
      fc.property(fc.oneof(arbHopByHop, arbDestinationOptions), (h) => {
        const codec = h.kind === 'hop-by-hop' ? HopByHopHeader : DestinationOptionsHeader
        expect(codec.parse(encode(codec as typeof HopByHopHeader, h as HopByHopHeader))).toEqual({
          ok: true,
          value: h,
        })
      }),
      { numRuns: 1500 },
    )
  })

  it('never throws on random or mutated bytes, and emits what parses byte for byte', () => {
    const mutated = fc
      .tuple(
        arbDestinationOptions,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      )
      .map(([h, edits]) => {
        const bytes = encode(DestinationOptionsHeader, h)
        for (const [at, value] of edits) bytes[at % bytes.length] = value
        return bytes
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), mutated), (bytes) => {
        const r = DestinationOptionsHeader.parse(bytes)
        if (!r.ok) return
        const out = encode(DestinationOptionsHeader, r.value)
        expect(toHex(out)).toBe(toHex(bytes.subarray(0, out.length)))
      }),
      { numRuns: 3000 },
    )
  })
})
