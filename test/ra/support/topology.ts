// Links for the RA system tests: a router namespace joined to a host namespace by one veth
// pair per configured interface, with fixed MACs (so link-local addresses are known and
// twins are identical) and the router's global addresses. DAD is off so everything is usable
// at once; forwarding is on in the router unless told otherwise (RFC 4861 §6.2.2: a node that
// does not forward advertises router lifetime 0).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NetnsLab } from '@mip6/netio/testing'
import { formatAddress, mustParse } from '@mip6/wire'

export interface LinkSpec {
  /** Interface name in the router namespace (as radvd.conf names it). */
  router: string
  /** Interface name at the other end, in the host namespace. */
  host: string
  routerMac: string
  hostMac: string
  /** CIDRs on the router's interface, e.g. 2001:db8::/64 as in the seed. */
  addresses?: string[]
}

export interface Pair {
  router: string
  host: string
}

/** The link-local address the kernel derives from a MAC (RFC 4291 appendix A, modified EUI-64). */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16))
  const eui = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!]
  const groups: string[] = []
  for (let i = 0; i < 8; i += 2) groups.push(((eui[i]! << 8) | eui[i + 1]!).toString(16))
  return formatAddress(mustParse(`fe80:0:0:0:${groups.join(':')}`))
}

export async function routerAndHost(
  lab: NetnsLab,
  tag: string,
  links: readonly LinkSpec[],
  options: { forwarding?: boolean } = {},
): Promise<Pair> {
  const router = await lab.namespace(`${tag}r`, { dad: false })
  const host = await lab.namespace(`${tag}h`, { dad: false })
  await lab.sysctl(router, { 'net.ipv6.conf.all.forwarding': options.forwarding === false ? 0 : 1 })
  for (const link of links) await addLink(lab, { router, host }, link)
  return { router, host }
}

/** (Re)creates one link of a pair, both ends up, the router's addresses on it. */
export async function addLink(lab: NetnsLab, pair: Pair, link: LinkSpec): Promise<void> {
  await lab.veth(
    { ns: pair.router, ifname: link.router, mac: link.routerMac },
    { ns: pair.host, ifname: link.host, mac: link.hostMac },
  )
  for (const cidr of link.addresses ?? [])
    await lab.addAddress(pair.router, link.router, cidr, { nodad: true })
}

/** A temporary directory for config and pid files, removed by remove(). */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'mip6-ra-test-'))

  write(name: string, text: string): string {
    const file = join(this.path, name)
    writeFileSync(file, text)
    return file
  }

  file(name: string): string {
    return join(this.path, name)
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true })
  }
}

/** The p-th percentile (0..100) of values, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}
