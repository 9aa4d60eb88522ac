// One table of settings per block, shared by the radvd.conf parser, the YAML decoder and
// validate(): the radvd 2.19 keyword, the YAML key (the radvd name in lowerCamelCase) and the
// schema field (with its unit). A setting without `radvd` exists only in the native format;
// one without `yaml` is accepted from radvd.conf and ignored, as radvd ignores it.
import type {
  AbroConfig,
  DnsslConfig,
  LowpanContextConfig,
  PrefixConfig,
  RaInterfaceConfig,
  RdnssConfig,
  RouteConfig,
} from './schema'

/**
 * switch: on/off. uint32: whole number. seconds: number of seconds, fractions allowed (radvd
 * takes decimals only for the three interval settings). lifetime: uint32 or infinity.
 * preference: low/medium/high. name: an interface name. signed16: Home Agent Preference.
 */
export type ValueKind = 'switch' | 'uint32' | 'seconds' | 'lifetime' | 'preference' | 'name' | 'signed16'

export interface OptionSpec<F extends string = string> {
  radvd?: string
  yaml?: string
  field: F
  kind: ValueKind
  /** Unit for messages: s, ms, bytes, min (60 s). */
  unit?: string
  /** radvd accepts the keyword and ignores it (with a warning). */
  ignored?: boolean
}

export type BlockKind = 'interface' | 'prefix' | 'route' | 'rdnss' | 'dnssl' | 'abro' | 'lowpanco'

const opt = <F extends string>(radvd: string, field: F, kind: ValueKind, unit?: string): OptionSpec<F> => ({
  radvd,
  yaml: radvd[0]!.toLowerCase() + radvd.slice(1),
  field,
  kind,
  ...(unit ? { unit } : {}),
})

const native = <F extends string>(yaml: string, field: F, kind: ValueKind): OptionSpec<F> => ({
  yaml,
  field,
  kind,
})

type ScalarFields<T> = {
  [K in keyof T]: T[K] extends boolean | number | string | undefined ? K : never
}[keyof T] &
  string

export const INTERFACE_OPTIONS: OptionSpec<ScalarFields<RaInterfaceConfig>>[] = [
  opt('IgnoreIfMissing', 'ignoreIfMissing', 'switch'),
  opt('AdvSendAdvert', 'advSendAdvert', 'switch'),
  opt('UnicastOnly', 'unicastOnly', 'switch'),
  native('unrestrictedUnicast', 'unrestrictedUnicast', 'switch'),
  opt('AdvRASolicitedUnicast', 'advRaSolicitedUnicast', 'switch'),
  native('removeAdvOnExit', 'removeAdvOnExit', 'switch'),
  opt('MaxRtrAdvInterval', 'maxRtrAdvIntervalS', 'seconds', 's'),
  opt('MinRtrAdvInterval', 'minRtrAdvIntervalS', 'seconds', 's'),
  opt('MinDelayBetweenRAs', 'minDelayBetweenRasS', 'seconds', 's'),
  opt('AdvManagedFlag', 'advManagedFlag', 'switch'),
  opt('AdvOtherConfigFlag', 'advOtherConfigFlag', 'switch'),
  opt('AdvLinkMTU', 'advLinkMtu', 'uint32', 'bytes'),
  opt('AdvRAMTU', 'advRaMtu', 'uint32', 'bytes'),
  opt('AdvReachableTime', 'advReachableTimeMs', 'uint32', 'ms'),
  opt('AdvRetransTimer', 'advRetransTimerMs', 'uint32', 'ms'),
  opt('AdvCurHopLimit', 'advCurHopLimit', 'uint32'),
  opt('AdvDefaultLifetime', 'advDefaultLifetimeS', 'uint32', 's'),
  opt('AdvDefaultPreference', 'advDefaultPreference', 'preference'),
  opt('AdvSourceLLAddress', 'advSourceLlAddress', 'switch'),
  opt('AdvHomeAgentFlag', 'advHomeAgentFlag', 'switch'),
  opt('AdvHomeAgentInfo', 'advHomeAgentInfo', 'switch'),
  opt('HomeAgentLifetime', 'homeAgentLifetimeS', 'uint32', 's'),
  opt('HomeAgentPreference', 'homeAgentPreference', 'signed16'),
  opt('AdvMobRtrSupportFlag', 'advMobRtrSupportFlag', 'switch'),
  opt('AdvIntervalOpt', 'advIntervalOpt', 'switch'),
]

export const PREFIX_OPTIONS: OptionSpec<ScalarFields<PrefixConfig>>[] = [
  opt('AdvOnLink', 'advOnLink', 'switch'),
  opt('AdvAutonomous', 'advAutonomous', 'switch'),
  opt('AdvRouterAddr', 'advRouterAddr', 'switch'),
  opt('AdvValidLifetime', 'advValidLifetimeS', 'lifetime', 's'),
  opt('AdvPreferredLifetime', 'advPreferredLifetimeS', 'lifetime', 's'),
  opt('DeprecatePrefix', 'deprecatePrefix', 'switch'),
  opt('DecrementLifetimes', 'decrementLifetimes', 'switch'),
  opt('Base6Interface', 'base6Interface', 'name'),
  opt('Base6to4Interface', 'base6to4Interface', 'name'),
]

export const ROUTE_OPTIONS: OptionSpec<ScalarFields<RouteConfig>>[] = [
  opt('AdvRoutePreference', 'advRoutePreference', 'preference'),
  opt('AdvRouteLifetime', 'advRouteLifetimeS', 'lifetime', 's'),
  opt('RemoveRoute', 'removeRoute', 'switch'),
]

export const RDNSS_OPTIONS: OptionSpec[] = [
  // RFC 6106 drafts had a preference and an "open" flag; radvd 2.19 warns and ignores them.
  { radvd: 'AdvRDNSSPreference', field: 'rdnssPreference', kind: 'uint32', ignored: true },
  { radvd: 'AdvRDNSSOpen', field: 'rdnssOpen', kind: 'switch', ignored: true },
  opt<ScalarFields<RdnssConfig>>('AdvRDNSSLifetime', 'advRdnssLifetimeS', 'lifetime', 's'),
  opt<ScalarFields<RdnssConfig>>('FlushRDNSS', 'flushRdnss', 'switch'),
]

export const DNSSL_OPTIONS: OptionSpec<ScalarFields<DnsslConfig>>[] = [
  opt('AdvDNSSLLifetime', 'advDnsslLifetimeS', 'lifetime', 's'),
  opt('FlushDNSSL', 'flushDnssl', 'switch'),
]

export const ABRO_OPTIONS: OptionSpec<ScalarFields<AbroConfig>>[] = [
  opt('AdvVersionLow', 'advVersionLow', 'uint32'),
  opt('AdvVersionHigh', 'advVersionHigh', 'uint32'),
  // radvd 2.19 spells this one with a capital T, unlike the prefix option.
  opt('AdvValidLifeTime', 'advValidLifetimeMin', 'uint32', 'min'),
]

export const LOWPANCO_OPTIONS: OptionSpec<ScalarFields<LowpanContextConfig>>[] = [
  opt('AdvContextLength', 'advContextLength', 'uint32'),
  opt('AdvContextCompressionFlag', 'advContextCompressionFlag', 'switch'),
  opt('AdvContextID', 'advContextId', 'uint32'),
  opt('AdvLifeTime', 'advLifetimeMin', 'uint32', 'min'),
]

export const OPTIONS_BY_BLOCK: Record<BlockKind, readonly OptionSpec[]> = {
  interface: INTERFACE_OPTIONS,
  prefix: PREFIX_OPTIONS,
  route: ROUTE_OPTIONS,
  rdnss: RDNSS_OPTIONS,
  dnssl: DNSSL_OPTIONS,
  abro: ABRO_OPTIONS,
  lowpanco: LOWPANCO_OPTIONS,
}

/** The radvd keyword and YAML key that open a block, and the schema list it fills. */
export const BLOCKS = {
  prefix: { radvd: 'prefix', yaml: 'prefixes', field: 'prefixes' },
  route: { radvd: 'route', yaml: 'routes', field: 'routes' },
  rdnss: { radvd: 'RDNSS', yaml: 'rdnss', field: 'rdnss' },
  dnssl: { radvd: 'DNSSL', yaml: 'dnssl', field: 'dnssl' },
  clients: { radvd: 'clients', yaml: 'clients', field: 'clients' },
  rasrc: { radvd: 'AdvRASrcAddress', yaml: 'advRASrcAddress', field: 'advRaSrcAddresses' },
  abro: { radvd: 'abro', yaml: 'abro', field: 'abro' },
  lowpanco: { radvd: 'lowpanco', yaml: 'lowpanco', field: 'lowpanco' },
} as const

/** Settings of later radvd releases that radvd 2.19 rejects, with what to do instead. */
export const LATER_RADVD_OPTIONS: Record<string, string> = {
  RemoveAdvOnExit: 'set removeAdvOnExit in the YAML config',
  UnrestrictedUnicast: 'set unrestrictedUnicast in the YAML config',
  AdvCaptivePortalAPI: 'the RA engine does not send RFC 8910 options yet',
  AdvDHCPv6PDPreferred: 'the RA engine does not send the DHCPv6-PD preferred (P) flag yet',
  AdvSNACRouterFlag: 'the RA engine does not send the SNAC flag yet',
  nat64prefix: 'the RA engine does not send RFC 8781 PREF64 options yet',
  autoignoreprefixes: 'list the prefixes to advertise explicitly',
}

export function findOption(block: BlockKind, by: 'radvd' | 'yaml', name: string): OptionSpec | undefined {
  return OPTIONS_BY_BLOCK[block].find((o) => o[by] === name)
}

export function optionByField(block: BlockKind, field: string): OptionSpec | undefined {
  return OPTIONS_BY_BLOCK[block].find((o) => o.field === field)
}
