// The public surface of @mip6/kernel.
export { type CommandRunner, runTool } from './command'
export {
  GUARD_TABLE,
  type GuardSpec,
  guardCounters,
  guardRuleset,
  installGuard,
  removeGuard,
} from './nft-guard'
