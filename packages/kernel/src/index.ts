// The public surface of @mip6/kernel.
export { type CommandRunner, runTool } from './command'
export {
  GUARD_TABLE,
  type GuardedProtocol,
  guardCounters,
  guardRuleset,
  installGuard,
  removeGuard,
} from './nft-guard'
