import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Codec } from './codec'
import { mustParse } from './ipv6-address'
import {
  emitOptions,
  type Ipv6Option,
  optionAction,
  optionMayChange,
  optionsLength,
  padOptions,
  parseOptions,
} from './ipv6-options'
import { arbOptionList } from './testing/arb-ip'
import { hex, parsesExactly, roundTrip, toHex } from './testing/round-trip'

/** The options area of a Hop-by-Hop or Destination Options header, which starts at octet 2. */
const area: Codec<Ipv6Option[]> = {
  parse: (bytes) => parseOptions(bytes, 2),
  emit: (options, buf, offset = 0) => emitOptions(options, buf, offset, 2),
  length: optionsLength,
}

const hoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')

// The options of scapy's IPv6ExtHdrDestOpt(options=[HAO(hoa=...)]): scapy pads the HAO to 8n+6.
const hoaArea = hex(`
  01 02 0000                          // PadN, 2 octets of zeros
  c9 10                               // Home Address option, length 16
  20010db8000100000205 5dfffef2db2b   // home address
`)

describe('IPv6 options (RFC 8200 §4.2)', () => {
  it('emits and parses a padded Home Address option (scapy layout)', () => {
    roundTrip(area, padOptions([{ kind: 'home-address', homeAddress: hoa }]), hoaArea)
  })

  it('emits and parses Router Alert, a kept unknown option and PadN with its content', () => {
    const golden = hex(`
      05 02 0000        // Router Alert, length 2, value 0 (MLD)
      3e 01 ab          // unknown type 0x3e, one octet of data
      00                // Pad1
      01 03 010203      // PadN with non-zero content, kept as received
      00                // Pad1
    `)
    roundTrip(
      area,
      [
        { kind: 'router-alert', value: 0 },
        { kind: 'unknown', type: 0x3e, raw: Uint8Array.of(0xab) },
        { kind: 'pad1' },
        { kind: 'padn', padding: Uint8Array.of(1, 2, 3) },
        { kind: 'pad1' },
      ],
      golden,
    )
  })

  it.each([
    [0x00, 'skip', false],
    [0x05, 'skip', false],
    [0x3e, 'skip', true],
    [0x42, 'discard', false],
    [0x8a, 'discard-icmp', false],
    [0xc2, 'discard-icmp-unless-multicast', false], // Jumbo Payload
    [0xc9, 'discard-icmp-unless-multicast', false], // Home Address
    [0xee, 'discard-icmp-unless-multicast', true],
  ])('option type %i: action %s, may change en route %s', (type, action, mayChange) => {
    expect(optionAction(type)).toBe(action)
    expect(optionMayChange(type)).toBe(mayChange)
  })
})

describe('padOptions', () => {
  const ra: Ipv6Option = { kind: 'router-alert', value: 1 }
  const home: Ipv6Option = { kind: 'home-address', homeAddress: hoa }
  const pad = (n: number): Ipv6Option => ({ kind: 'padn', padding: new Uint8Array(n) })

  it.each<[string, Ipv6Option[], Ipv6Option[]]>([
    ['HoA alone: PadN(2) first', [home], [pad(2), home]],
    ['Router Alert alone: PadN(0) to the 8-octet end', [ra], [ra, pad(0)]],
    ['Router Alert then HoA: no padding', [ra, home], [ra, home]],
    ['HoA then Router Alert', [home, ra], [pad(2), home, ra, pad(2)]],
    [
      'a 5-octet unknown option: Pad1 at the end',
      [{ kind: 'unknown', type: 0x1e, raw: new Uint8Array(3) }],
      [{ kind: 'unknown', type: 0x1e, raw: new Uint8Array(3) }, { kind: 'pad1' }],
    ],
    ['nothing: PadN(4) fills the first 8 octets', [], [pad(4)]],
  ])('%s', (_, options, expected) => {
    const padded = padOptions(options)
    expect(padded).toEqual(expected)
    expect((2 + optionsLength(padded)) % 8).toBe(0)
  })

  it('aligns from another start offset', () => {
    expect(padOptions([home], 4)).toEqual([pad(0), home])
  })
})

describe('IPv6 option errors', () => {
  it('rejects a Home Address option off 8n+6 as bad-alignment (RFC 6275 §6.3)', () => {
    const misaligned = hex(`
      c9 10 20010db8000100000205 5dfffef2db2b   // HAO at header offset 2
      01 02 0000                                // PadN
    `)
    expect(area.parse(misaligned)).toEqual({
      ok: false,
      error: { kind: 'bad-alignment', field: 'option.type', at: 0 },
    })
  })

  it('rejects a Home Address option whose length is not 16 (RFC 6275 §6.3)', () => {
    const short = hex(`01 02 0000   c9 0f 20010db8000100000205 5dfffef2db`)
    expect(area.parse(short)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 5 },
    })
  })

  it('rejects a Router Alert whose length is not 2 (RFC 2711 §2.1) but accepts one off 2n', () => {
    expect(area.parse(hex('05 03 000000'))).toMatchObject({ ok: false, error: { kind: 'bad-length', at: 1 } })
    expect(area.parse(hex('00 05 02 0001 00'))).toEqual({
      ok: true,
      value: [{ kind: 'pad1' }, { kind: 'router-alert', value: 1 }, { kind: 'pad1' }],
    })
  })

  it('refuses to emit a misaligned Home Address option or an unknown option of a known type', () => {
    const buf = new Uint8Array(64)
    expect(() => emitOptions([{ kind: 'home-address', homeAddress: hoa }], buf, 0, 2)).toThrow(/8n\+6/)
    expect(() => emitOptions([{ kind: 'unknown', type: 5, raw: new Uint8Array(2) }], buf, 0, 2)).toThrow(
      RangeError,
    )
  })
})

describe('IPv6 option properties', () => {
  it('parses back what it emits', () => {
    fc.assert(
      fc.property(arbOptionList, (options) => {
        const bytes = new Uint8Array(optionsLength(options))
        emitOptions(options, bytes, 0, 2)
        expect(parseOptions(bytes, 2)).toEqual({ ok: true, value: options })
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws on random bytes and emits what parses byte for byte', () => {
    const tlvish = fc.array(
      fc.oneof(
        fc.constant([0]),
        fc.constant([0xc9, 16]),
        fc.constant([5, 2]),
        fc.integer({ min: 0, max: 255 }).map((b) => [b]),
      ),
      { maxLength: 24 },
    )
    fc.assert(
      fc.property(tlvish, fc.integer({ min: 0, max: 7 }), (chunks, headerOffset) => {
        const bytes = Uint8Array.from(chunks.flat())
        const r = parseOptions(bytes, headerOffset)
        if (!r.ok) return
        const out = new Uint8Array(optionsLength(r.value))
        emitOptions(r.value, out, 0, headerOffset)
        expect(toHex(out)).toBe(toHex(bytes))
      }),
      { numRuns: 3000 },
    )
  })

  it('reads golden options exactly', () => {
    parsesExactly(area, hoaArea)
  })
})
