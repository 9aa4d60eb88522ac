import { describe, expect, it } from 'vitest'
import { ok } from './result'
import { insertPadding, paddingBefore, padOf, walkTlvs } from './tlv-options'

describe('TLV options with Pad1/PadN (RFC 8200 §4.2, RFC 6275 §6.2.1)', () => {
  it.each([
    // [position, x, y, padding]
    [2, 8, 6, 4],
    [6, 8, 6, 0],
    [7, 8, 6, 7],
    [14, 8, 6, 0],
    [3, 2, 0, 1],
    [4, 4, 2, 2],
    [5, 1, 0, 0],
  ])('an option at %i needs the padding that puts it on %in+%i', (position, x, y, padding) => {
    expect(paddingBefore(position, { x, y })).toBe(padding)
  })

  it('pads with Pad1 for one octet and zero-filled PadN for more', () => {
    expect(padOf(1)).toEqual({ kind: 'pad1' })
    expect(padOf(2)).toEqual({ kind: 'padn', padding: new Uint8Array(0) })
    expect(padOf(7)).toEqual({ kind: 'padn', padding: new Uint8Array(5) })
  })

  it('walks Pad1, TLVs and an empty area', () => {
    const seen: number[][] = []
    const r = walkTlvs(Uint8Array.of(0, 1, 1, 0xee, 7, 0), (t) => {
      seen.push([t.type, t.at, t.data.length])
      return ok(t.type)
    })
    expect(r).toEqual(ok([0, 1, 7]))
    expect(seen).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [7, 4, 0],
    ])
    expect(walkTlvs(new Uint8Array(0), (t) => ok(t))).toEqual(ok([]))
  })

  it('reports an option running past the area, or missing its length octet, as bad-length', () => {
    expect(walkTlvs(Uint8Array.of(0, 5, 4, 1, 2, 3), (t) => ok(t))).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 2 },
    })
    expect(walkTlvs(Uint8Array.of(0, 0, 5), (t) => ok(t))).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 3 },
    })
  })

  it('inserts padding before each option and to the 8-octet end, keeping pads already there', () => {
    type Item = { n: number; align: number } | { pad: number }
    const out = insertPadding<Item>(
      [{ n: 4, align: 4 }, { pad: 1 }, { n: 3, align: 1 }],
      2,
      (i) => ('n' in i ? { x: i.align, y: 0 } : { x: 1, y: 0 }),
      (i) => ('n' in i ? i.n : i.pad),
      (octets) => ({ pad: octets }),
    )
    // 2 -> pad 2 -> option at 4..8 -> given pad 8..9 -> option 9..12 -> pad 4 to 16
    expect(out).toEqual([{ pad: 2 }, { n: 4, align: 4 }, { pad: 1 }, { n: 3, align: 1 }, { pad: 4 }])
  })
})
