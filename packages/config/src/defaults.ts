// Defaults and limits of the RA settings: RFC 4861 §6.2.1 (router configuration variables),
// RFC 4861 §10 (protocol constants), RFC 6275 §7.3-§7.5 (Mobile IPv6 changes to RAs), and
// radvd 2.19 where radvd chose a value of its own. Where radvd and the RFC differ we keep
// radvd's value, so an imported radvd.conf gives the same RAs; each case says so.
//
// radvd 2.19 facts below were checked against the installed binary (Debian 2.19-1): its
// parser via `radvd --configtest`, its run-time checks and its RAs in a network namespace.
import type {
  ConsoleConfig,
  HomeAgentConfig,
  MobileNodeConfig,
  NodeConfig,
  PrefixConfig,
  RaInterfaceConfig,
  RouterSettings,
} from './schema'

/** Interface settings that do not depend on other settings. */
export const RA_DEFAULTS = {
  // radvd: an interface missing at start-up is skipped, not fatal.
  ignoreIfMissing: true,
  // RFC 4861 §6.2.1 AdvSendAdvertisements: default FALSE.
  advSendAdvert: false,
  // radvd: multicast links by default.
  unicastOnly: false,
  // radvd 2.20: a clients list also restricts who may solicit.
  unrestrictedUnicast: false,
  // radvd (RFC 7772 §5.1): answer RSs with unicast RAs.
  advRaSolicitedUnicast: true,
  // radvd 2.19 always sends final RAs with router lifetime 0 (RFC 4861 §6.2.5).
  removeAdvOnExit: true,
  // RFC 4861 §6.2.1 MaxRtrAdvInterval: default 600 seconds.
  maxRtrAdvIntervalS: 600,
  // RFC 4861 §10 MIN_DELAY_BETWEEN_RAS, made a variable by RFC 6275 §7.5; radvd keeps 3 s.
  minDelayBetweenRasS: 3,
  // RFC 4861 §6.2.1 AdvManagedFlag and AdvOtherConfigFlag: default FALSE.
  advManagedFlag: false,
  advOtherConfigFlag: false,
  // RFC 4861 §6.2.1 AdvLinkMTU: default 0, no MTU option.
  advLinkMtu: 0,
  // radvd: RAs are built to fit the IPv6 minimum MTU (RFC 8200 §5), per RFC 6980.
  advRaMtu: 1280,
  // RFC 4861 §6.2.1 AdvReachableTime and AdvRetransTimer: default 0, unspecified.
  advReachableTimeMs: 0,
  advRetransTimerMs: 0,
  // RFC 4861 §6.2.1 AdvCurHopLimit: the IANA default TTL, 64.
  advCurHopLimit: 64,
  // RFC 4191 §2.2: medium.
  advDefaultPreference: 'medium',
  // radvd: include the Source Link-Layer Address option (RFC 4861 §4.2).
  advSourceLlAddress: true,
  // RFC 6275 §7.1/§7.4/§7.3: no Home Agent flag, no Home Agent Information option, no
  // Advertisement Interval option unless configured.
  advHomeAgentFlag: false,
  advHomeAgentInfo: false,
  advIntervalOpt: false,
  // RFC 6275 §7.4 Home Agent Preference: default 0.
  homeAgentPreference: 0,
  // RFC 3963 §6.3 (NEMO) R flag in the Home Agent Information option: off.
  advMobRtrSupportFlag: false,
} as const satisfies Partial<RaInterfaceConfig>

/** RFC 4861 §6.2.1 MinRtrAdvInterval: 0.33 × MaxRtrAdvInterval. The RFC makes it equal to
 *  MaxRtrAdvInterval when that is below 9 s; radvd does not, so such configs fail radvd's
 *  3 s minimum unless MinRtrAdvInterval is set. We follow radvd. */
export function defaultMinRtrAdvIntervalS(maxRtrAdvIntervalS: number): number {
  return 0.33 * maxRtrAdvIntervalS
}

/** RFC 4861 §6.2.1 AdvDefaultLifetime: 3 × MaxRtrAdvInterval; radvd truncates to whole
 *  seconds and never goes below 1. */
export function defaultAdvDefaultLifetimeS(maxRtrAdvIntervalS: number): number {
  return Math.max(1, Math.trunc(3 * maxRtrAdvIntervalS))
}

/** RFC 6275 §7.4 Home Agent Lifetime: the Router Lifetime of the same RA. */
export function defaultHomeAgentLifetimeS(advDefaultLifetimeS: number): number {
  return advDefaultLifetimeS
}

/** radvd.conf(5) AdvRouteLifetime: 3 × MaxRtrAdvInterval, truncated to whole seconds. */
export function defaultRouteLifetimeS(maxRtrAdvIntervalS: number): number {
  return Math.trunc(3 * maxRtrAdvIntervalS)
}

/** radvd 2.19 sends MaxRtrAdvInterval (truncated) as the RDNSS and DNSSL lifetime. Its manual
 *  says 2 × MaxRtrAdvInterval and RFC 8106 §5.1 asks for at least 3 ×; the binary does 1 ×
 *  (observed with rdisc6). Set the lifetimes explicitly for RFC 8106 behaviour. */
export function defaultRdnssLifetimeS(maxRtrAdvIntervalS: number): number {
  return Math.trunc(maxRtrAdvIntervalS)
}

export function defaultDnsslLifetimeS(maxRtrAdvIntervalS: number): number {
  return Math.trunc(maxRtrAdvIntervalS)
}

export const PREFIX_DEFAULTS = {
  // RFC 4861 §6.2.1 AdvOnLinkFlag and AdvAutonomousFlag: TRUE.
  advOnLink: true,
  advAutonomous: true,
  // RFC 6275 §7.2: the R flag only when the prefix field carries the router's address.
  advRouterAddr: false,
  // radvd: one day valid, four hours preferred. RFC 4861 suggests 30 and 7 days.
  advValidLifetimeS: 86_400,
  advPreferredLifetimeS: 14_400,
  // radvd: prefixes are not deprecated on exit, lifetimes are not counted down.
  deprecatePrefix: false,
  decrementLifetimes: false,
} as const satisfies Partial<PrefixConfig>

export const ROUTE_DEFAULTS = {
  // RFC 4191 §2.3: medium.
  advRoutePreference: 'medium',
  // radvd: withdraw the route (lifetime 0) in the final RAs.
  removeRoute: true,
} as const

// radvd: flush RDNSS and DNSSL entries (lifetime 0) in the final RAs.
export const RDNSS_DEFAULTS = { flushRdnss: true } as const
export const DNSSL_DEFAULTS = { flushDnssl: true } as const

// radvd zeroes ABRO and 6CO blocks it does not set; RFC 6775 §4.3 reads a 0 ABRO lifetime as
// 10000 × 60 s.
export const ABRO_DEFAULTS = { advVersionLow: 0, advVersionHigh: 0, advValidLifetimeMin: 0 } as const
export const LOWPANCO_DEFAULTS = {
  advContextLength: 0,
  advContextCompressionFlag: false,
  advContextId: 0,
  advLifetimeMin: 0,
} as const

export const ROUTER_DEFAULTS: RouterSettings = {
  stateDir: '/var/lib/mip6-router',
  dataplane: 'auto',
  logLevel: 'info',
}

/** Limits that validate() applies, with their sources. */
export const LIMITS = {
  // RFC 4861 §6.2.1: MaxRtrAdvInterval 4..1800 s, MinRtrAdvInterval 3 s..0.75 × Max.
  maxRtrAdvIntervalMinS: 4,
  maxRtrAdvIntervalMaxS: 1800,
  minRtrAdvIntervalMinS: 3,
  minRtrAdvIntervalMaxFactor: 0.75,
  // RFC 6275 §7.5: with Mobile IPv6 the minimums drop to 0.07 s and 0.03 s, and
  // MinDelayBetweenRAs may go down to 0.03 s.
  mipv6MaxRtrAdvIntervalMinS: 0.07,
  mipv6MinRtrAdvIntervalMinS: 0.03,
  minDelayBetweenRasMinS: 3,
  mipv6MinDelayBetweenRasMinS: 0.03,
  // RFC 4861 §6.2.1: AdvDefaultLifetime 0 or MaxRtrAdvInterval..9000 s (radvd keeps 9000;
  // RFC 8319 later allows 65535).
  advDefaultLifetimeMaxS: 9000,
  // RFC 8200 §5: IPv6 minimum link MTU.
  minLinkMtu: 1280,
  // radvd: AdvRAMTU is held to 1280..131072.
  maxRaMtu: 131_072,
  // RFC 4861 §6.2.1: AdvReachableTime at most 3,600,000 ms.
  advReachableTimeMaxMs: 3_600_000,
  // RFC 4861 §4.2: Cur Hop Limit is 8 bits.
  advCurHopLimitMax: 255,
  // RFC 6275 §7.4: Home Agent Lifetime must not be 0; radvd caps it at 18.2 hours.
  homeAgentLifetimeMinS: 1,
  homeAgentLifetimeMaxS: 65_520,
  // RFC 6275 §7.4: Home Agent Preference is a signed 16-bit integer.
  homeAgentPreferenceMin: -32_768,
  homeAgentPreferenceMax: 32_767,
  // RFC 8106 §5.1: the Length field (8 bits, units of 8 octets) holds at most 127 addresses.
  rdnssAddressesMax: 127,
  // radvd 2.19's grammar takes at most three addresses per RDNSS line.
  radvdRdnssAddressesMax: 3,
  // RFC 1035 §2.3.4: labels of 63 octets, names of 255 octets (253 characters).
  dnsLabelMax: 63,
  dnsNameMax: 253,
  // RFC 6775 §4.2: Context Length 0..128, CID 4 bits; lifetimes and versions are 16 bits.
  contextLengthMax: 128,
  contextIdMax: 15,
  uint16Max: 0xffff,
  uint32Max: 0xffffffff,
  // Linux IFNAMSIZ (16) including the terminating NUL.
  interfaceNameMax: 15,
} as const

// ---- Mobile IPv6: mip6d (UMIP 1.0) defaults, from its conf.c and mip6d.conf(5), and ours ----

/** mip6d runs as a correspondent node unless NodeConfig says otherwise. The YAML format
 *  infers `ha` or `mn` from a `homeAgent` or `mobileNode` section. */
export const DEFAULT_NODE_CONFIG: NodeConfig = 'cn'

/** RFC 6275 §6.1.7: the BU Lifetime field counts 4-second units in 16 bits, so 262140 s is
 *  the longest binding; mip6d's MAX_BINDING_LIFETIME (0xffff << 2). */
export const MAX_BINDING_LIFETIME_S = 262_140

export const HOME_AGENT_DEFAULTS = {
  // mip6d HaMaxBindingLife: MAX_BINDING_LIFETIME.
  maxBindingLifetimeS: MAX_BINDING_LIFETIME_S,
  // Ours: a few lab networks' worth of mobile nodes; BA status 130 beyond it.
  maxBindings: 1024,
  // mip6d DefaultBindingAclPolicy: allow (IP6_MH_BAS_ACCEPTED).
  defaultBindingAclPolicy: 'allow',
  // mip6d UseMnHaIPsec: enabled. Here disabled: the router has no IPsec.
  useMnHaIpsec: false,
  // mip6d KeyMngMobCapability: disabled.
  keyMngMobCapability: false,
  // mip6d DoRouteOptimizationCN: enabled. Here disabled: route optimization is not implemented.
  doRouteOptimizationCn: false,
  // mip6d HaAcceptMobRtr: disabled.
  acceptMobRtr: false,
  // mip6d SendMobPfxAdvs, SendUnsolMobPfxAdvs: enabled.
  sendMobPfxAdvs: true,
  sendUnsolMobPfxAdvs: true,
  // RFC 6275 §13 and mip6d: MinMobPfxAdvInterval 600 s, MaxMobPfxAdvInterval 86400 s.
  minMobPfxAdvIntervalS: 600,
  maxMobPfxAdvIntervalS: 86_400,
  // mip6d ignores NonVolatileBindingCache (off); the router keeps its binding cache across
  // restarts (DESIGN.md: "a restart keeps the binding cache").
  nonVolatileBindingCache: true,
  // Ours: RFC 6275 §10.3.1 DAD for a new home address.
  dad: true,
} as const satisfies Partial<HomeAgentConfig>

/** Ours: ask for a refresh 10 s before a binding would expire. */
export const BRR_REFRESH_BEFORE_EXPIRY_S = 10

export const MOBILE_NODE_DEFAULTS = {
  // mip6d MnMaxHaBindingLife: MAX_BINDING_LIFETIME; MnMaxCnBindingLife: RFC 6275 §12
  // MAX_RR_BINDING_LIFETIME, 420 s.
  maxHaBindingLifetimeS: MAX_BINDING_LIFETIME_S,
  maxCnBindingLifetimeS: 420,
  // As for the home agent: no IPsec, no route optimization (mip6d enables both).
  useMnHaIpsec: false,
  keyMngMobCapability: false,
  doRouteOptimizationCn: false,
  doRouteOptimizationMn: false,
  // mip6d: MnDiscardHaParamProb, MnResetDhaadAtHome, MnFlushAllAtHome disabled.
  discardHaParamProb: false,
  resetDhaadAtHome: false,
  flushAllAtHome: false,
  // mip6d: 5 BU resends to a home agent found by DHAAD before trying another; to a CN,
  // resend forever (0).
  maxHaConsecutiveResends: 5,
  maxCnConsecutiveResends: 0,
  // mip6d SendMobPfxSols: enabled; MnUseAllInterfaces: disabled; MobRtrUseExplicitMode:
  // enabled; UseCnBuAck: disabled.
  sendMobPfxSols: true,
  useAllInterfaces: false,
  mobRtrUseExplicitMode: true,
  useCnBuAck: false,
  // mip6d InterfaceInitialInitDelay 2 s, MnRouterProbes 0, MnRouterProbeTimeout 0 (use the
  // interface's retransmission timer).
  interfaceInitialInitDelayS: 2,
  routerProbes: 0,
  routerProbeTimeoutS: 0,
  // RFC 6275 §13 InitialBindackTimeoutFirstReg 1.5 s; §12 INITIAL_BINDACK_TIMEOUT 1 s and
  // INITIAL_SOLICIT_TIMER 3 s (mip6d's defaults too).
  initialBindackTimeoutFirstRegS: 1.5,
  initialBindackTimeoutReRegS: 1,
  initialSolicitTimerS: 3,
  // mip6d OptimisticHandoff, NoHomeReturn: disabled.
  optimisticHandoff: false,
  noHomeReturn: false,
} as const satisfies Partial<MobileNodeConfig>

/** mip6d MnIfPreference: POL_MN_IF_DEF_PREFERENCE, 10, the least preferred that is used. */
export const MN_IF_PREFERENCE_DEFAULT = 10

export const CONSOLE_DEFAULTS: ConsoleConfig = {
  // mip6d's virtual terminal port (VT_DEFAULT_SERVICE), on the loopback only.
  port: 7777,
  bindAddress: '127.0.0.1',
  // Ours: read-only until asked.
  allowCommands: false,
}

/** Limits of the Mobile IPv6 settings, with their sources. */
export const MOBILITY_LIMITS = {
  // RFC 6275 §6.1.7 / §6.1.8: lifetimes in 4-second units, 16 bits.
  bindingLifetimeUnitS: 4,
  maxBindingLifetimeS: MAX_BINDING_LIFETIME_S,
  // RFC 6275 §12 MAX_RR_BINDING_LIFETIME (mip6d refuses more for MnMaxCnBindingLife).
  maxRrBindingLifetimeS: 420,
  // mip6d POL_MN_IF_MIN_PREFERENCE: MnIfPreference 0..10.
  mnIfPreferenceMax: 10,
  // Ours: a binding cache of up to 2^20 entries (a typo guard, not a tested capacity).
  maxBindingsMax: 1_048_576,
  // RFC 6275 §6.1.8: BA Status is 8 bits; 128 and up reject.
  baStatusMax: 255,
  baStatusRejectFrom: 128,
  // RFC 2104 §3: an HMAC key shorter than the hash output (20 bytes for SHA-1, which RFC 4285
  // uses) is strongly discouraged.
  hmacSha1KeyMinBytes: 20,
  uint32Max: 0xffffffff,
  portMax: 65_535,
} as const
