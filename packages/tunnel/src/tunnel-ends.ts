// Which tunnel a packet belongs to, the one thing the Home Agent's and the mobile node's ends
// of an RFC 2473 tunnel do differently; encapsulate.ts and decapsulate.ts do the rest for both.
// - Entry: the Home Agent tunnels by the inner destination (a home address, RFC 6275 §10.4.2),
//   the mobile node by the inner source (its home address, §11.3.1).
// - Exit: the Home Agent takes tunnels from registered care-of addresses whose inner source is
//   that binding's home address (§10.4.5); the mobile node only from its home agent to its
//   care-of address with its home address as the inner destination (§11.3.1).
import type { Ipv6Address, Ipv6Header } from '@mip6/wire'
import type { DropReason } from './actions'

/** The outer header's addresses for an original packet, and who answers for the tunnel. */
export interface TunnelRoute {
  source: Ipv6Address
  destination: Ipv6Address
  /** The care-of address of this tunnel (the outer destination at the Home Agent, the source at the mobile node). */
  careOfAddress: Ipv6Address
  /** Source of the ICMPv6 errors the entry point sends about the original packet. */
  errorSource: Ipv6Address
}

export interface TunnelEnds {
  /**
   * RFC 2473 §3.1: an entry point that forwards the original packet decrements its Hop Limit;
   * a node tunnelling the packets it sends itself does not (its stack did not forward them).
   */
  readonly forwards: boolean
  /** The tunnel an original packet enters, or why it enters none. */
  route(inner: Ipv6Header): TunnelRoute | DropReason
  /** Checked on the outer header before reassembly, so strangers cannot fill the buffer. */
  outerFault(outer: Ipv6Header): DropReason | undefined
  /** Checked once the inner header is known. */
  innerFault(outer: Ipv6Header, inner: Ipv6Header): DropReason | undefined
}
