// RFC 6275 §10.5.1: the home agents list of each home link, fed by the Router Advertisements
// of other home agents (through the RA engine), and §10.5: the address list of a DHAAD Reply.
//
// A Reply lists the home agents' global addresses in the requested home prefix, our own
// included, by preference, highest first; home agents of equal preference in a random order,
// so mobile nodes spread over them; no more than fit an IPv6 minimum-MTU packet.
import { addressEquals, formatAddress, type Ipv6Address, type Ipv6Prefix, inPrefix } from '@mip6/wire'
import { IPV6_MIN_MTU } from './constants'

export interface HomeAgentListEntry {
  ifname: string
  linkLocal: Ipv6Address | undefined
  addresses: Ipv6Address[]
  preference: number
  /** As advertised (mip6d's `hal` shows this). */
  lifetimeS: number
  /** Monotonic ms; undefined for our own entry, which does not expire. */
  expiresAt: number | undefined
  own: boolean
}

const IPV6_HEADER = 40
const HAAD_REPLY_FIXED = 8
const ADDRESS = 16
/** RFC 6275 §10.5: the Reply must not exceed the minimum IPv6 MTU. */
export const MAX_HAAD_ADDRESSES = Math.floor((IPV6_MIN_MTU - IPV6_HEADER - HAAD_REPLY_FIXED) / ADDRESS)

export class HomeAgentsList {
  private readonly heard = new Map<string, HomeAgentListEntry>()

  /** A `home-agent-heard` record: lifetime 0 removes the entry (RFC 6275 §10.5.1). */
  heardFrom(
    ifname: string,
    linkLocal: Ipv6Address,
    addresses: Ipv6Address[],
    preference: number,
    lifetimeS: number,
    now: number,
  ): void {
    const key = `${ifname}%${formatAddress(linkLocal)}`
    if (lifetimeS <= 0) {
      this.heard.delete(key)
      return
    }
    this.heard.set(key, {
      ifname,
      linkLocal,
      addresses: [...addresses],
      preference,
      lifetimeS,
      expiresAt: now + lifetimeS * 1000,
      own: false,
    })
  }

  forgetLink(ifname: string): void {
    for (const [key, e] of this.heard) if (e.ifname === ifname) this.heard.delete(key)
  }

  /** Drops expired entries; returns the next expiry, if any. */
  expire(now: number): number | undefined {
    let next: number | undefined
    for (const [key, e] of this.heard) {
      if (e.expiresAt === undefined) continue
      if (e.expiresAt <= now) this.heard.delete(key)
      else if (next === undefined || e.expiresAt < next) next = e.expiresAt
    }
    return next
  }

  /** Others' entries on `ifname`, highest preference first, then by address. */
  entries(ifname?: string): HomeAgentListEntry[] {
    return [...this.heard.values()]
      .filter((e) => ifname === undefined || e.ifname === ifname)
      .sort(byPreference)
  }
}

function byPreference(a: HomeAgentListEntry, b: HomeAgentListEntry): number {
  if (a.preference !== b.preference) return b.preference - a.preference
  return formatAddress(a.addresses[0] ?? a.linkLocal ?? new Uint8Array(16)).localeCompare(
    formatAddress(b.addresses[0] ?? b.linkLocal ?? new Uint8Array(16)),
  )
}

/**
 * The Home Agent Addresses of a DHAAD Reply for `prefix`: each entry's addresses in the
 * prefix, grouped by preference (highest first), each group shuffled with `rng`.
 */
export function haadReplyAddresses(
  entries: HomeAgentListEntry[],
  prefix: Ipv6Prefix,
  rng: () => number,
): Ipv6Address[] {
  const byPref = new Map<number, Ipv6Address[][]>()
  for (const e of entries) {
    const addresses = e.addresses.filter((a) => inPrefix(a, prefix))
    if (addresses.length === 0) continue
    const group = byPref.get(e.preference) ?? []
    group.push(addresses)
    byPref.set(e.preference, group)
  }
  const out: Ipv6Address[] = []
  for (const pref of [...byPref.keys()].sort((a, b) => b - a)) {
    const group = byPref.get(pref)!
    // Fisher-Yates: every order of equally preferred home agents equally likely.
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[group[i], group[j]] = [group[j]!, group[i]!]
    }
    for (const addresses of group)
      for (const a of addresses) if (!out.some((b) => addressEquals(a, b))) out.push(a)
  }
  return out.slice(0, MAX_HAAD_ADDRESSES)
}
