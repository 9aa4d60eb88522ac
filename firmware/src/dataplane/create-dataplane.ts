// Picks the Home Agent's data plane from `router.dataplane` (or --dataplane) and says why in
// the log: `auto` takes the kernel's when it has ip6_tunnel, else ours in userspace.
import type { Dataplane } from '@mip6/config'
import type { InterfaceWatcher } from '@mip6/netio'
import type { LinkPool } from '../link-pool'
import type { Logger } from '../runtime/logger'
import type { HomeAgentDataPlane } from './home-agent-dataplane'
import { UserspaceDataPlane } from './userspace-dataplane'

export interface DataPlaneContext {
  watcher: InterfaceWatcher
  pool: LinkPool
  logger: Logger
}

export function createDataPlane(requested: Dataplane, context: DataPlaneContext): HomeAgentDataPlane {
  const { logger } = context
  if (requested === 'kernel') throw new Error('dataplane kernel: not in this build yet; use userspace')
  logger.log('info', 'dataplane', 'data plane: userspace', {
    why: requested === 'userspace' ? 'configured' : 'auto: the kernel probe is not in this build yet',
  })
  return new UserspaceDataPlane(context)
}
