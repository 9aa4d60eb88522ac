// RFC 6275 §10.6: Mobile Prefix Advertisements from the Home Agent.
//
// - Solicited (§10.6.1, answering a Mobile Prefix Solicitation): at once, Identifier copied.
// - Unsolicited, when a home prefix changes (§10.6.2): each registered mobile node of the link
//   gets one after MinMobPfxAdvInterval + RANDOM() % |MIN(MaxMobPfxAdvInterval, preferred
//   lifetime) - MinMobPfxAdvInterval| seconds, then as mip6d does, retransmissions after
//   PREFIX_ADV_TIMEOUT, doubling, PREFIX_ADV_RETRIES times, stopped by a Solicitation from that
//   mobile node.
import type { MobilePrefixAdvert } from '@mip6/wire'
import type { MpaSchedule } from './binding-lifecycle'
import { PREFIX_ADV_RETRIES, PREFIX_ADV_TIMEOUT_MS } from './constants'
import type { HomeLinkSettings, HomePrefixSettings } from './settings'

/** Nothing scheduled (mip6d shows it as `mpa - / 0 retry 0`). */
export const IDLE_MPA: Readonly<MpaSchedule> = {
  anchorAt: undefined,
  delayMs: 0,
  retries: 0,
  retransmitting: false,
}

/**
 * The schedule after an unsolicited advertisement went out at `now`: the first retransmission
 * PREFIX_ADV_TIMEOUT later, each next one twice as late, PREFIX_ADV_RETRIES in all, then idle.
 */
export function afterUnsolicitedAdvert(m: MpaSchedule, now: number): MpaSchedule {
  if (!m.retransmitting)
    return { anchorAt: now, delayMs: PREFIX_ADV_TIMEOUT_MS, retries: 0, retransmitting: true }
  if (m.retries + 1 < PREFIX_ADV_RETRIES)
    return { anchorAt: now, delayMs: m.delayMs * 2, retries: m.retries + 1, retransmitting: true }
  return { ...IDLE_MPA }
}

/** The advertisement of a home link's prefixes, with their configured lifetimes. */
export function mobilePrefixAdvert(link: HomeLinkSettings, identifier: number): MobilePrefixAdvert {
  return {
    kind: 'mobile-prefix-advert',
    code: 0,
    checksum: 0,
    identifier,
    managed: link.managed,
    other: link.other,
    reserved: 0,
    options: link.prefixes.map((p) => ({
      kind: 'prefix-information',
      prefixLength: p.prefix.length,
      onLink: p.onLink,
      autonomous: p.autonomous,
      routerAddress: false,
      reserved1: 0,
      validLifetimeS: p.validLifetimeS,
      preferredLifetimeS: p.preferredLifetimeS,
      reserved2: 0,
      prefix: p.prefix.address,
    })),
  }
}

/** RFC 6275 §10.6.2's RandomDelay, in ms. */
export function unsolicitedAdvertDelayMs(
  prefixes: HomePrefixSettings[],
  intervals: { minMobPfxAdvIntervalS: number; maxMobPfxAdvIntervalS: number },
  rng: () => number,
): number {
  const preferred = Math.min(...prefixes.map((p) => p.preferredLifetimeS), Number.POSITIVE_INFINITY)
  const maxScheduleDelay = Math.min(intervals.maxMobPfxAdvIntervalS, preferred)
  const spread = Math.abs(maxScheduleDelay - intervals.minMobPfxAdvIntervalS)
  return (intervals.minMobPfxAdvIntervalS + Math.floor(rng() * spread)) * 1000
}

/** Whether two prefix lists advertise the same thing (order ignored). */
export function samePrefixes(a: HomePrefixSettings[], b: HomePrefixSettings[]): boolean {
  const key = (p: HomePrefixSettings) =>
    `${p.prefix.address.join('.')}/${p.prefix.length} ${p.validLifetimeS} ${p.preferredLifetimeS} ${p.onLink} ${p.autonomous}`
  const ka = a.map(key).sort()
  const kb = b.map(key).sort()
  return ka.length === kb.length && ka.every((k, i) => k === kb[i])
}
