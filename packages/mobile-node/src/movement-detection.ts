// RFC 6275 §11.5.1 movement detection, and seed 001 §3.2.4: what a Router Advertisement says
// about the router that sent it and the link it serves. The engine keeps one current default
// router and the prefix it is attached by (the care-of address's, or the home prefix); these
// functions answer "same router?", "same link?", "at home?" and "when is it lost?".
//
// Rules:
// - A router is known by the global addresses of its R-flag prefixes (RFC 6275 §7.2) when
//   both sides have one, else by its link-local source: routers of different links may share
//   a link-local address.
// - A link is known by its prefixes: an RA that advertises the attachment prefix comes from
//   our link, whichever router sent it. Prefixes missing from one RA say nothing (RFC 4861
//   §6.2.3 lets a router spread them over several RAs); a valid lifetime of 0 withdraws one.
// - At home when an on-link prefix equals the home prefix (RFC 6275 §11.5.1).
import {
  addressEquals,
  type Ipv6Address,
  type Ipv6Prefix,
  maskAddress,
  type PrefixInformation,
  type RouterAdvert,
} from '@mip6/wire'
import { INFINITE_LIFETIME } from './constants'

/** One Prefix Information option as heard, with its lifetimes turned into deadlines. */
export interface AdvertisedPrefix {
  prefix: Ipv6Prefix
  onLink: boolean
  autonomous: boolean
  validLifetimeS: number
  preferredLifetimeS: number
  /** Monotonic ms; Infinity for an infinite lifetime. */
  validUntil: number
}

export interface HeardRouter {
  linkLocal: Ipv6Address
  /** Full addresses from R-flag prefixes (RFC 6275 §7.2). */
  addresses: Ipv6Address[]
  prefixes: AdvertisedPrefix[]
  /** H flag (RFC 6275 §7.1). */
  homeAgent: boolean
  /** Advertisement Interval option (RFC 6275 §7.3), the router's MaxRtrAdvInterval. */
  advIntervalMs: number | undefined
  routerLifetimeS: number
  heardAt: number
}

/** Where the mobile node is attached, for events: the link's prefix and the router's address. */
export interface LinkView {
  atHome: boolean
  prefix: Ipv6Prefix | undefined
  router: Ipv6Address
}

export type MovementReason =
  /** The first router heard after start. */
  | 'start'
  /** A router of another link, while the current one was late (or sends no interval). */
  | 'new-router'
  /** The current router stayed silent for its Advertisement Interval times the factor. */
  | 'router-lost'
  /** The current router's Router Lifetime ran out, or it said 0. */
  | 'router-lifetime'
  /** The current router withdrew, or let expire, the prefix we are attached by. */
  | 'prefix-change'
  /** The link went down; what answered after it came up is another link. */
  | 'link-change'

export function heardRouter(source: Ipv6Address, ra: RouterAdvert, now: number): HeardRouter {
  const prefixes: AdvertisedPrefix[] = []
  const addresses: Ipv6Address[] = []
  let advIntervalMs: number | undefined
  for (const o of ra.options) {
    if (o.kind === 'prefix-information') {
      prefixes.push(advertisedPrefix(o, now))
      if (o.routerAddress) addresses.push(o.prefix)
    } else if (o.kind === 'advertisement-interval') advIntervalMs = o.advIntervalMs
  }
  return {
    linkLocal: source,
    addresses,
    prefixes,
    homeAgent: ra.homeAgent,
    advIntervalMs,
    routerLifetimeS: ra.routerLifetimeS,
    heardAt: now,
  }
}

function advertisedPrefix(o: PrefixInformation, now: number): AdvertisedPrefix {
  return {
    prefix: { address: maskAddress(o.prefix, o.prefixLength), length: o.prefixLength },
    onLink: o.onLink,
    autonomous: o.autonomous,
    validLifetimeS: o.validLifetimeS,
    preferredLifetimeS: o.preferredLifetimeS,
    validUntil:
      o.validLifetimeS === INFINITE_LIFETIME ? Number.POSITIVE_INFINITY : now + o.validLifetimeS * 1000,
  }
}

export function samePrefix(a: Ipv6Prefix, b: Ipv6Prefix): boolean {
  return (
    a.length === b.length && addressEquals(maskAddress(a.address, a.length), maskAddress(b.address, b.length))
  )
}

export function sameRouter(a: HeardRouter, b: HeardRouter): boolean {
  if (a.addresses.length > 0 && b.addresses.length > 0)
    return a.addresses.some((x) => b.addresses.some((y) => addressEquals(x, y)))
  return addressEquals(a.linkLocal, b.linkLocal)
}

/** The router's option for `prefix`, still valid at `now`, on-link or autonomous. */
export function advertisedOption(
  r: HeardRouter,
  prefix: Ipv6Prefix,
  now: number,
): AdvertisedPrefix | undefined {
  return r.prefixes.find(
    (p) => (p.onLink || p.autonomous) && p.validUntil > now && samePrefix(p.prefix, prefix),
  )
}

/** The router says `prefix` is no longer valid (RFC 4861 §6.3.4: valid lifetime 0). */
export function withdraws(r: HeardRouter, prefix: Ipv6Prefix): boolean {
  return r.prefixes.some((p) => p.validLifetimeS === 0 && samePrefix(p.prefix, prefix))
}

export function advertisesHomePrefix(r: HeardRouter, home: Ipv6Prefix, now: number): boolean {
  return r.prefixes.some((p) => p.onLink && p.validUntil > now && samePrefix(p.prefix, home))
}

/** When the router counts as lost for silence; undefined without an Advertisement Interval. */
export function silentUntil(r: HeardRouter, intervals: number): number | undefined {
  return r.advIntervalMs === undefined ? undefined : r.heardAt + r.advIntervalMs * intervals
}

/** RFC 4861 §6.3.4: the default router entry times out after Router Lifetime. */
export function routerExpiresAt(r: HeardRouter): number {
  return r.heardAt + r.routerLifetimeS * 1000
}

export function linkView(r: HeardRouter, atHome: boolean, prefix: Ipv6Prefix | undefined): LinkView {
  return { atHome, prefix, router: r.addresses[0] ?? r.linkLocal }
}
