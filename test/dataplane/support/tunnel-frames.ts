// Tunnel packets as a capture on a link sees them: an Ethernet frame holding IPv6 with Next
// Header 41 and a whole inner IPv6 packet (no outer extension headers: ours adds none).
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_IPV6, formatAddress, IPV6_HEADER_LENGTH } from '@mip6/wire'
import type { Capture, PcapRecord } from '../../ra/support/capture'

export interface Tunnelled {
  atMs: number
  frame: Uint8Array
  outerSource: string
  outerDestination: string
  innerSource: string
  innerDestination: string
  innerHopLimit: number
  /** The inner packet, IPv6 header first. */
  inner: Uint8Array
}

const IPV6_IN_IPV6 = 41
const ICMPV6 = 58

export function framesSince(capture: Capture, after: number): PcapRecord[] {
  return capture.records.slice(after)
}

export function tunnelled(r: PcapRecord): Tunnelled | undefined {
  const f = r.frame
  const outer = ETHERNET_HEADER_LENGTH
  const inner = outer + IPV6_HEADER_LENGTH
  if (f.length < inner + IPV6_HEADER_LENGTH) return undefined
  if (((f[12]! << 8) | f[13]!) !== ETHERTYPE_IPV6 || f[outer + 6] !== IPV6_IN_IPV6) return undefined
  const address = (at: number) => formatAddress(f.subarray(at, at + 16))
  return {
    atMs: r.atMs,
    frame: f,
    outerSource: address(outer + 8),
    outerDestination: address(outer + 24),
    innerSource: address(inner + 8),
    innerDestination: address(inner + 24),
    innerHopLimit: f[inner + 7]!,
    inner: f.subarray(inner),
  }
}

/** The inner packet's ICMPv6 type and echo identifier, when it is a bare ICMPv6 echo. */
export function innerEcho(t: Tunnelled): { type: number; id: number } | undefined {
  const icmp = IPV6_HEADER_LENGTH
  if (t.inner[6] !== ICMPV6 || t.inner.length < icmp + 8) return undefined
  const type = t.inner[icmp]!
  if (type !== 128 && type !== 129) return undefined
  return { type, id: (t.inner[icmp + 4]! << 8) | t.inner[icmp + 5]! }
}
