// The Home Agent's settings from the configuration and what the links say now: each home
// link's prefixes and Home Agent preference come from its RA settings (the prefixes the HA
// serves are the ones it advertises), its HA addresses from the interface's own addresses in
// those prefixes (seed 002's 2001:db8::, the prefix's subnet-router anycast address, counts).
import type { HomeAgentConfig, RouterConfig } from '@mip6/config'
import {
  type AclPolicy,
  authenticationSettings,
  type HomeAgentSettings,
  type HomeLinkSettings,
  homeAgentSettings,
  type MnHaKey,
} from '@mip6/home-agent'
import type { InterfaceFacts } from '@mip6/netio'
import { inPrefix, mustParse } from '@mip6/wire'

/** RFC 6275 §6.1.8: statuses under 128 accept; mip6d lets a policy name one. */
const FIRST_REJECTING_STATUS = 128

export function homeAgentSettingsFrom(
  config: RouterConfig,
  ha: HomeAgentConfig,
  facts: (ifname: string) => InterfaceFacts | undefined,
  keys: MnHaKey[],
): HomeAgentSettings {
  const links: HomeLinkSettings[] = ha.interfaces.map((name) => {
    const ra = config.interfaces.find((i) => i.name === name)?.ra
    const prefixes = (ra?.prefixes ?? []).map((p) => ({
      prefix: p.prefix,
      validLifetimeS: p.advValidLifetimeS,
      preferredLifetimeS: p.advPreferredLifetimeS,
      onLink: p.advOnLink,
      autonomous: p.advAutonomous,
    }))
    const own = (facts(name)?.addresses ?? [])
      .filter((a) => a.scope === 'global' && !a.tentative && !a.dadFailed)
      .map((a) => mustParse(a.address))
      .filter((a) => prefixes.some((p) => inPrefix(a, p.prefix)))
    return {
      ifname: name,
      addresses: own,
      prefixes,
      homeAgentPreference: ra?.homeAgentPreference ?? 0,
      homeAgentLifetimeS: ra?.homeAgentLifetimeS ?? 1800,
      managed: ra?.advManagedFlag ?? false,
      other: ra?.advOtherConfigFlag ?? false,
    }
  })
  const defaults = homeAgentSettings([])
  const advertised = ha.interfaces.map(
    (name) => config.interfaces.find((i) => i.name === name)?.ra?.advRetransTimerMs ?? 0,
  )
  const policy = (p: HomeAgentConfig['defaultBindingAclPolicy']): AclPolicy =>
    p === 'allow' || (typeof p === 'number' && p < FIRST_REJECTING_STATUS) ? 'allow' : 'deny'
  return homeAgentSettings(links, {
    maxBindingLifetimeS: ha.maxBindingLifetimeS,
    maxBindings: ha.maxBindings,
    bindingAcl: {
      defaultPolicy: policy(ha.defaultBindingAclPolicy),
      entries: ha.bindingAcl.map((e) => ({ homeAddress: e.homeAddress, policy: policy(e.policy) })),
    },
    authentication: ha.authentication
      ? authenticationSettings(keys, { required: ha.authentication.required })
      : undefined,
    bindingRefresh: {
      enabled: ha.bindingRefreshRequest.refreshBeforeExpiryS > 0,
      beforeExpiryS: ha.bindingRefreshRequest.refreshBeforeExpiryS,
    },
    dad: { ...defaults.dad, enabled: ha.dad, retransTimerMs: dadRetransTimerMs(advertised, defaults) },
    mobilePrefix: {
      solicited: ha.sendMobPfxAdvs,
      unsolicited: ha.sendUnsolMobPfxAdvs,
      minMobPfxAdvIntervalS: ha.minMobPfxAdvIntervalS,
      maxMobPfxAdvIntervalS: ha.maxMobPfxAdvIntervalS,
    },
    keyManagementMobility: ha.keyMngMobCapability,
  })
}

/**
 * DAD waits RetransTimer for an answer (RFC 4862 §5.4); on a home link that advertises one
 * (AdvRetransTimer, RFC 4861 §6.2.1) the Home Agent waits what the link's own nodes wait,
 * the longest where several do; RFC 4861's 1 s where any leaves it unspecified (0).
 */
function dadRetransTimerMs(advertised: number[], defaults: HomeAgentSettings): number {
  return advertised.length > 0 && advertised.every((ms) => ms > 0)
    ? Math.max(...advertised)
    : defaults.dad.retransTimerMs
}
