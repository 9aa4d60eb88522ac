// Building blocks both decoders fill: a draft of an interface's RA settings whose derived
// defaults are resolved once the whole interface has been read, and new blocks with their
// defaults.
import type { Ipv6Address, Ipv6Prefix } from '@mip6/wire'
import {
  ABRO_DEFAULTS,
  BRR_REFRESH_BEFORE_EXPIRY_S,
  CONSOLE_DEFAULTS,
  DEFAULT_NODE_CONFIG,
  DNSSL_DEFAULTS,
  defaultAdvDefaultLifetimeS,
  defaultDnsslLifetimeS,
  defaultHomeAgentLifetimeS,
  defaultMinRtrAdvIntervalS,
  defaultRdnssLifetimeS,
  defaultRouteLifetimeS,
  HOME_AGENT_DEFAULTS,
  LOWPANCO_DEFAULTS,
  MN_IF_PREFERENCE_DEFAULT,
  MOBILE_NODE_DEFAULTS,
  PREFIX_DEFAULTS,
  RA_DEFAULTS,
  RDNSS_DEFAULTS,
  ROUTE_DEFAULTS,
  ROUTER_DEFAULTS,
} from './defaults'
import type {
  AbroConfig,
  DnsslConfig,
  HomeAgentConfig,
  LowpanContextConfig,
  MnInterfaceConfig,
  MobileNodeConfig,
  PrefixConfig,
  RaInterfaceConfig,
  RdnssConfig,
  RouteConfig,
  RouterConfig,
} from './schema'

type DerivedField = 'minRtrAdvIntervalS' | 'advDefaultLifetimeS' | 'homeAgentLifetimeS'

/** RA settings with the defaults that depend on other settings still open. */
export type RaDraft = Omit<RaInterfaceConfig, DerivedField> & Partial<Pick<RaInterfaceConfig, DerivedField>>

export function newRaDraft(): RaDraft {
  return {
    ...RA_DEFAULTS,
    prefixes: [],
    routes: [],
    rdnss: [],
    dnssl: [],
    clients: [],
    advRaSrcAddresses: [],
    abro: [],
    lowpanco: [],
  }
}

/** Fills MinRtrAdvInterval, AdvDefaultLifetime and HomeAgentLifetime from the final values. */
export function resolveRa(draft: RaDraft): RaInterfaceConfig {
  const minRtrAdvIntervalS = draft.minRtrAdvIntervalS ?? defaultMinRtrAdvIntervalS(draft.maxRtrAdvIntervalS)
  const advDefaultLifetimeS =
    draft.advDefaultLifetimeS ?? defaultAdvDefaultLifetimeS(draft.maxRtrAdvIntervalS)
  const homeAgentLifetimeS = draft.homeAgentLifetimeS ?? defaultHomeAgentLifetimeS(advDefaultLifetimeS)
  return { ...draft, minRtrAdvIntervalS, advDefaultLifetimeS, homeAgentLifetimeS }
}

export function defaultRaConfig(): RaInterfaceConfig {
  return resolveRa(newRaDraft())
}

export function defaultRouterConfig(): RouterConfig {
  return {
    router: { ...ROUTER_DEFAULTS },
    interfaces: [],
    nodeConfig: DEFAULT_NODE_CONFIG,
    console: { ...CONSOLE_DEFAULTS },
    mqtt: { enabled: true, tls: {}, discovery: {}, commands: { enabled: false, allow: [] } },
  }
}

export function defaultHomeAgentConfig(): HomeAgentConfig {
  return {
    ...HOME_AGENT_DEFAULTS,
    interfaces: [],
    bindingAcl: [],
    cnBindingPolicies: [],
    servedPrefixes: [],
    bindingRefreshRequest: { refreshBeforeExpiryS: BRR_REFRESH_BEFORE_EXPIRY_S },
    ipsecPolicySets: [],
  }
}

export function defaultMobileNodeConfig(): MobileNodeConfig {
  return {
    ...MOBILE_NODE_DEFAULTS,
    homeLinks: [],
    interfaces: [],
    cnBindingPolicies: [],
    ipsecPolicySets: [],
  }
}

export function newMnInterface(name: string): MnInterfaceConfig {
  return { name, preference: MN_IF_PREFERENCE_DEFAULT, tunnel: false }
}

export function newPrefix(prefix: Ipv6Prefix): PrefixConfig {
  return { prefix, ...PREFIX_DEFAULTS }
}

/** `maxRtrAdvIntervalS` is the interval the route's default lifetime derives from. */
export function newRoute(prefix: Ipv6Prefix, maxRtrAdvIntervalS: number): RouteConfig {
  return { prefix, ...ROUTE_DEFAULTS, advRouteLifetimeS: defaultRouteLifetimeS(maxRtrAdvIntervalS) }
}

export function newRdnss(addresses: Ipv6Address[], maxRtrAdvIntervalS: number): RdnssConfig {
  return { addresses, advRdnssLifetimeS: defaultRdnssLifetimeS(maxRtrAdvIntervalS), ...RDNSS_DEFAULTS }
}

export function newDnssl(suffixes: string[], maxRtrAdvIntervalS: number): DnsslConfig {
  return { suffixes, advDnsslLifetimeS: defaultDnsslLifetimeS(maxRtrAdvIntervalS), ...DNSSL_DEFAULTS }
}

export function newAbro(address: Ipv6Address): AbroConfig {
  return { address, ...ABRO_DEFAULTS }
}

export function newLowpanco(): LowpanContextConfig {
  return { ...LOWPANCO_DEFAULTS }
}

/** Sets a scalar setting by its schema field name (the option tables name fields as strings). */
export function setField(target: object, field: string, value: unknown): void {
  ;(target as Record<string, unknown>)[field] = value
}
