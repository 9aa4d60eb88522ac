// Host routes and proxy neighbour entries for a home address (RFC 6275 §10.4.1, §10.4.2):
// the /128 route sends what the home link would deliver to the mobile node into its tunnel,
// and the proxy entry makes the kernel answer Neighbor Solicitations for it on the home link.
// The kernel answers proxied solicitations only where forwarding is on (see sysctl.ts).
import type { CommandRunner } from './command'

export async function replaceHostRoute(run: CommandRunner, address: string, dev: string): Promise<void> {
  await run(['ip', '-6', 'route', 'replace', `${address}/128`, 'dev', dev])
}

export async function deleteHostRoute(run: CommandRunner, address: string, dev: string): Promise<void> {
  await run(['ip', '-6', 'route', 'del', `${address}/128`, 'dev', dev])
}

/** Adding an entry that exists succeeds (the kernel updates it), so a restart needs no check. */
export async function addProxyNeighbour(run: CommandRunner, address: string, dev: string): Promise<void> {
  await run(['ip', '-6', 'neigh', 'add', 'proxy', address, 'dev', dev])
}

export async function deleteProxyNeighbour(run: CommandRunner, address: string, dev: string): Promise<void> {
  await run(['ip', '-6', 'neigh', 'del', 'proxy', address, 'dev', dev])
}
