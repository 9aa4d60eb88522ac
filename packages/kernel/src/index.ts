// The public surface of @mip6/kernel.
export { type CommandRunner, runTool } from './command'
export {
  addProxyNeighbour,
  deleteHostRoute,
  deleteProxyNeighbour,
  replaceHostRoute,
} from './ip6-host-route'
export {
  addIp6Tunnel,
  changeIp6Tunnel,
  deleteIp6Tunnel,
  type Ip6Tunnel,
  listIp6Tunnels,
} from './ip6-tunnel'
export {
  GUARD_TABLE,
  type GuardSpec,
  guardCounters,
  guardRuleset,
  installGuard,
  removeGuard,
} from './nft-guard'
export { procSysctls, type SysctlKey, type Sysctls, setSysctls, sysctlPath } from './sysctl'
