// Keeps the kernel from answering the Mobile IPv6 packets this program handles itself.
// Without IPV6_MIP6 (this development kernel, many boards) Linux answers a BU carrying a
// Home Address option with ICMPv6 Parameter Problem (option) and a bare Mobility Header with
// Parameter Problem (next header); a mobile node then abandons its registration. A drop rule
// at raw priority in prerouting stops the kernel, while AF_PACKET (libpcap) still sees the
// packets: it taps them before the IPv6 stack. Only packets addressed to this host are
// dropped, so Mobility Headers routed through the box pass untouched.

import { type CommandRunner, runTool } from './command'

export const GUARD_TABLE = 'mip6_router'

/** What the guard keeps from the kernel: Mobility Headers, and IPv6-in-IPv6 for a userspace data plane. */
export type GuardedProtocol = 'mobility-header' | 'ipv6'

export function guardRuleset(protocols: readonly GuardedProtocol[], table = GUARD_TABLE): string {
  const rules = protocols.map(
    (p) =>
      `    fib daddr type { local, anycast } meta l4proto ${p === 'ipv6' ? 'ipv6' : 'mobility-header'} counter drop`,
  )
  return [
    `table ip6 ${table} {`,
    '  chain prerouting {',
    '    type filter hook prerouting priority raw; policy accept;',
    ...rules,
    '  }',
    '}',
    '',
  ].join('\n')
}

/** Installs the rules, replacing a table of the same name left by an earlier run. */
export async function installGuard(
  protocols: readonly GuardedProtocol[],
  options: { table?: string; run?: CommandRunner } = {},
): Promise<void> {
  const run = options.run ?? runTool
  const table = options.table ?? GUARD_TABLE
  await removeGuard({ table, run })
  await run(['nft', '-f', '-'], guardRuleset(protocols, table))
}

export async function removeGuard(options: { table?: string; run?: CommandRunner } = {}): Promise<void> {
  const run = options.run ?? runTool
  const table = options.table ?? GUARD_TABLE
  const tables = await run(['nft', 'list', 'tables', 'ip6'])
  if (tables.split('\n').some((l) => l.trim() === `table ip6 ${table}`))
    await run(['nft', 'delete', 'table', 'ip6', table])
}

/** Packets the guard has dropped per protocol, from the rule counters. */
export async function guardCounters(
  options: { table?: string; run?: CommandRunner } = {},
): Promise<Record<string, number>> {
  const run = options.run ?? runTool
  const out = await run(['nft', 'list', 'table', 'ip6', options.table ?? GUARD_TABLE])
  const counts: Record<string, number> = {}
  for (const m of out.matchAll(/meta l4proto (\S+) counter packets (\d+)/g)) counts[m[1]!] = Number(m[2])
  return counts
}
