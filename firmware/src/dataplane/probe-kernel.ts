// `dataplane: auto`: the kernel data plane where the kernel has what it needs, else the
// userspace one. Needed: ip6_tunnel (CONFIG_IPV6_TUNNEL, often a module) and proxy NDP
// (/proc/sys/net/ipv6/conf/*/proxy_ndp). The proof of ip6_tunnel is a throwaway ip6ip6 tunnel
// made and deleted in this namespace: it also shows that we may create one (CAP_NET_ADMIN),
// and `ip link add ... type ip6tnl` has the kernel load the module where it can.
import { existsSync } from 'node:fs'
import { type CommandRunner, runTool } from '@mip6/kernel'
import type { DataPlaneKind } from './home-agent-dataplane'

export const PROXY_NDP_SYSCTL = '/proc/sys/net/ipv6/conf/all/proxy_ndp'

export interface KernelFacts {
  /** The throwaway tunnel's outcome: the error of `ip` (or modprobe) when it failed. */
  ip6Tunnel: { ok: true } | { ok: false; error: string }
  proxyNdp: boolean
}

export interface DataPlaneChoice {
  kind: DataPlaneKind
  /** For the log line `data plane: <kind> (<reason>)`. */
  reason: string
}

export function chooseDataPlane(facts: KernelFacts): DataPlaneChoice {
  if (!facts.ip6Tunnel.ok) return { kind: 'userspace', reason: `no ip6_tunnel: ${facts.ip6Tunnel.error}` }
  if (!facts.proxyNdp) return { kind: 'userspace', reason: `no proxy NDP: ${PROXY_NDP_SYSCTL} is missing` }
  return { kind: 'kernel', reason: 'ip6_tunnel present' }
}

export interface ProbeOptions {
  run?: CommandRunner
  exists?: (path: string) => boolean
  /** The throwaway tunnel's name; default `mip6probe` and the pid's last digits (≤ 15 characters). */
  probeName?: string
}

export async function probeKernel(options: ProbeOptions = {}): Promise<KernelFacts> {
  const run = options.run ?? runTool
  const exists = options.exists ?? existsSync
  const name = options.probeName ?? `mip6probe${process.pid % 1_000_000}`
  let ip6Tunnel: KernelFacts['ip6Tunnel']
  // The discard prefix (RFC 6666) as remote: nothing is ever sent there.
  const add = [
    'ip',
    'link',
    'add',
    name,
    'type',
    'ip6tnl',
    'mode',
    'ip6ip6',
    'local',
    '::',
    'remote',
    '100::1',
  ]
  try {
    await run(add)
    ip6Tunnel = { ok: true }
  } catch (e) {
    ip6Tunnel = { ok: false, error: toolReason((e as Error).message, add) }
  }
  if (ip6Tunnel.ok) await run(['ip', 'link', 'del', name]).catch(() => {})
  return { ip6Tunnel, proxyNdp: exists(PROXY_NDP_SYSCTL) }
}

export async function probeDataPlane(options: ProbeOptions = {}): Promise<DataPlaneChoice> {
  return chooseDataPlane(await probeKernel(options))
}

/** The tool's own words ("Error: Unknown device type."), without runTool's command line. */
function toolReason(message: string, argv: readonly string[]): string {
  const prefix = `${argv.join(' ')}: `
  return (message.startsWith(prefix) ? message.slice(prefix.length) : message).trim()
}
