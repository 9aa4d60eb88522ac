// RFC 6275 §11.4.1: where the home agent's address comes from when none is configured.
// - Away: a DHAAD Request from the care-of address to the home prefix's Home-Agents anycast
//   address (RFC 2526), retransmitted INITIAL_DHAAD_TIMEOUT after, doubling, DHAAD_RETRIES
//   times; the reply lists home agents most preferred first, and the next one is tried when
//   one refuses the registration.
// - At home: a router advertising the H flag (§7.1) names its global address in an R-flag
//   prefix (§7.2) of the home prefix.
import { type Ipv6Address, type Ipv6Prefix, inPrefix } from '@mip6/wire'
import { DHAAD_RETRIES, INITIAL_DHAAD_TIMEOUT_MS } from './constants'
import type { HeardRouter } from './movement-detection'

/** The timeout after the request numbered `retransmissions` (0 for the first). */
export function dhaadTimeoutMs(retransmissions: number): number {
  return INITIAL_DHAAD_TIMEOUT_MS * 2 ** retransmissions
}

export function dhaadExhausted(retransmissions: number): boolean {
  return retransmissions >= DHAAD_RETRIES
}

export function homeAgentsOnHomeLink(r: HeardRouter, home: Ipv6Prefix): Ipv6Address[] {
  return r.homeAgent ? r.addresses.filter((a) => inPrefix(a, home)) : []
}
