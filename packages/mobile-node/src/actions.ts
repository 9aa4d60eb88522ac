// What the mobile node hands its adapter: messages to send (the adapter encodes them with
// `wire`, fills checksums and builds the IPv6 header and its extension headers), changes for
// the host (addresses, the tunnel to the home agent) and events for a timeline.
import type {
  BindingUpdate,
  HaadRequest,
  Ipv6Address,
  MobilePrefixSolicit,
  NeighborAdvert,
  RouterSolicit,
} from '@mip6/wire'
import type { LinkView, MovementReason } from './movement-detection'

/**
 * RFC 6275 §11.7.1: a home registration, from the care-of address with the home address in
 * a Home Address destination option. RFC 6275 §11.5.4: a deregistration from the home link
 * is sent from the home address, without that option (`homeAddress` undefined). The MH
 * checksum's pseudo-header takes the home address as source either way (§6.1.1).
 */
export interface SendBindingUpdate {
  kind: 'send-bu'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  /** The Home Address destination option's address; undefined: no option. */
  homeAddress: Ipv6Address | undefined
  msg: BindingUpdate
}

export interface SendIcmp {
  kind: 'send-icmp'
  ifname: string
  source: Ipv6Address
  destination: Ipv6Address
  /** A Home Address destination option (Mobile Prefix Solicitations, RFC 6275 §11.4.2). */
  homeAddress: Ipv6Address | undefined
  /** 255 for Neighbor Discovery; undefined: the interface default. */
  hopLimit: number | undefined
  msg: RouterSolicit | NeighborAdvert | HaadRequest | MobilePrefixSolicit
  reason: 'router-solicit' | 'home-announce' | 'dhaad-request' | 'mobile-prefix-solicit'
}

/**
 * Configure an address on the interface (idempotent: `ip addr replace`). `dad` false only for
 * the home address on returning home (RFC 6275 §11.5.4); `optimistic` marks it usable during
 * DAD (RFC 4429); a `dad-result` input is expected whenever `dad` is true.
 */
export interface AddressAdd {
  kind: 'address-add'
  ifname: string
  address: Ipv6Address
  prefixLength: number
  role: 'care-of' | 'home'
  dad: boolean
  optimistic: boolean
  /** 0xffffffff is infinity, as in the Prefix Information option. */
  validLifetimeS: number
  preferredLifetimeS: number
}

export interface AddressRemove {
  kind: 'address-remove'
  ifname: string
  address: Ipv6Address
  role: 'care-of' | 'home'
}

/**
 * The mobile node's end of the bidirectional tunnel (RFC 6275 §11.3.1, RFC 2473): the home
 * address on a tunnel interface (mip6d's ip6tnl1), packets from it encapsulated from the
 * care-of address to the home agent. A second tunnel-up moves the endpoints.
 */
export interface TunnelUp {
  kind: 'tunnel-up'
  ifname: string
  careOf: Ipv6Address
  homeAgent: Ipv6Address
  homeAddress: Ipv6Address
}

export interface TunnelDown {
  kind: 'tunnel-down'
  ifname: string
  careOf: Ipv6Address
  homeAgent: Ipv6Address
  homeAddress: Ipv6Address
}

/** What happened, for a timeline (handover blackout is registered.now - movement.now). */
export type MnEventBody =
  | { event: 'movement-detected'; from: LinkView | undefined; to: LinkView; reason: MovementReason }
  | { event: 'router-lost'; router: Ipv6Address; reason: MovementReason }
  | {
      event: 'bu-sent'
      seq: number
      /** 0 for the first transmission, then each retransmission. */
      attempt: number
      lifetimeS: number
      careOf: Ipv6Address
      homeAgent: Ipv6Address
    }
  | { event: 'ba-received'; status: number; seq: number; lifetimeS: number }
  | { event: 'registered'; careOf: Ipv6Address; homeAgent: Ipv6Address; lifetimeS: number }
  | { event: 'bu-rejected'; status: number; willRetry: boolean }
  | { event: 'binding-expired'; careOf: Ipv6Address; homeAgent: Ipv6Address }
  | { event: 'binding-error'; status: number; from: Ipv6Address }
  | { event: 'returned-home'; deregistered: boolean }
  | { event: 'home-agent-discovered'; homeAgents: Ipv6Address[]; via: 'dhaad' | 'router-advert' }
  | { event: 'dhaad-failed' }
  | { event: 'mobile-prefix-updated'; validLifetimeS: number }
  | { event: 'care-of-duplicate'; address: Ipv6Address }

export type MnEvent = { kind: 'event'; now: number } & MnEventBody

export interface MnLog {
  kind: 'log'
  level: 'debug' | 'info' | 'warn'
  message: string
}

export type MnAction =
  | SendBindingUpdate
  | SendIcmp
  | AddressAdd
  | AddressRemove
  | TunnelUp
  | TunnelDown
  | MnEvent
  | MnLog
