// The engine's view of an interface from the native configuration: the same settings with
// intervals in ms, as the engine keeps all time.
import type { InterfaceConfig } from '@mip6/config'
import type { RaInterfaceSettings } from './settings'

const MS_PER_S = 1000

export function raSettingsFrom(iface: InterfaceConfig): RaInterfaceSettings {
  const ra = iface.ra
  return {
    name: iface.name,
    advSendAdvert: ra.advSendAdvert,
    unicastOnly: ra.unicastOnly,
    advRaSolicitedUnicast: ra.advRaSolicitedUnicast,
    maxRtrAdvIntervalMs: ra.maxRtrAdvIntervalS * MS_PER_S,
    minRtrAdvIntervalMs: ra.minRtrAdvIntervalS * MS_PER_S,
    minDelayBetweenRasMs: ra.minDelayBetweenRasS * MS_PER_S,
    advManagedFlag: ra.advManagedFlag,
    advOtherConfigFlag: ra.advOtherConfigFlag,
    advLinkMtu: ra.advLinkMtu,
    advReachableTimeMs: ra.advReachableTimeMs,
    advRetransTimerMs: ra.advRetransTimerMs,
    advCurHopLimit: ra.advCurHopLimit,
    advDefaultLifetimeS: ra.advDefaultLifetimeS,
    advDefaultPreference: ra.advDefaultPreference,
    advSourceLlAddress: ra.advSourceLlAddress,
    advHomeAgentFlag: ra.advHomeAgentFlag,
    advHomeAgentInfo: ra.advHomeAgentInfo,
    homeAgentLifetimeS: ra.homeAgentLifetimeS,
    homeAgentPreference: ra.homeAgentPreference,
    advMobRtrSupportFlag: ra.advMobRtrSupportFlag,
    advIntervalOpt: ra.advIntervalOpt,
    removeAdvOnExit: ra.removeAdvOnExit,
    prefixes: ra.prefixes,
    routes: ra.routes,
    rdnss: ra.rdnss,
    dnssl: ra.dnssl,
    clients: ra.clients,
    unrestrictedUnicast: ra.unrestrictedUnicast,
    advRaSrcAddresses: ra.advRaSrcAddresses,
    advRaMtu: ra.advRaMtu,
  }
}
