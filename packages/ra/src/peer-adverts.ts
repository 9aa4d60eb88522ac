// Router Advertisements heard from other routers on a link: the consistency checks of
// RFC 4861 §6.2.7 (the ones radvd makes, naming each disagreeing setting), and the Home Agent
// information that RFC 6275 §10.5.1 turns into the home agents list.
import { addressEquals, type Ipv6Address, inPrefix, type RouterAdvert } from '@mip6/wire'
import type { HomeAgentHeard } from './actions'
import type { RaInterfaceSettings } from './settings'

/** The settings of ours that `theirs` contradicts, as radvd names them. Zero means unspecified. */
export function inconsistencies(s: RaInterfaceSettings, theirs: RouterAdvert): string[] {
  const out: string[] = []
  const differ = (a: number, b: number) => a !== 0 && b !== 0 && a !== b
  if (differ(theirs.curHopLimit, s.advCurHopLimit)) out.push('AdvCurHopLimit')
  if (theirs.managed !== s.advManagedFlag) out.push('AdvManagedFlag')
  if (theirs.other !== s.advOtherConfigFlag) out.push('AdvOtherConfigFlag')
  if (differ(theirs.reachableTimeMs, s.advReachableTimeMs)) out.push('AdvReachableTime')
  if (differ(theirs.retransTimerMs, s.advRetransTimerMs)) out.push('AdvRetransTimer')
  for (const o of theirs.options) {
    if (o.kind === 'mtu' && differ(o.mtu, s.advLinkMtu)) out.push('AdvLinkMTU')
    if (o.kind !== 'prefix-information') continue
    for (const p of s.prefixes) {
      if (p.prefix.length !== o.prefixLength || !inPrefix(o.prefix, p.prefix)) continue
      // RFC 4861 §6.2.7: decrementing lifetimes are compared against their clock, not ours.
      if (p.decrementLifetimes) continue
      if (o.validLifetimeS !== p.advValidLifetimeS)
        out.push(`AdvValidLifetime of ${o.prefixLength}-bit prefix`)
      if (o.preferredLifetimeS !== p.advPreferredLifetimeS) {
        out.push(`AdvPreferredLifetime of ${o.prefixLength}-bit prefix`)
      }
    }
  }
  return out
}

/**
 * RFC 6275 §10.5.1: an RA with the H flag describes a home agent: its preference and lifetime
 * come from the Home Agent Information option, else 0 and the Router Lifetime.
 */
export function homeAgentFrom(
  ifname: string,
  source: Ipv6Address,
  ra: RouterAdvert,
): HomeAgentHeard | undefined {
  if (!ra.homeAgent) return undefined
  const info = ra.options.find((o) => o.kind === 'home-agent-information')
  const addresses = ra.options
    .filter((o) => o.kind === 'prefix-information' && o.routerAddress)
    .map((o) => (o.kind === 'prefix-information' ? o.prefix : source))
    .filter((a, i, all) => all.findIndex((b) => addressEquals(a, b)) === i)
  return {
    kind: 'home-agent-heard',
    ifname,
    linkLocal: source,
    addresses,
    preference: info?.kind === 'home-agent-information' ? info.homeAgentPreference : 0,
    lifetimeS: info?.kind === 'home-agent-information' ? info.homeAgentLifetimeS : ra.routerLifetimeS,
  }
}
