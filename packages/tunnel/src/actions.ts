// What the tunnel core hands its adapter. Packets come out as bytes, ready to send: the data
// plane has nothing left to encode. They may share memory with each other, never with the
// bytes handed in, except `forward`, whose packet can be a view into its input.
import type { Ipv6Address, PacketTooBig, TimeExceeded } from '@mip6/wire'

/**
 * A tunnel packet (or one fragment of it) between a Home Agent address and a care-of address:
 * to it from the Home Agent, from it at the mobile node.
 */
export interface SendTunnelled {
  kind: 'send-tunnelled'
  /** The outer destination at the Home Agent, the outer source at the mobile node. */
  careOfAddress: Ipv6Address
  packet: Uint8Array
}

/** An ICMPv6 error we originate; the whole IPv6 packet, checksum filled, for routing as usual. */
export interface SendIcmpError {
  kind: 'send-icmp-error'
  /** One of our addresses: the one the invoking packet came to, or the home link's (RFC 4443 §2.2). */
  source: Ipv6Address
  destination: Ipv6Address
  msg: PacketTooBig | TimeExceeded
  packet: Uint8Array
}

/**
 * A decapsulated packet, for the kernel to route (Home Agent) or deliver (mobile node) as
 * received on the tunnel.
 */
export interface Forward {
  kind: 'forward'
  packet: Uint8Array
}

export type DropReason =
  // either way
  | 'malformed' // bytes that do not hold the IPv6 packet their headers announce
  // encapsulation (home link -> tunnel)
  | 'no-binding' // destination is no registered home address
  | 'bad-source' // unspecified, loopback, multicast or link-local: never forwarded (RFC 4291 §2.5)
  | 'hop-limit-exceeded'
  | 'too-big'
  // decapsulation (tunnel -> home network)
  | 'unregistered-care-of' // outer source is no registered care-of address
  | 'not-home-agent-address' // outer destination is not the address that care-of address registered with
  | 'spoofed-inner-source' // inner source is not a home address registered at that care-of address
  | 'not-ipv6-in-ipv6' // the outer header chain does not end in Next Header 41
  | 'unrecognized-option' // RFC 8200 §4.2: an unknown option whose type says discard
  | 'routing-header' // segments left for another node: we are no router of source routes
  | 'ecn-ce-on-not-ect' // RFC 6040 §4.2: congestion marked on a flow that cannot carry it
  // the mobile node's tunnel (no-binding: not registered away from home)
  | 'not-from-home-address' // an original packet whose source is not the home address
  | 'not-from-home-agent' // outer source is not the home agent registered with
  | 'not-to-care-of-address' // outer destination is not the current care-of address
  | 'not-to-home-address' // inner destination is not the home address
  // outer fragments
  | 'bad-fragment' // RFC 8200 §4.5: not a multiple of 8, past 65535 octets, or a second end
  | 'fragment-duplicate'
  | 'fragment-overlap' // RFC 5722: the whole packet goes, fragments still to come included
  | 'reassembly-limit'
  | 'reassembly-timeout' // one per packet abandoned, not per fragment

export interface Drop {
  kind: 'drop'
  reason: DropReason
}

export type TunnelAction = SendTunnelled | SendIcmpError | Forward | Drop
