// What the adapter hands the mobile node: received packets, already parsed with `wire` and
// checksummed, with the IPv6 context the engine needs, and facts about the interface.
import type { HaadReply, Ipv6Address, MobilePrefixAdvert, MobilityMessage, RouterAdvert } from '@mip6/wire'

/** A Router Advertisement heard on an interface (RFC 4861 §6.1.2 is checked here). */
export interface RouterAdvertInput {
  kind: 'router-advert'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  hopLimit: number
  msg: RouterAdvert
}

/**
 * A Mobility Header message for us: a Binding Acknowledgement, Binding Refresh Request or
 * Binding Error (RFC 6275 §11.7.3, §11.7.4, §11.3.6); other kinds are counted and dropped.
 */
export interface MobilityInput {
  kind: 'mobility'
  ifname: string
  source: Ipv6Address
  /** The final destination (after a type 2 routing header, if any). */
  destination: Ipv6Address
  msg: MobilityMessage
}

/** RFC 6275 §11.4.1: the answer to our DHAAD Request. */
export interface HaadReplyInput {
  kind: 'haad-reply'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  msg: HaadReply
}

/** RFC 6275 §11.4.3: a Mobile Prefix Advertisement from the home agent. */
export interface MobilePrefixAdvertInput {
  kind: 'mobile-prefix-advert'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  msg: MobilePrefixAdvert
}

/** The interface's link came up or went down (Wi-Fi association, carrier); up until told. */
export interface LinkInput {
  kind: 'link'
  ifname: string
  up: boolean
}

/** RFC 4862 §5.4: how DAD ended for an address an `address-add` asked to check. */
export interface DadResultInput {
  kind: 'dad-result'
  ifname: string
  address: Ipv6Address
  duplicate: boolean
}

export type MnInput =
  | RouterAdvertInput
  | MobilityInput
  | HaadReplyInput
  | MobilePrefixAdvertInput
  | LinkInput
  | DadResultInput
