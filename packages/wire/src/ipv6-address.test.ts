import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatAddress,
  formatAddressUncompressed,
  homeAgentsAnycast,
  inPrefix,
  linkLocalFromMac,
  maskAddress,
  mustParse,
  parseAddress,
  parsePrefix,
  seqLessThan,
  solicitedNodeMulticast,
} from './ipv6-address'

describe('IPv6 address text', () => {
  it.each([
    // RFC 5952 §4 and §4.2.2-4.2.3 examples
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:DB8::AAAA', '2001:db8::aaaa'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    // seed 002: the home agent address is the subnet-router anycast address of its prefix
    ['2001:db8:0:0:0:0:0:0', '2001:db8::'],
    ['2001:db8:1:0:205:5dff:fef2:db2b', '2001:db8:1:0:205:5dff:fef2:db2b'],
  ])('writes %s as %s (RFC 5952)', (input, expected) => {
    expect(formatAddress(mustParse(input))).toBe(expected)
  })

  it.each([
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    '12345::',
    'g::',
    '::1.2.3',
    '::1.2.3.256',
    '',
  ])('rejects "%s" with a message', (text) => {
    const r = parseAddress(text)
    expect(r.ok).toBe(false)
  })

  it('parses what it formats, for any address', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (a) => {
        expect(parseAddress(formatAddress(a))).toEqual({ ok: true, value: a })
      }),
      { numRuns: 5000 },
    )
  })

  it.each([
    // seed 002's console (mip6d `bc`, `bul`, `hal`)
    ['2001:db8::beef', '2001:db8:0:0:0:0:0:beef'],
    ['fe80::202:6fff:fe06:bcf', 'fe80:0:0:0:202:6fff:fe06:bcf'],
    ['::', '0:0:0:0:0:0:0:0'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('writes %s as mip6d does, uncompressed: %s', (input, expected) => {
    expect(formatAddressUncompressed(mustParse(input))).toBe(expected)
  })
})

describe('prefixes and derived addresses', () => {
  it('parses a prefix and tests membership', () => {
    const p = parsePrefix('2001:db8::/64')
    expect(p.ok && inPrefix(mustParse('2001:db8::beef'), p.value)).toBe(true)
    expect(p.ok && inPrefix(mustParse('2001:db8:1::beef'), p.value)).toBe(false)
    expect(parsePrefix('2001:db8::/129').ok).toBe(false)
    expect(parsePrefix('2001:db8::').ok).toBe(false)
  })

  it('masks inside a byte', () => {
    expect(formatAddress(maskAddress(mustParse('2001:db8:ffff::'), 36))).toBe('2001:db8:f000::')
  })

  it('derives the solicited-node multicast address (RFC 4291 §2.7.1)', () => {
    expect(formatAddress(solicitedNodeMulticast(mustParse('2001:db8::205:5dff:fef2:db2b')))).toBe(
      'ff02::1:fff2:db2b',
    )
  })

  it('derives a link-local address from a MAC by modified EUI-64 (seed 002: raven)', () => {
    const mac = new Uint8Array([0x00, 0x05, 0x5d, 0xf2, 0xdb, 0x2b])
    expect(formatAddress(linkLocalFromMac(mac))).toBe('fe80::205:5dff:fef2:db2b')
  })

  it('derives the Home-Agents anycast address of a /64 (RFC 2526 §2, RFC 6275 §10.5)', () => {
    const p = parsePrefix('2001:db8::/64')
    expect(p.ok && formatAddress(homeAgentsAnycast(p.value))).toBe('2001:db8::fdff:ffff:ffff:fffe')
  })

  it('derives the Home-Agents anycast address of a non-EUI-64 prefix (RFC 2526 §2)', () => {
    const p = parsePrefix('2001:db8::/48')
    expect(p.ok && formatAddress(homeAgentsAnycast(p.value))).toBe('2001:db8:0:ffff:ffff:ffff:ffff:fffe')
  })
})

describe('sequence numbers modulo 2^16 (RFC 6275 §9.5.1)', () => {
  it('orders across the wrap', () => {
    expect(seqLessThan(65535, 0)).toBe(true)
    expect(seqLessThan(0, 65535)).toBe(false)
    expect(seqLessThan(10, 11)).toBe(true)
    expect(seqLessThan(11, 10)).toBe(false)
    expect(seqLessThan(7, 7)).toBe(false)
    // 32768 apart: neither half of the window, so not less than
    expect(seqLessThan(0, 32768)).toBe(false)
    expect(seqLessThan(1, 32768)).toBe(true)
  })
})
