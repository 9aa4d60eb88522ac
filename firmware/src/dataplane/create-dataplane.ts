// Picks the Home Agent's data plane from `router.dataplane` (or --dataplane) and says why in
// the log: `auto` takes the kernel's where the probe finds ip6_tunnel and proxy NDP, else
// ours in userspace. `kernel` asked for where the kernel lacks them fails with the reason.
import type { Dataplane } from '@mip6/config'
import type { InterfaceWatcher } from '@mip6/netio'
import type { LinkPool } from '../link-pool'
import type { Logger } from '../runtime/logger'
import type { HomeAgentDataPlane } from './home-agent-dataplane'
import { KernelDataPlane } from './kernel-dataplane'
import { type DataPlaneChoice, type ProbeOptions, probeDataPlane } from './probe-kernel'
import { UserspaceDataPlane } from './userspace-dataplane'

export interface DataPlaneContext {
  watcher: InterfaceWatcher
  pool: LinkPool
  logger: Logger
  /** The Home Agent's home links: proxy NDP goes on there. */
  homeLinks: readonly string[]
  probe?: ProbeOptions
}

export async function createDataPlane(
  requested: Dataplane,
  context: DataPlaneContext,
): Promise<HomeAgentDataPlane> {
  const choice = await choose(requested, context.probe)
  context.logger.log('info', 'dataplane', `data plane: ${choice.kind}`, { why: choice.reason })
  return choice.kind === 'kernel'
    ? new KernelDataPlane({ homeLinks: context.homeLinks, logger: context.logger, run: context.probe?.run })
    : new UserspaceDataPlane(context)
}

async function choose(requested: Dataplane, probe: ProbeOptions | undefined): Promise<DataPlaneChoice> {
  if (requested === 'userspace') return { kind: 'userspace', reason: 'configured' }
  const found = await probeDataPlane(probe)
  if (requested === 'auto') return { kind: found.kind, reason: `auto: ${found.reason}` }
  if (found.kind !== 'kernel') throw new Error(`dataplane kernel: this kernel cannot (${found.reason})`)
  return { kind: 'kernel', reason: 'configured' }
}
