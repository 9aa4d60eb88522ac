// RFC 6275 §11.4.2-11.4.3: Mobile Prefix Solicitation and Advertisement, as mip6d does them
// (mpdisc_mn.c):
// - The home prefix's lifetime is known from the home link's RAs or a solicited
//   advertisement; without either, from the binding's lifetime (the home agent caps it at the
//   prefix's, §10.3.1). A solicitation goes out at REFRESH_FRACTION of it.
// - A solicitation unanswered after INITIAL_SOLICIT_TIMER is sent again, the timeout doubling
//   while it is below MAX_BINDACK_TIMEOUT (§11.4.2 names no limit; mip6d borrows the BU's).
// - Only a solicited advertisement is applied, its lifetimes counted from the solicitation;
//   an unsolicited one is answered with a solicitation, whose answer the home agent sends
//   with the Identifier that pairs it (and which stops the home agent's retransmissions).
import type { Ipv6Prefix, MobilePrefixAdvert } from '@mip6/wire'
import { INFINITE_LIFETIME, MAX_BINDACK_TIMEOUT_MS, REFRESH_FRACTION } from './constants'
import { samePrefix } from './movement-detection'

export interface HomePrefixLifetime {
  learnedAt: number
  /** Monotonic ms; Infinity for an infinite lifetime. */
  validUntil: number
}

/** When to solicit; undefined for a prefix that never expires. */
export function solicitAt(l: HomePrefixLifetime): number | undefined {
  if (!Number.isFinite(l.validUntil)) return undefined
  return l.learnedAt + Math.floor((l.validUntil - l.learnedAt) * REFRESH_FRACTION)
}

/** The next retransmission timeout, or undefined to stop. */
export function nextSolicitTimeoutMs(currentMs: number): number | undefined {
  return currentMs < MAX_BINDACK_TIMEOUT_MS ? Math.min(currentMs * 2, MAX_BINDACK_TIMEOUT_MS) : undefined
}

export function lifetimeFrom(validLifetimeS: number, since: number): HomePrefixLifetime {
  return {
    learnedAt: since,
    validUntil:
      validLifetimeS === INFINITE_LIFETIME ? Number.POSITIVE_INFINITY : since + validLifetimeS * 1000,
  }
}

/** The home prefix's Prefix Information option in an advertisement, if it has one. */
export function homePrefixOption(
  msg: MobilePrefixAdvert,
  home: Ipv6Prefix,
): { validLifetimeS: number; preferredLifetimeS: number } | undefined {
  for (const o of msg.options) {
    if (o.kind !== 'prefix-information' || o.preferredLifetimeS > o.validLifetimeS) continue
    if (samePrefix({ address: o.prefix, length: o.prefixLength }, home)) return o
  }
  return undefined
}
