// The native configuration schema: plain objects, units in the field names, no source
// positions (those live in a SourceMap beside the config, see diagnostic.ts).
//
// `ra` holds every radvd 2.19 interface option (radvd.conf(5), checked against the grammar
// of /usr/sbin/radvd 2.19), plus two options of later radvd releases that the RA engine
// implements (unrestrictedUnicast, removeAdvOnExit). Derived defaults (MinRtrAdvInterval,
// AdvDefaultLifetime, HomeAgentLifetime, the route/RDNSS/DNSSL lifetimes) are resolved when a
// file is decoded, so every field here holds the value the router will use.
import type { Ipv6Address, Ipv6Prefix } from '@mip6/wire'

export type Dataplane = 'auto' | 'kernel' | 'userspace'
export type LogLevel = 'error' | 'warn' | 'info' | 'debug'
/** RFC 4191 §2.1 router and route preference. */
export type Preference = 'low' | 'medium' | 'high'

export interface RouterConfig {
  router: RouterSettings
  interfaces: InterfaceConfig[]
}

export interface RouterSettings {
  /** Router id for MQTT topics and the console; the firmware uses the hostname when absent. */
  id?: string
  /** Where the binding cache and other state survive a restart. */
  stateDir: string
  dataplane: Dataplane
  logLevel: LogLevel
}

export interface InterfaceConfig {
  /** Linux interface name (at most 15 characters). */
  name: string
  ra: RaInterfaceConfig
}

/** Router Advertisement settings of one interface: RFC 4861 §6.2.1, RFC 6275 §7.5, radvd.conf(5). */
export interface RaInterfaceConfig {
  ignoreIfMissing: boolean
  advSendAdvert: boolean
  unicastOnly: boolean
  /** Later radvd (2.20): answer RSs from any address even with a `clients` list. */
  unrestrictedUnicast: boolean
  advRaSolicitedUnicast: boolean
  /** Later radvd (2.20): send final RAs with router lifetime 0 on exit; radvd 2.19 always does. */
  removeAdvOnExit: boolean
  maxRtrAdvIntervalS: number
  minRtrAdvIntervalS: number
  minDelayBetweenRasS: number
  advManagedFlag: boolean
  advOtherConfigFlag: boolean
  /** MTU option value in bytes; 0 = no MTU option. */
  advLinkMtu: number
  /** Largest RA radvd builds, in bytes (RFC 6980 fragmentation limit). */
  advRaMtu: number
  advReachableTimeMs: number
  advRetransTimerMs: number
  advCurHopLimit: number
  advDefaultLifetimeS: number
  advDefaultPreference: Preference
  advSourceLlAddress: boolean
  advHomeAgentFlag: boolean
  advHomeAgentInfo: boolean
  homeAgentLifetimeS: number
  /** RFC 6275 §7.4: signed 16 bits, higher is more preferred. */
  homeAgentPreference: number
  advMobRtrSupportFlag: boolean
  advIntervalOpt: boolean
  prefixes: PrefixConfig[]
  routes: RouteConfig[]
  rdnss: RdnssConfig[]
  dnssl: DnsslConfig[]
  /** When non-empty, RAs go to these unicast addresses only and other RSs are refused. */
  clients: Ipv6Address[]
  /** Acceptable RA source addresses (radvd `AdvRASrcAddress`); empty = first link-local. */
  advRaSrcAddresses: Ipv6Address[]
  /** RFC 6775 §4.3 Authoritative Border Router options. */
  abro: AbroConfig[]
  /** RFC 6775 §4.2 6LoWPAN Context options. */
  lowpanco: LowpanContextConfig[]
}

/** All one bits: the "infinity" of prefix, route, RDNSS and DNSSL lifetimes. */
export const INFINITE_LIFETIME = 0xffffffff

/** RFC 4861 §4.6.2 Prefix Information, RFC 6275 §7.2 R flag. */
export interface PrefixConfig {
  prefix: Ipv6Prefix
  advOnLink: boolean
  advAutonomous: boolean
  advRouterAddr: boolean
  /** Seconds; INFINITE_LIFETIME = infinity. */
  advValidLifetimeS: number
  advPreferredLifetimeS: number
  deprecatePrefix: boolean
  decrementLifetimes: boolean
  base6Interface?: string
  base6to4Interface?: string
}

/** RFC 4191 §2.3 Route Information. */
export interface RouteConfig {
  prefix: Ipv6Prefix
  advRoutePreference: Preference
  advRouteLifetimeS: number
  removeRoute: boolean
}

/** RFC 8106 §5.1 Recursive DNS Server option. */
export interface RdnssConfig {
  addresses: Ipv6Address[]
  advRdnssLifetimeS: number
  flushRdnss: boolean
}

/** RFC 8106 §5.2 DNS Search List option. */
export interface DnsslConfig {
  suffixes: string[]
  advDnsslLifetimeS: number
  flushDnssl: boolean
}

export interface AbroConfig {
  /** The 6LBR address. */
  address: Ipv6Address
  advVersionLow: number
  advVersionHigh: number
  /** Units of 60 seconds; 0 means the RFC 6775 default of 10000. */
  advValidLifetimeMin: number
}

export interface LowpanContextConfig {
  advContextLength: number
  advContextCompressionFlag: boolean
  advContextId: number
  /** Units of 60 seconds. */
  advLifetimeMin: number
}
