// What the RA engine hands its adapter: packets to send and things to report.
import type { Ipv6Address, RouterAdvert } from '@mip6/wire'

export interface SendAdvert {
  kind: 'send'
  ifname: string
  /** The interface's link-local address (RFC 4861 §6.1.2: RAs come from it). */
  source: Ipv6Address
  destination: Ipv6Address
  /** Known for unicast replies from the solicitation; the adapter resolves it otherwise. */
  destinationMac: Uint8Array | undefined
  msg: RouterAdvert
  reason: 'unsolicited' | 'solicited' | 'final'
}

/** RFC 6275 §10.5.1: a router on this link said it is a Home Agent (lifetime 0: no longer). */
export interface HomeAgentHeard {
  kind: 'home-agent-heard'
  ifname: string
  linkLocal: Ipv6Address
  /** Global addresses from Prefix Information options with the R flag. */
  addresses: Ipv6Address[]
  preference: number
  lifetimeS: number
}

export interface RaLog {
  kind: 'log'
  level: 'debug' | 'info' | 'warn'
  ifname: string
  message: string
}

export interface RaInterfaceEvent {
  kind: 'event'
  event: 'ra-interface-up' | 'ra-interface-down'
  ifname: string
}

export type RaAction = SendAdvert | HomeAgentHeard | RaLog | RaInterfaceEvent
