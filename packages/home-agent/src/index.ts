// The public surface of @mip6/home-agent.
export type * from './actions'
export type { HmacSha1 } from './authentication'
export type { AuthContext, BindingFlags, BindingState, BindingView, MpaSchedule } from './binding-lifecycle'
export { formatBindingCache, formatHomeAgentsList } from './console-format'
export * from './constants'
export {
  type DropReason,
  HomeAgent,
  type HomeAgentCounters,
  type HomeAgentOptions,
} from './home-agent'
export type { HomeAgentListEntry } from './home-agents-list'
export type * from './inputs'
export type { PersistedBinding } from './persistence'
export * from './settings'
