// Keeps the kernel from answering the Mobile IPv6 packets this program handles itself.
// Without IPV6_MIP6 (this development kernel, many boards) Linux answers a BU carrying a
// Home Address option with ICMPv6 Parameter Problem (option) and a bare Mobility Header with
// Parameter Problem (next header); a mobile node then abandons its registration. It would
// also route a DHAAD Request onwards to the Home-Agents anycast address, which no host owns.
// Drop rules at raw priority in prerouting stop the kernel, while AF_PACKET (libpcap) still
// sees the packets: it taps them before the IPv6 stack. Only packets for this host (and DHAAD
// Requests to the home prefixes) are dropped, so traffic routed through the box passes.
import { type CommandRunner, runTool } from './command'

export const GUARD_TABLE = 'mip6_router'

export interface GuardSpec {
  /** Mobility Headers to this host (RFC 6275 §6.1). */
  mobilityHeader: boolean
  /** Packets to this host with a Destination Options header, where a Home Address option rides (§6.3). */
  destinationOptions: boolean
  /** IPv6-in-IPv6 to this host, for a data plane in userspace (RFC 2473). */
  ipInIp: boolean
  /** Home prefixes whose DHAAD Requests (ICMPv6 144, §10.5) this program answers. */
  dhaadPrefixes: string[]
}

type Rule = { name: string; match: string }

function rules(spec: GuardSpec): Rule[] {
  const toUs = 'fib daddr type { local, anycast }'
  return [
    ...(spec.mobilityHeader
      ? [{ name: 'mobility-header', match: `${toUs} meta l4proto mobility-header` }]
      : []),
    ...(spec.destinationOptions ? [{ name: 'destination-options', match: `${toUs} exthdr dst exists` }] : []),
    ...(spec.ipInIp ? [{ name: 'ipv6-in-ipv6', match: `${toUs} meta l4proto ipv6` }] : []),
    ...spec.dhaadPrefixes.map((p) => ({ name: `dhaad ${p}`, match: `ip6 daddr ${p} icmpv6 type 144` })),
  ]
}

export function guardRuleset(spec: GuardSpec, table = GUARD_TABLE): string {
  return [
    `table ip6 ${table} {`,
    '  chain prerouting {',
    '    type filter hook prerouting priority raw; policy accept;',
    ...rules(spec).map((r) => `    ${r.match} counter drop comment "${r.name}"`),
    '  }',
    '}',
    '',
  ].join('\n')
}

/** Installs the rules, replacing a table of the same name left by an earlier run. */
export async function installGuard(
  spec: GuardSpec,
  options: { table?: string; run?: CommandRunner } = {},
): Promise<void> {
  const run = options.run ?? runTool
  const table = options.table ?? GUARD_TABLE
  await removeGuard({ table, run })
  await run(['nft', '-f', '-'], guardRuleset(spec, table))
}

export async function removeGuard(options: { table?: string; run?: CommandRunner } = {}): Promise<void> {
  const run = options.run ?? runTool
  const table = options.table ?? GUARD_TABLE
  const tables = await run(['nft', 'list', 'tables', 'ip6'])
  if (tables.split('\n').some((l) => l.trim() === `table ip6 ${table}`))
    await run(['nft', 'delete', 'table', 'ip6', table])
}

/** Packets each rule has kept from the kernel, by rule name. */
export async function guardCounters(
  options: { table?: string; run?: CommandRunner } = {},
): Promise<Record<string, number>> {
  const run = options.run ?? runTool
  const out = await run(['nft', 'list', 'table', 'ip6', options.table ?? GUARD_TABLE])
  const counts: Record<string, number> = {}
  for (const m of out.matchAll(/counter packets (\d+) bytes \d+ drop comment "([^"]+)"/g))
    counts[m[2]!] = Number(m[1])
  return counts
}
