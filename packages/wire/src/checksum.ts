// The Internet checksum (RFC 1071) over the IPv6 pseudo-header (RFC 8200 §8.1), shared by
// ICMPv6 (RFC 4443 §2.3) and the Mobility Header (RFC 6275 §6.1.1).
import type { Ipv6Address } from './ipv6-address'

function sumWords(bytes: Uint8Array, start: number, end: number, acc: number): number {
  let i = start
  for (; i + 1 < end; i += 2) acc += (bytes[i]! << 8) | bytes[i + 1]!
  if (i < end) acc += bytes[i]! << 8
  return acc
}

function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000)
  return acc
}

/**
 * The checksum of `bytes[start, end)` with the pseudo-header of `src`, `dst`, the upper-layer
 * length and next header, as it should be written into the checksum field (computed with that
 * field zero). Verifying a received message: the sum over it, checksum included, is 0.
 */
export function pseudoHeaderChecksum(
  src: Ipv6Address,
  dst: Ipv6Address,
  nextHeader: number,
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): number {
  const length = end - start
  let acc = sumWords(src, 0, 16, 0)
  acc = sumWords(dst, 0, 16, acc)
  acc += Math.floor(length / 0x10000) + (length & 0xffff) + nextHeader
  acc = sumWords(bytes, start, end, acc)
  const sum = ~fold(acc) & 0xffff
  return sum
}

/** Computes and writes the checksum at `start + checksumOffset` (zeroed first). */
export function fillChecksum(
  src: Ipv6Address,
  dst: Ipv6Address,
  nextHeader: number,
  bytes: Uint8Array,
  checksumOffset: number,
  start = 0,
  end = bytes.length,
): void {
  const at = start + checksumOffset
  bytes[at] = 0
  bytes[at + 1] = 0
  const sum = pseudoHeaderChecksum(src, dst, nextHeader, bytes, start, end)
  bytes[at] = sum >> 8
  bytes[at + 1] = sum & 0xff
}

/** True when the checksum field already in `bytes` is correct. */
export function checksumValid(
  src: Ipv6Address,
  dst: Ipv6Address,
  nextHeader: number,
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): boolean {
  return pseudoHeaderChecksum(src, dst, nextHeader, bytes, start, end) === 0
}
