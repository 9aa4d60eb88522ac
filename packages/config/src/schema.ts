// The native configuration schema: plain objects, units in the field names, no source
// positions (those live in a SourceMap beside the config, see diagnostic.ts).
//
// `nodeConfig`, `homeAgent` and `mobileNode` hold mip6d's settings (UMIP 1.0, mip6d.conf(5))
// plus a few of ours, `console` the router's console. mip6d's defaults are kept except where
// the router cannot do what mip6d does (IPsec, route optimization); defaults.ts says which.
//
// `ra` holds every radvd 2.19 interface option (radvd.conf(5), checked against the grammar
// of /usr/sbin/radvd 2.19), plus two options of later radvd releases that the RA engine
// implements (unrestrictedUnicast, removeAdvOnExit). Derived defaults (MinRtrAdvInterval,
// AdvDefaultLifetime, HomeAgentLifetime, the route/RDNSS/DNSSL lifetimes) are resolved when a
// file is decoded, so every field here holds the value the router will use.
import type { Ipv6Address, Ipv6Prefix } from '@mip6/wire'

export const DATAPLANES = ['auto', 'kernel', 'userspace'] as const
export type Dataplane = (typeof DATAPLANES)[number]

export function isDataplane(text: string): text is Dataplane {
  return (DATAPLANES as readonly string[]).includes(text)
}
export type LogLevel = 'error' | 'warn' | 'info' | 'debug'
/** RFC 4191 §2.1 router and route preference. */
export type Preference = 'low' | 'medium' | 'high'

export interface RouterConfig {
  router: RouterSettings
  interfaces: InterfaceConfig[]
  /** mip6d's NodeConfig: the Mobile IPv6 role. `homeAgent` is set exactly when it is `ha`,
   *  `mobileNode` exactly when it is `mn`. */
  nodeConfig: NodeConfig
  homeAgent?: HomeAgentConfig
  mobileNode?: MobileNodeConfig
  console: ConsoleConfig
  mqtt: MqttConfig
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

// ---- Mobile IPv6 (mip6d.conf, RFC 6275) ----

/** mip6d's NodeConfig HA | MN | CN. */
export type NodeConfig = 'ha' | 'mn' | 'cn'

/** What the home agent answers a BU from a home address with: `allow` (status 0), `deny`
 *  (status 129, administratively prohibited), or a Binding Acknowledgement status as mip6d
 *  takes it (RFC 6275 §6.1.8: below 128 accepts, 128 and above rejects). */
export type BindingAclPolicy = 'allow' | 'deny' | number

export interface HomeAgentConfig {
  /** mip6d `Interface`: the home links, each an interface that also sends RAs with the H flag. */
  interfaces: string[]
  /** HaMaxBindingLife: the longest lifetime granted, seconds (RFC 6275 §10.3.1). */
  maxBindingLifetimeS: number
  /** Ours: the binding cache's capacity; a BU for a new home address beyond it gets BA status
   *  130, insufficient resources (RFC 6275 §6.1.8). */
  maxBindings: number
  /** BindingAclPolicy lines, in file order. */
  bindingAcl: BindingAclEntry[]
  /** DefaultBindingAclPolicy: for home addresses without a bindingAcl entry. */
  defaultBindingAclPolicy: BindingAclPolicy
  /** UseMnHaIPsec: must be false; the router has no IPsec (validate() says so). */
  useMnHaIpsec: boolean
  /** KeyMngMobCapability: the K flag (RFC 6275 §6.1.7); it needs IPsec with IKE. */
  keyMngMobCapability: boolean
  /** DoRouteOptimizationCN: accept route-optimized bindings as a correspondent node. Route
   *  optimization is not implemented; on gives a warning. */
  doRouteOptimizationCn: boolean
  /** CnBindingPolicySet entries. */
  cnBindingPolicies: CnBindingPolicy[]
  /** HaAcceptMobRtr: accept mobile router (NEMO, RFC 3963) registrations. */
  acceptMobRtr: boolean
  /** HaServedPrefix: the aggregated prefixes mobile routers' home addresses come from. */
  servedPrefixes: Ipv6Prefix[]
  /** SendMobPfxAdvs / SendUnsolMobPfxAdvs: Mobile Prefix Advertisements (RFC 6275 §10.6). */
  sendMobPfxAdvs: boolean
  sendUnsolMobPfxAdvs: boolean
  /** MinMobPfxAdvInterval / MaxMobPfxAdvInterval, seconds (RFC 6275 §13). */
  minMobPfxAdvIntervalS: number
  maxMobPfxAdvIntervalS: number
  /** NonVolatileBindingCache: keep the binding cache across restarts (mip6d ignores it). */
  nonVolatileBindingCache: boolean
  /** Ours: Duplicate Address Detection for a home address before accepting its first binding
   *  (RFC 6275 §10.3.1). Off is for labs only. */
  dad: boolean
  /** Ours: Binding Refresh Requests (RFC 6275 §9.5.5, §11.7.4). */
  bindingRefreshRequest: BindingRefreshRequestConfig
  /** Ours: the Authentication Protocol for Mobile IPv6 (RFC 4285), instead of IPsec. */
  authentication?: AuthenticationConfig
  /** IPsecPolicySet blocks, kept as read; the router does not apply them. */
  ipsecPolicySets: IpsecPolicySet[]
}

export interface BindingAclEntry {
  homeAddress: Ipv6Address
  /** A mobile router's Mobile Network Prefixes (RFC 3963), empty for a mobile node. */
  mobileNetworkPrefixes: Ipv6Prefix[]
  policy: BindingAclPolicy
}

export interface CnBindingPolicy {
  peerHomeAddress: Ipv6Address
  /** The local address the BUs come to; absent: any. */
  localAddress?: Ipv6Address
  routeOptimization: boolean
}

export interface BindingRefreshRequestConfig {
  /** Send a BRR this long before a binding expires; 0 sends none. */
  refreshBeforeExpiryS: number
}

/** RFC 4285: Mobility Message Authentication options (MN-HA) in BUs and BAs. */
export interface AuthenticationConfig {
  /** Refuse a BU without a valid MN-HA authentication option (BA status 146,
   *  MIPV6-AUTH-FAIL, RFC 4285). */
  required: boolean
  keys: AuthenticationKey[]
}

/** One MN-HA shared key, found by the mobile node's NAI (Mobile Node Identifier option,
 *  RFC 4283) or by the Mobility SPI of the authentication option; at least one is given. */
export interface AuthenticationKey {
  /** The mobile node's NAI (RFC 4282), e.g. `raven@denali.example`. */
  mnIdentifier?: string
  /** Mobility SPI, 32 bits. */
  spi?: number
  /** The key itself, or `keyFile`, a file the firmware reads it from (exactly one is set). */
  key?: Uint8Array
  keyFile?: string
}

export type IpsecPolicyType =
  | 'homeRegBinding'
  | 'mh'
  | 'mobPfxDisc'
  | 'tunnelHomeTesting'
  | 'tunnelMh'
  | 'tunnelPayload'
  | 'icmp'
  | 'any'

export interface IpsecPolicySet {
  homeAgentAddress: Ipv6Address
  homeAddresses: Ipv6Prefix[]
  policies: IpsecPolicy[]
}

export interface IpsecPolicy {
  type: IpsecPolicyType
  protocols: Array<'esp' | 'ah' | 'ipcomp'>
  /** reqid towards the HA and towards the MN; 0 = none. */
  reqidToHa: number
  reqidToMn: number
  action: 'allow' | 'block'
}

/** For the `mn` role (`mip6-router mn`). */
export interface MobileNodeConfig {
  /** MnHomeLink blocks: one per home address. */
  homeLinks: MnHomeLinkConfig[]
  /** mip6d `Interface`: the interfaces used for mobility. */
  interfaces: MnInterfaceConfig[]
  /** MnMaxHaBindingLife: the lifetime asked of the home agent, seconds. */
  maxHaBindingLifetimeS: number
  /** MnMaxCnBindingLife, seconds (RFC 6275 §12 MAX_RR_BINDING_LIFETIME). */
  maxCnBindingLifetimeS: number
  useMnHaIpsec: boolean
  keyMngMobCapability: boolean
  /** DoRouteOptimizationCN / DoRouteOptimizationMN: not implemented; on gives a warning. */
  doRouteOptimizationCn: boolean
  doRouteOptimizationMn: boolean
  cnBindingPolicies: CnBindingPolicy[]
  discardHaParamProb: boolean
  resetDhaadAtHome: boolean
  flushAllAtHome: boolean
  maxHaConsecutiveResends: number
  /** 0 = resend indefinitely. */
  maxCnConsecutiveResends: number
  sendMobPfxSols: boolean
  useAllInterfaces: boolean
  mobRtrUseExplicitMode: boolean
  useCnBuAck: boolean
  interfaceInitialInitDelayS: number
  routerProbes: number
  /** 0 = the interface's retransmission timer. */
  routerProbeTimeoutS: number
  initialBindackTimeoutFirstRegS: number
  initialBindackTimeoutReRegS: number
  initialSolicitTimerS: number
  optimisticHandoff: boolean
  noHomeReturn: boolean
  ipsecPolicySets: IpsecPolicySet[]
}

export interface MnHomeLinkConfig {
  /** The interface on the home link (MnHomeLink "name"). */
  interface: string
  /** HomeAddress: the home address with its prefix length, e.g. 2001:db8::beef/64. */
  homeAddress: Ipv6Prefix
  /** HomeAgentAddress; absent (or :: in mip6d.conf) = found by DHAAD (RFC 6275 §11.4.1). */
  homeAgentAddress?: Ipv6Address
  /** HomePrefix; absent = the prefix of homeAddress. */
  homePrefix?: Ipv6Prefix
  /** The MNP list after HomeAddress (NEMO). */
  mobileNetworkPrefixes: Ipv6Prefix[]
  isMobRtr: boolean
  useAltCoa: boolean
  /** MnRoPolicy lines. */
  roPolicies: MnRoPolicy[]
}

export interface MnRoPolicy {
  /** The correspondent node; absent: every one. */
  correspondent?: Ipv6Address
  routeOptimization: boolean
}

export interface MnInterfaceConfig {
  name: string
  /** MnIfPreference: 1 is the most preferred, 0 = not used. */
  preference: number
  /** Tunnel: the interface is a tunnel configured outside the router. */
  tunnel: boolean
}

/** The router's console (mip6d's port 7777 virtual terminal). */
export interface ConsoleConfig {
  port: number
  /** An IPv4 or IPv6 literal. */
  bindAddress: string
  /** Commands that change state (as opposed to showing it). */
  allowCommands: boolean
}

/** MQTT telemetry. Unset fields take the telemetry package's defaults; no url: the embedded
 *  broker on 127.0.0.1. Ranges and combinations are checked when telemetry starts. */
export interface MqttConfig {
  /** false: no telemetry at all (`--mqtt none`). */
  enabled: boolean
  url?: string
  username?: string
  /** The password is read from this file, never from the config or the command line. */
  passwordFile?: string
  prefix?: string
  tls: { caFile?: string; certFile?: string; keyFile?: string; verify?: boolean; servername?: string }
  keepaliveS?: number
  statsIntervalS?: number
  eventQueueLimit?: number
  redactMacs?: boolean
  discovery: { enabled?: boolean; prefix?: string }
  commands: { enabled: boolean; allow: string[] }
  /** Port of the embedded broker; 0: a free one. */
  brokerPort?: number
}
