// Builds the Router Advertisement an interface sends: RFC 4861 §4.2/§6.2.3 with the Mobile
// IPv6 parts of RFC 6275 §7.1-7.4. Option order follows radvd (prefixes, routes, RDNSS, DNSSL,
// MTU, source link-layer address, Advertisement Interval, Home Agent Information) so captures
// of the two line up.
//
// Departure from radvd, on purpose: radvd 2.19 advertises MaxRtrAdvInterval + 20 ms in the
// Advertisement Interval option when MaxRtrAdvInterval is under 0.2 s; RFC 6275 §7.3 says the
// option carries MaxRtrAdvInterval, and that is what we send.
import {
  addressEquals,
  dnssl,
  type Ipv6Address,
  inPrefix,
  maskAddress,
  type NdOption,
  type RouterAdvert,
} from '@mip6/wire'
import { DEPRECATED_PREFIX_VALID_LIFETIME_S, INFINITE_LIFETIME } from './constants'
import type { LinkFacts, RaInterfaceSettings, RaPrefixSettings } from './settings'

/** RFC 6275 §7.4: the R bit of the Home Agent Information option's first reserved octet. */
const HA_INFO_MOBILE_ROUTER_FLAG = 0x8000

export interface AdvertState {
  /** The router is ceasing to advertise: router lifetime 0 and the withdrawals of radvd. */
  ceasing: boolean
  /** IPv6 forwarding is off, so this node is not a router: lifetime 0 (RFC 4861 §6.2.2). */
  forwarding: boolean
  /** ms the interface has been advertising, for decrementing lifetimes. */
  advertisingForMs: number
}

export function buildAdvert(s: RaInterfaceSettings, link: LinkFacts, state: AdvertState): RouterAdvert {
  const options: NdOption[] = []
  const elapsedS = Math.floor(state.advertisingForMs / 1000)
  for (const p of s.prefixes) {
    const option = prefixOption(p, link, state, elapsedS)
    if (option) options.push(option)
  }
  for (const r of s.routes) {
    options.push({
      kind: 'route-information',
      prefixLength: r.prefix.length,
      preference: r.advRoutePreference,
      reserved: 0,
      routeLifetimeS: state.ceasing && r.removeRoute ? 0 : r.advRouteLifetimeS,
      prefix: maskAddress(r.prefix.address, r.prefix.length),
    })
  }
  for (const r of s.rdnss) {
    options.push({
      kind: 'rdnss',
      reserved: 0,
      lifetimeS: state.ceasing && r.flushRdnss ? 0 : r.advRdnssLifetimeS,
      addresses: r.addresses,
    })
  }
  for (const d of s.dnssl)
    options.push(dnssl(d.suffixes, state.ceasing && d.flushDnssl ? 0 : d.advDnsslLifetimeS))
  if (s.advLinkMtu !== 0) options.push({ kind: 'mtu', reserved: 0, mtu: s.advLinkMtu })
  if (s.advSourceLlAddress && link.mac) options.push({ kind: 'source-lla', address: link.mac })
  if (s.advIntervalOpt)
    options.push({ kind: 'advertisement-interval', reserved: 0, advIntervalMs: s.maxRtrAdvIntervalMs })
  if (homeAgentInfoNeeded(s)) {
    options.push({
      kind: 'home-agent-information',
      reserved: s.advMobRtrSupportFlag ? HA_INFO_MOBILE_ROUTER_FLAG : 0,
      homeAgentPreference: s.homeAgentPreference,
      homeAgentLifetimeS: s.homeAgentLifetimeS,
    })
  }
  return {
    kind: 'router-advert',
    code: 0,
    checksum: 0,
    curHopLimit: s.advCurHopLimit,
    managed: s.advManagedFlag,
    other: s.advOtherConfigFlag,
    homeAgent: s.advHomeAgentFlag,
    routerPreference: s.advDefaultPreference,
    proxy: false,
    reserved: 0,
    routerLifetimeS: state.ceasing || !state.forwarding ? 0 : s.advDefaultLifetimeS,
    reachableTimeMs: s.advReachableTimeMs,
    retransTimerMs: s.advRetransTimerMs,
    options,
  }
}

/**
 * RFC 6275 §7.4: without the option a host assumes preference 0 and the router lifetime, so
 * (as radvd does) it is sent only when it says something else.
 */
function homeAgentInfoNeeded(s: RaInterfaceSettings): boolean {
  return (
    s.advHomeAgentInfo &&
    (s.advMobRtrSupportFlag || s.homeAgentPreference !== 0 || s.homeAgentLifetimeS !== s.advDefaultLifetimeS)
  )
}

function decrement(lifetimeS: number, elapsedS: number): number {
  return lifetimeS === INFINITE_LIFETIME ? lifetimeS : Math.max(0, lifetimeS - elapsedS)
}

function prefixOption(
  p: RaPrefixSettings,
  link: LinkFacts,
  state: AdvertState,
  elapsedS: number,
): NdOption | undefined {
  let valid = p.advValidLifetimeS
  let preferred = p.advPreferredLifetimeS
  if (state.ceasing && p.deprecatePrefix) {
    valid = DEPRECATED_PREFIX_VALID_LIFETIME_S
    preferred = 0
  } else if (p.decrementLifetimes) {
    valid = decrement(valid, elapsedS)
    preferred = decrement(preferred, elapsedS)
    // radvd stops advertising a prefix whose preferred lifetime has run out.
    if (preferred === 0) return undefined
  }
  return {
    kind: 'prefix-information',
    prefixLength: p.prefix.length,
    onLink: p.advOnLink,
    autonomous: p.advAutonomous,
    routerAddress: p.advRouterAddr,
    reserved1: 0,
    validLifetimeS: valid,
    preferredLifetimeS: preferred,
    reserved2: 0,
    prefix: p.advRouterAddr ? routerAddressOn(p, link) : maskAddress(p.prefix.address, p.prefix.length),
  }
}

/**
 * RFC 6275 §7.2: with R set the Prefix field holds the router's global address on the prefix.
 * A configured address with host bits is taken as that address (radvd sends what is written);
 * a bare prefix takes the interface's own address on it, when it has one.
 */
function routerAddressOn(p: RaPrefixSettings, link: LinkFacts): Ipv6Address {
  const masked = maskAddress(p.prefix.address, p.prefix.length)
  if (!addressEquals(masked, p.prefix.address)) return p.prefix.address
  return link.addresses.find((a) => inPrefix(a, p.prefix)) ?? p.prefix.address
}
