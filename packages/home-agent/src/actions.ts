// What the Home Agent hands its adapter: messages to send (the adapter encodes them with
// `wire`, fills checksums and builds the IPv6 header and its extension headers), changes for
// the data plane (tunnels, proxy ND) and events for telemetry.
import type {
  HaadReply,
  Ipv6Address,
  MobilePrefixAdvert,
  MobilityMessage,
  NeighborAdvert,
  NeighborSolicit,
} from '@mip6/wire'
import type { BindingEventName, BindingView } from './binding-lifecycle'

export interface SendMobility {
  kind: 'send-mh'
  /** The interface the triggering packet came in on, or the home link; routing decides. */
  ifname: string | undefined
  source: Ipv6Address
  destination: Ipv6Address
  /** A type 2 routing header holding this address (RFC 6275 §6.4): BAs to a care-of address. */
  type2Routing: Ipv6Address | undefined
  /** Send inside the binding's tunnel to this care-of address (a BRR to a home address). */
  tunnelTo: Ipv6Address | undefined
  msg: MobilityMessage
  reason: 'binding-ack' | 'binding-error' | 'binding-refresh-request'
}

export interface SendIcmp {
  kind: 'send-icmp'
  ifname: string | undefined
  /** The unspecified address for DAD probes (RFC 4862 §5.4.2). */
  source: Ipv6Address
  destination: Ipv6Address
  /** Known for replies to a solicitation that named its link-layer address. */
  destinationMac: Uint8Array | undefined
  type2Routing: Ipv6Address | undefined
  /** 255 for Neighbor Discovery; undefined: the interface default. */
  hopLimit: number | undefined
  msg: NeighborSolicit | NeighborAdvert | HaadReply | MobilePrefixAdvert
  reason:
    | 'dad-probe'
    | 'proxy-announce'
    | 'proxy-reply'
    | 'dad-defence'
    | 'haad-reply'
    | 'mobile-prefix-advert'
}

/**
 * Start or stop intercepting an address on a home link (RFC 6275 §10.4.1). An adapter using
 * the kernel's proxy NDP adds or removes the entry; the engine answers NSs itself as well, so
 * such an adapter should not pass NSs for proxied addresses in, or not send the replies.
 */
export interface ProxyChange {
  kind: 'proxy-start' | 'proxy-stop'
  ifname: string
  address: Ipv6Address
  homeAddress: Ipv6Address
}

/** For the data plane: install, update or remove the tunnel and routes of a binding. */
export interface BindingChange {
  kind: 'binding-added' | 'binding-changed' | 'binding-removed'
  binding: BindingView
  /** binding-changed: the care-of address moved (the tunnel endpoint changes). */
  careOfAddressChanged: boolean
}

export interface HaEvent {
  kind: 'event'
  event: BindingEventName
  homeAddress: Ipv6Address
  careOfAddress: Ipv6Address
  /** The BA status for binding-rejected; 0 for the others that answered a BU. */
  status: number | undefined
  binding: BindingView | undefined
}

export interface HaLog {
  kind: 'log'
  level: 'debug' | 'info' | 'warn'
  ifname: string | undefined
  message: string
}

export type HaAction = SendMobility | SendIcmp | ProxyChange | BindingChange | HaEvent | HaLog
