// Defaults and limits of the RA settings: RFC 4861 §6.2.1 (router configuration variables),
// RFC 4861 §10 (protocol constants), RFC 6275 §7.3-§7.5 (Mobile IPv6 changes to RAs), and
// radvd 2.19 where radvd chose a value of its own. Where radvd and the RFC differ we keep
// radvd's value, so an imported radvd.conf gives the same RAs; each case says so.
//
// radvd 2.19 facts below were checked against the installed binary (Debian 2.19-1): its
// parser via `radvd --configtest`, its run-time checks and its RAs in a network namespace.
import type { PrefixConfig, RaInterfaceConfig, RouterSettings } from './schema'

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
