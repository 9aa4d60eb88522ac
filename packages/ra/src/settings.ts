// What the engine needs to know of one advertising interface: radvd's per-interface settings,
// already defaulted and validated by the config package, with units in the names.
import type { Ipv6Address, Ipv6Prefix, RouterPreference } from '@mip6/wire'

export interface RaPrefixSettings {
  prefix: Ipv6Prefix
  advOnLink: boolean
  advAutonomous: boolean
  /** R flag, RFC 6275 §7.2: the option carries the router's full address on this prefix. */
  advRouterAddr: boolean
  advValidLifetimeS: number
  advPreferredLifetimeS: number
  /** On ceasing, advertise preferred 0 and valid two hours (RFC 4862 §5.5.3 e). */
  deprecatePrefix: boolean
  /** Count the lifetimes down in real time from when advertising began (RFC 4861 §6.2.1). */
  decrementLifetimes: boolean
}

export interface RaRouteSettings {
  prefix: Ipv6Prefix
  advRoutePreference: RouterPreference
  advRouteLifetimeS: number
  /** On ceasing, advertise the route with lifetime 0. */
  removeRoute: boolean
}

export interface RaRdnssSettings {
  addresses: Ipv6Address[]
  advRdnssLifetimeS: number
  flushRdnss: boolean
}

export interface RaDnsslSettings {
  suffixes: string[]
  advDnsslLifetimeS: number
  flushDnssl: boolean
}

export interface RaInterfaceSettings {
  name: string
  advSendAdvert: boolean
  /** Never multicast: answer solicitations by unicast only. */
  unicastOnly: boolean
  /** Answer a solicitation with a source address by unicast (RFC 7772 §5.1). */
  advRaSolicitedUnicast: boolean
  maxRtrAdvIntervalMs: number
  minRtrAdvIntervalMs: number
  minDelayBetweenRasMs: number
  advManagedFlag: boolean
  advOtherConfigFlag: boolean
  /** 0: no MTU option. */
  advLinkMtu: number
  advReachableTimeMs: number
  advRetransTimerMs: number
  advCurHopLimit: number
  advDefaultLifetimeS: number
  advDefaultPreference: RouterPreference
  advSourceLlAddress: boolean
  /** H flag, RFC 6275 §7.1. */
  advHomeAgentFlag: boolean
  advHomeAgentInfo: boolean
  homeAgentLifetimeS: number
  homeAgentPreference: number
  /** The R bit of the Home Agent Information option (RFC 3963 §7.1, NEMO). */
  advMobRtrSupportFlag: boolean
  /** Advertisement Interval option, RFC 6275 §7.3. */
  advIntervalOpt: boolean
  /** Send final RAs with router lifetime 0 when advertising stops. */
  removeAdvOnExit: boolean
  prefixes: RaPrefixSettings[]
  routes: RaRouteSettings[]
  rdnss: RaRdnssSettings[]
  dnssl: RaDnsslSettings[]
  /** When non-empty, RAs go by unicast to these addresses only, and only they are answered. */
  clients: Ipv6Address[]
  /** With a clients list, still answer other hosts' solicitations by unicast. */
  unrestrictedUnicast: boolean
  /** Preferred RA source addresses (radvd's AdvRASrcAddress), first present one wins. */
  advRaSrcAddresses: Ipv6Address[]
  /** RAs larger than this many bytes are reported (RFC 6980 §5: RAs must not fragment). */
  advRaMtu: number
}

/** What the engine learns of a link from the operating system. */
export interface LinkFacts {
  /** Administratively up with carrier. */
  up: boolean
  mac: Uint8Array | undefined
  /** The link-local address once DAD has finished with it (RFC 4861 §6.1.2: RAs come from it). */
  linkLocal: Ipv6Address | undefined
  /** Every usable link-local address, for AdvRASrcAddress to choose from. */
  linkLocals: Ipv6Address[]
  /** Global addresses, for the R flag's full router address (RFC 6275 §7.2). */
  addresses: Ipv6Address[]
}
