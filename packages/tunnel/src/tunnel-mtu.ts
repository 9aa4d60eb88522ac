// RFC 2473 §6.7 and §7.1: what the tunnel entry point does with an original packet by its size.
//
// The tunnel header is a bare IPv6 header: no Tunnel Encapsulation Limit option (RFC 2473
// §4.1.1 makes it optional). We only ever tunnel to a care-of address, which decapsulates and
// does not tunnel again, so there is no nesting to limit, and the 8 octets it would cost come
// out of every packet's MTU.
import { IPV6_HEADER_LENGTH } from '@mip6/wire'

/** RFC 8200 §5: every link carries at least this; a source may send it without discovery. */
export const IPV6_MIN_MTU = 1280

const TUNNEL_HEADER_LENGTH = IPV6_HEADER_LENGTH

export type MtuDecision =
  | { kind: 'fits' }
  /** RFC 2473 §7.1 (b): small enough that its source need not learn; the tunnel packet is fragmented. */
  | { kind: 'fragment' }
  /** RFC 2473 §7.1 (a): dropped, its source is told this MTU in a Packet Too Big. */
  | { kind: 'too-big'; mtu: number }

export function tunnelMtu(linkMtu: number): number {
  return linkMtu - TUNNEL_HEADER_LENGTH
}

export function mtuDecision(originalLength: number, linkMtu: number): MtuDecision {
  const mtu = tunnelMtu(linkMtu)
  if (originalLength <= mtu) return { kind: 'fits' }
  if (originalLength <= IPV6_MIN_MTU) return { kind: 'fragment' }
  // A link MTU under 1320 leaves a tunnel MTU under the minimum every IPv6 path carries
  // (RFC 8200 §5); 1280 is the honest figure then, as packets of that size get fragmented.
  return { kind: 'too-big', mtu: Math.max(mtu, IPV6_MIN_MTU) }
}
