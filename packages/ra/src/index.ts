// The public surface of @mip6/ra.
export type { HomeAgentHeard, RaAction, RaInterfaceEvent, RaLog, SendAdvert } from './actions'
export { buildAdvert } from './advert-builder'
export * from './constants'
export { type RaCounters, RaEngine, type RaEngineOptions, type RaInput } from './ra-engine'
export type * from './settings'
export { raSettingsFrom } from './settings-from-config'
