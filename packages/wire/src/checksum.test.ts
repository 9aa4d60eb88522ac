import { describe, expect, it } from 'vitest'
import { checksumValid, fillChecksum, pseudoHeaderChecksum } from './checksum'
import { mustParse } from './ipv6-address'
import { hex } from './testing/round-trip'

// An ICMPv6 Router Solicitation from fe80::1 to ff02::2, checksum as scapy computes it.
const source = mustParse('fe80::1')
const destination = mustParse('ff02::2')
const rs = hex(`
  85 00      // type 133, code 0
  0000       // checksum, filled below
  00000000   // reserved
`)

describe('pseudo-header checksum (RFC 8200 §8.1)', () => {
  it('fills a checksum that then verifies, and flags a flipped bit', () => {
    const bytes = rs.slice()
    fillChecksum(source, destination, 58, bytes, 2)
    expect(checksumValid(source, destination, 58, bytes)).toBe(true)
    bytes[4]! ^= 0x01
    expect(checksumValid(source, destination, 58, bytes)).toBe(false)
  })

  it('handles an odd length by padding with a zero byte', () => {
    const odd = new Uint8Array([1, 2, 3])
    const even = new Uint8Array([1, 2, 3, 0])
    // Same sum except for the length word in the pseudo-header (3 vs 4).
    expect(
      (pseudoHeaderChecksum(source, destination, 17, odd) -
        pseudoHeaderChecksum(source, destination, 17, even)) &
        0xffff,
    ).toBe(1)
  })

  it('computes over a range of a larger buffer', () => {
    const framed = new Uint8Array([0xee, ...rs, 0xee])
    fillChecksum(source, destination, 58, framed, 2, 1, 1 + rs.length)
    expect(checksumValid(source, destination, 58, framed, 1, 1 + rs.length)).toBe(true)
  })
})
