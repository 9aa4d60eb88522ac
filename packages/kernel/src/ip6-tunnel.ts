// ip6ip6 tunnels (RFC 2473) with iproute2, for the kernel data plane of a Home Agent
// (RFC 6275 §10.4.2: the HA tunnels to the care-of address and accepts the reverse tunnel).
// `encaplimit none`: Linux otherwise adds a Destination Options header with a Tunnel
// Encapsulation Limit option (RFC 2473 §5.1) that RFC 6275 does not use; mobile nodes (and this
// program's own nftables guard, which drops Destination Options to the host) expect plain ip6ip6.
import type { CommandRunner } from './command'

export interface Ip6Tunnel {
  name: string
  local: string
  remote: string
}

/** Creates the tunnel and brings it up. */
export async function addIp6Tunnel(run: CommandRunner, t: Ip6Tunnel & { dev?: string }): Promise<void> {
  await run([
    ...['ip', '-6', 'tunnel', 'add', t.name, 'mode', 'ip6ip6'],
    ...['local', t.local, 'remote', t.remote, 'encaplimit', 'none'],
    ...(t.dev ? ['dev', t.dev] : []),
  ])
  await run(['ip', 'link', 'set', t.name, 'up'])
}

/** Moves an existing tunnel's endpoints (a new care-of address); the device and its routes stay. */
export async function changeIp6Tunnel(run: CommandRunner, t: Ip6Tunnel): Promise<void> {
  // iproute2 starts `change` from the tunnel's current parameters when the name comes first.
  await run(['ip', '-6', 'tunnel', 'change', t.name, 'mode', 'ip6ip6', 'local', t.local, 'remote', t.remote])
}

export async function deleteIp6Tunnel(run: CommandRunner, name: string): Promise<void> {
  await run(['ip', '-6', 'tunnel', 'del', name])
}

/** Every IPv6 tunnel of the namespace (ip6tnl, and the fallback devices ip6tnl0, ip6gre0, ...). */
export async function listIp6Tunnels(run: CommandRunner): Promise<Ip6Tunnel[]> {
  const out = await run(['ip', '-6', 'tunnel', 'show'])
  const tunnels: Ip6Tunnel[] = []
  // "mip6t0: ipv6/ipv6 remote 2001:db8:1::2 local 2001:db8::1 encaplimit none hoplimit 64 ..."
  for (const m of out.matchAll(/^(\S+): \S+ remote (\S+) local (\S+)/gm))
    tunnels.push({ name: m[1]!, remote: m[2]!, local: m[3]! })
  return tunnels
}
