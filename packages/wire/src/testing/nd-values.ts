// Neighbor Discovery values the tests and benches share, with seed 002's numbers: the Prefix
// Information denali advertises (radvd's default lifetimes) and a Router Advertisement whose
// fields a test sets only where it looks.
import { type Ipv6Address, mustParse } from '../ipv6-address'
import type { PrefixInformation } from '../nd-option-prefix-info'
import type { RouterAdvert } from '../nd-router-advert'

/** /64 with L, A and R (RFC 6275 §7.2), valid 86400 s and preferred 14400 s as radvd sends. */
export function routerPrefixInformation(prefix: Ipv6Address = mustParse('2001:db8::')): PrefixInformation {
  return {
    kind: 'prefix-information',
    prefixLength: 64,
    onLink: true,
    autonomous: true,
    routerAddress: true,
    reserved1: 0,
    validLifetimeS: 86400,
    preferredLifetimeS: 14400,
    reserved2: 0,
    prefix,
  }
}

/** An RA with hop limit 64, no flags, medium preference, router lifetime 1800 s, no options. */
export function routerAdvert(fields: Partial<RouterAdvert> = {}): RouterAdvert {
  return {
    kind: 'router-advert',
    code: 0,
    checksum: 0,
    curHopLimit: 64,
    managed: false,
    other: false,
    homeAgent: false,
    routerPreference: 'medium',
    proxy: false,
    reserved: 0,
    routerLifetimeS: 1800,
    reachableTimeMs: 0,
    retransTimerMs: 0,
    options: [],
    ...fields,
  }
}
