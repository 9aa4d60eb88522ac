// What the Home Agent needs on this machine beyond the RA side: an address on each home link
// for BUs to reach, forwarding there, a writable state directory, and nftables to keep a
// kernel without Mobile IPv6 support from answering BUs itself. Each check names the real
// cause: mip6d reports a missing capability and a missing kernel feature the same way.
import { access, constants, mkdir } from 'node:fs/promises'
import type { HomeAgentConfig, RouterConfig } from '@mip6/config'
import { runTool } from '@mip6/kernel'
import { type InterfaceFacts, readIpv6Sysctl } from '@mip6/netio'
import { formatPrefix, inPrefix, mustParse } from '@mip6/wire'
import type { CheckResult } from './checks'

export async function homeAgentChecks(
  config: RouterConfig,
  ha: HomeAgentConfig,
  interfaces: InterfaceFacts[],
  stateDir: string,
  procRoot?: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const name of ha.interfaces) {
    const prefixes = config.interfaces.find((i) => i.name === name)?.ra.prefixes.map((p) => p.prefix) ?? []
    const facts = interfaces.find((f) => f.name === name)
    const own = (facts?.addresses ?? []).filter((a) =>
      prefixes.some((p) => inPrefix(mustParse(a.address), p)),
    )
    const example = prefixes[0] ? formatPrefix(prefixes[0]) : 'PREFIX'
    results.push({
      ok: own.length > 0,
      what:
        own.length > 0
          ? `${name}: home agent address ${own.map((a) => a.address).join(', ')}`
          : `${name}: no address in its home prefixes, so BUs for the home agent cannot reach it`,
      fix: `ip -6 addr add ${example} dev ${name}   (seed 002 uses the prefix's own address, 2001:db8::)`,
    })
    const forwarding = await readIpv6Sysctl(name, 'forwarding', procRoot).catch(() => undefined)
    results.push({
      ok: forwarding === 1 || facts === undefined,
      what:
        forwarding === 1
          ? `${name}: forwarding on`
          : `${name}: forwarding off (net.ipv6.conf.${name}.forwarding), so tunnelled traffic is not routed`,
      fix: `sysctl -w net.ipv6.conf.${name}.forwarding=1`,
    })
  }
  results.push(await nftables(), await stateDirectory(stateDir))
  return results
}

async function nftables(): Promise<CheckResult> {
  try {
    await runTool(['nft', 'list', 'tables'])
    // Without CONFIG_IPV6_MIP6 (most kernels) Linux answers a Home Address option with
    // Parameter Problem; the guard's drop rules are what keep it quiet.
    return { ok: true, what: 'nftables works (its guard keeps the kernel from answering BUs itself)' }
  } catch (e) {
    const message = (e as Error).message
    const cause = /ENOENT|not found/i.test(message)
      ? 'the nft command is missing'
      : /not permitted/i.test(message)
        ? 'no permission (CAP_NET_ADMIN)'
        : /not supported|No such file/i.test(message)
          ? 'the kernel has no nf_tables support'
          : message
    return {
      ok: false,
      what: `nftables unusable: ${cause}; without it the kernel answers BUs with ICMPv6 Parameter Problem`,
      fix: cause.startsWith('the nft')
        ? 'apt-get install nftables'
        : cause.startsWith('no permission')
          ? 'run as root'
          : 'use a kernel with CONFIG_NF_TABLES',
    }
  }
}

async function stateDirectory(dir: string): Promise<CheckResult> {
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
    return { ok: true, what: `state directory ${dir} writable (the binding cache survives restarts)` }
  } catch (e) {
    return {
      ok: false,
      what: `state directory ${dir} not writable: ${(e as Error).message}`,
      fix: `mkdir -p ${dir} and make it writable, or set router.stateDir / --state-dir`,
    }
  }
}
