export { type NetCapabilities, readNetCapabilities } from './capabilities'
export type { CapturedFrame } from './capture-process'
export { CAPTURE_HELPER } from './capture-process'
export type { InterfaceFacts, Ipv6AddressFacts } from './interface-facts'
export {
  InterfaceWatcher,
  type InterfaceWatcherEvents,
  type InterfaceWatcherOptions,
} from './interface-watcher'
export {
  LinkSocket,
  type LinkSocketEvents,
  type LinkSocketOptions,
  type LinkSocketState,
  type LinkSocketStats,
  type ReceivedFrame,
} from './link-socket'
export { monotonicNowMs } from './monotonic'
export { type NamespaceOptions, NetnsLab, type NetnsLabOptions, type VethEnd, waitUntil } from './netns-lab'
export { type Ipv6Sysctls, readIpv6Sysctl, readIpv6Sysctls } from './sysctl'
