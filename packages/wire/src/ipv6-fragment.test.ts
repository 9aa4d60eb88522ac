import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from './codec'
import { FragmentHeader, isFragment } from './ipv6-fragment'
import { arbFragment } from './testing/arb-ip'
import { hex, parsesExactly, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasScapy, requireTool } from './testing/tools'

// scapy: IPv6ExtHdrFragment(nh=58, offset=185, m=1, id=0xdeadbeef)
const golden = hex(`
  3a        // next header 58
  00        // reserved
  05c9      // fragment offset 185 (1480 octets) << 3 | res 0 | M 1
  deadbeef  // identification
`)
const fragment: FragmentHeader = {
  kind: 'fragment',
  nextHeader: 58,
  reserved: 0,
  fragmentOffsetUnits8: 185,
  res: 0,
  moreFragments: true,
  identification: 0xdeadbeef,
}

describe('Fragment header (RFC 8200 §4.5)', () => {
  it('emits and parses the golden bytes field by field (scapy)', () => {
    roundTrip(FragmentHeader, fragment, golden)
  })

  it('keeps both reserved fields', () => {
    const bytes = hex(`2c ff 0007 00000001`)
    expect(parsesExactly(FragmentHeader, bytes)).toEqual({
      kind: 'fragment',
      nextHeader: 44,
      reserved: 0xff,
      fragmentOffsetUnits8: 0,
      res: 3,
      moreFragments: true,
      identification: 1,
    })
  })

  it('tells pieces from atomic fragments (RFC 6946)', () => {
    expect(isFragment(fragment)).toBe(true)
    expect(isFragment({ ...fragment, fragmentOffsetUnits8: 0 })).toBe(true)
    expect(isFragment({ ...fragment, fragmentOffsetUnits8: 0, moreFragments: false })).toBe(false)
  })
})

describe.runIf(requireTool(hasScapy(), 'Fragment header vs scapy'))('Fragment header vs scapy', () => {
  let answers: ScapyAnswer[] = []
  beforeAll(() => {
    answers = scapyBatch([
      { op: 'build', expr: 'IPv6ExtHdrFragment(nh=58, offset=185, m=1, id=0xdeadbeef)' },
      {
        op: 'decode',
        first: 'IPv6ExtHdrFragment',
        hex: toHex(
          encode(FragmentHeader, { ...fragment, reserved: 3, res: 2, fragmentOffsetUnits8: 0x1fff }),
        ),
      },
    ])
  })

  it("parses scapy's header field for field", () => {
    const f = layer(answers[0]!, 'IPv6ExtHdrFragment')
    expect(parsesExactly(FragmentHeader, bytesOf(answers[0]!))).toEqual({
      kind: 'fragment',
      nextHeader: f.nh,
      reserved: f.res1,
      fragmentOffsetUnits8: f.offset,
      res: f.res2,
      moreFragments: f.m === 1,
      identification: f.id,
    })
  })

  it('scapy reads our header as we wrote it', () => {
    expect(layer(answers[1]!, 'IPv6ExtHdrFragment')).toEqual({
      nh: 58,
      res1: 3,
      offset: 0x1fff,
      res2: 2,
      m: 1,
      id: 0xdeadbeef,
    })
  })
})

describe('Fragment header properties', () => {
  it('parse(emit(x)) is x, and emit(parse(b)) is b', () => {
    fc.assert(
      fc.property(arbFragment, fc.uint8Array({ minLength: 8, maxLength: 8 }), (h, bytes) => {
        expect(FragmentHeader.parse(encode(FragmentHeader, h))).toEqual({ ok: true, value: h })
        const r = FragmentHeader.parse(bytes)
        expect(r.ok).toBe(true)
        if (r.ok) expect(toHex(encode(FragmentHeader, r.value))).toBe(toHex(bytes))
      }),
      { numRuns: 1000 },
    )
  })
})
