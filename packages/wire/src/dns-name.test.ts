import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeDomainName, readDomainName } from './dns-name'
import { hex, toHex } from './testing/round-trip'

const read = (bytes: Uint8Array) => readDomainName(bytes, 0, bytes.length, 'domainNames')

describe('domain names on the wire (RFC 1035 §3.1)', () => {
  it('reads labels up to the root label', () => {
    expect(read(hex('07 6578616d706c65 03 636f6d 00 ff'))).toEqual({
      ok: true,
      value: { name: 'example.com', end: 13 },
    })
  })

  it('writes labels and the root label', () => {
    expect(toHex(encodeDomainName('lab.test'))).toBe('036c61620474657374' + '00')
  })

  it('writes the root name as its single zero octet', () => {
    expect(toHex(encodeDomainName(''))).toBe('00')
  })

  it('refuses compression pointers and extended label types (RFC 8106 §5.2: uncompressed)', () => {
    expect(read(hex('01 61 c0 0c'))).toEqual({
      ok: false,
      error: { kind: 'bad-value', field: 'domainNames', at: 2 },
    })
    expect(read(hex('41 61'))).toMatchObject({ ok: false, error: { kind: 'bad-value' } })
  })

  it('reports a name cut off before its root label as truncated', () => {
    expect(read(hex('03 616263'))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'domainNames', at: 4 },
    })
    expect(read(hex('05 616263'))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'domainNames', at: 0 },
    })
  })
})

describe('domain name text (RFC 1035 §5.1 escapes)', () => {
  it('escapes dots and backslashes inside a label, and other octets as \\DDD', () => {
    const r = read(hex('04 612e5c20 02 00ff 00'))
    expect(r).toMatchObject({ ok: true, value: { name: 'a\\.\\\\\\032.\\000\\255' } })
  })

  it('writes escapes back to the octets they stand for', () => {
    expect(toHex(encodeDomainName('a\\.\\\\\\032.\\000\\255'))).toBe('04612e5c20' + '0200ff' + '00')
  })

  it('accepts \\X for any printable X, as RFC 1035 §5.1 allows', () => {
    expect(toHex(encodeDomainName('\\a'))).toBe('016100')
  })

  it('refuses text that names no octets: empty labels, long labels, bare spaces, broken escapes', () => {
    for (const bad of ['a..b', '.a', 'a.', 'a b', 'é', 'a\\', 'a\\1', 'a\\12x', '\\256', 'x'.repeat(64)]) {
      expect(() => encodeDomainName(bad), bad).toThrow(RangeError)
    }
  })

  it('maps any label octets to text and back to the same octets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { minLength: 1, maxLength: 4 }),
        (labels) => {
          const wire = Uint8Array.from(labels.flatMap((l) => [l.length, ...l]).concat(0))
          const r = read(wire)
          expect(r.ok).toBe(true)
          if (r.ok) expect(toHex(encodeDomainName(r.value.name))).toBe(toHex(wire))
        },
      ),
      { numRuns: 1000 },
    )
  })
})
