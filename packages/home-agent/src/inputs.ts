// What the adapter hands the Home Agent: received packets with the IPv6 context the engine
// needs, facts about the home links, and what the RA engine heard of other home agents.
import type {
  HaadRequest,
  Ipv6Address,
  MobilePrefixSolicit,
  NeighborAdvert,
  NeighborSolicit,
} from '@mip6/wire'
import type { HomeLinkFacts, HomePrefixSettings } from './settings'

/** A Mobility Header message (IPv6 next header 135) addressed to us. */
export interface MobilityInput {
  kind: 'mobility'
  ifname: string
  /** The IPv6 Source Address as on the wire (a care-of address when a HAO is present). */
  source: Ipv6Address
  /** The final destination (after a type 2 routing header, if any). */
  destination: Ipv6Address
  /** The Home Address destination option's address, undefined without one. */
  homeAddress: Ipv6Address | undefined
  hasType2Routing: boolean
  hopLimit: number
  /** The whole Mobility Header as received: parsed, checksummed and authenticated here. */
  mh: Uint8Array
  /** The wall clock at reception, for RFC 4285 timestamps and persistence. */
  wallClockMs: number
}

/** Neighbor Solicitation heard on a home link (ICMPv6 checksum already verified). */
export interface NeighborSolicitInput {
  kind: 'neighbor-solicit'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  hopLimit: number
  /** The frame's source MAC, to recognise our own transmissions looped back. */
  sourceMac: Uint8Array | undefined
  msg: NeighborSolicit
}

export interface NeighborAdvertInput {
  kind: 'neighbor-advert'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  hopLimit: number
  sourceMac: Uint8Array | undefined
  msg: NeighborAdvert
}

/** RFC 6275 §10.5: a DHAAD Request, normally to a home prefix's Home-Agents anycast address. */
export interface HaadRequestInput {
  kind: 'haad-request'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  msg: HaadRequest
}

/** RFC 6275 §10.6: a Mobile Prefix Solicitation, from a care-of address with a HAO. */
export interface MobilePrefixSolicitInput {
  kind: 'mobile-prefix-solicit'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  homeAddress: Ipv6Address | undefined
  msg: MobilePrefixSolicit
}

/**
 * RFC 6275 §9.3.1: any other packet addressed to us that carries a Home Address option (an
 * echo request, a TCP segment, ...). Without a binding of that home address to the packet's
 * source it is refused with a Binding Error, status 1.
 */
export interface HomeAddressOptionInput {
  kind: 'home-address-option'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  homeAddress: Ipv6Address
}

/**
 * RFC 6275 §10.5.1: a router on a home link said it is a Home Agent (lifetime 0: no longer).
 * The RA engine's action of the same kind, passed on unchanged.
 */
export interface HomeAgentHeardInput {
  kind: 'home-agent-heard'
  ifname: string
  linkLocal: Ipv6Address
  addresses: Ipv6Address[]
  preference: number
  lifetimeS: number
}

/** What the OS says of a home interface now; undefined when it does not exist. */
export interface LinkInput {
  kind: 'link'
  ifname: string
  link: HomeLinkFacts | undefined
}

/** The home prefixes of a link changed (e.g. the RA configuration was reloaded). */
export interface HomePrefixesInput {
  kind: 'home-prefixes'
  ifname: string
  prefixes: HomePrefixSettings[]
}

export type HaInput =
  | MobilityInput
  | NeighborSolicitInput
  | NeighborAdvertInput
  | HaadRequestInput
  | MobilePrefixSolicitInput
  | HomeAddressOptionInput
  | HomeAgentHeardInput
  | LinkInput
  | HomePrefixesInput
