// IPv6 per-interface settings the router depends on (Documentation/networking/ip-sysctl.rst),
// read for `doctor`. /proc/sys/net shows the network namespace of the reading process.
import { readFile } from 'node:fs/promises'

export interface Ipv6Sysctls {
  /** 1: this interface forwards, and the host acts as a router on it (RFC 4861 §6.2.2). */
  forwarding: number
  /** 0 ignore RAs, 1 accept them unless forwarding, 2 accept them even when forwarding. */
  acceptRa: number
  /** 1: answer Neighbor Solicitations for proxied addresses (the Home Agent's proxy NDP). */
  proxyNdp: number
  /** 0 off, 1 on, 2 on and disable IPv6 on the interface after a failure of the MAC-based address. */
  acceptDad: number
  disableIpv6: number
}

const KEYS: Record<keyof Ipv6Sysctls, string> = {
  forwarding: 'forwarding',
  acceptRa: 'accept_ra',
  proxyNdp: 'proxy_ndp',
  acceptDad: 'accept_dad',
  disableIpv6: 'disable_ipv6',
}

/** One value of net.ipv6.conf.<ifname>.<key>; `all` and `default` work as names too. */
export async function readIpv6Sysctl(ifname: string, key: string, procRoot = '/proc'): Promise<number> {
  if (ifname.includes('/') || key.includes('/')) throw new Error(`bad sysctl name ${ifname}.${key}`)
  const text = await readFile(`${procRoot}/sys/net/ipv6/conf/${ifname}/${key}`, 'utf8')
  return Number.parseInt(text.trim(), 10)
}

export async function readIpv6Sysctls(ifname: string, procRoot = '/proc'): Promise<Ipv6Sysctls> {
  const entries = await Promise.all(
    Object.entries(KEYS).map(
      async ([name, key]) => [name, await readIpv6Sysctl(ifname, key, procRoot)] as const,
    ),
  )
  return Object.fromEntries(entries) as unknown as Ipv6Sysctls
}
