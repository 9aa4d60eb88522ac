// What the router needs to know about an interface, read from `ip -j -d addr show` (iproute2
// 6.1 JSON). Lifetimes are left out on purpose: they count down without a kernel event, so
// they would make every re-read look like a change.

export interface Ipv6AddressFacts {
  /** RFC 5952 text as iproute2 prints it. */
  address: string
  prefixLength: number
  /** 'global', 'link', 'host', 'site', or a number for scopes iproute2 has no name for. */
  scope: string
  /** Duplicate Address Detection (RFC 4862 §5.4) has not finished: the address is unusable. */
  tentative: boolean
  dadFailed: boolean
  deprecated: boolean
  /** IFA_F_PERMANENT: configured, not learned from an RA (iproute2 prints "dynamic" otherwise). */
  permanent: boolean
}

export interface InterfaceFacts {
  ifindex: number
  name: string
  /** rtnetlink link kind: 'veth', 'bridge', 'ip6tnl', ...; undefined for plain devices. */
  kind: string | undefined
  /** Lower-case colon-separated MAC, for Ethernet-like links only. */
  mac: string | undefined
  mtu: number
  /** IFF_UP: configured up (`ip link set up`). */
  adminUp: boolean
  /** IFF_LOWER_UP: the carrier is there. */
  carrier: boolean
  /** RFC 2863 operational state UP, or UNKNOWN with carrier as on loopback and tunnels. */
  operUp: boolean
  /** IPv6 addresses only, sorted by address text so that comparisons ignore kernel order. */
  addresses: Ipv6AddressFacts[]
  /** The usable link-local address (RFC 4291 §2.5.6), a tentative one until DAD ends. */
  linkLocal: Ipv6AddressFacts | undefined
  /** A link-local address has passed DAD: RAs may be sent from it (RFC 4861 §6.2.2). */
  linkLocalReady: boolean
}

interface IpAddrInfo {
  family?: string
  local?: string
  prefixlen?: number
  scope?: string | number
  tentative?: boolean
  dadfailed?: boolean
  deprecated?: boolean
  dynamic?: boolean
}

interface IpLink {
  ifindex?: number
  ifname?: string
  flags?: string[]
  mtu?: number
  operstate?: string
  link_type?: string
  address?: string
  linkinfo?: { info_kind?: string }
  addr_info?: IpAddrInfo[]
}

const ETHERNET_LINK_TYPE = 'ether'

export function parseIpAddrJson(json: string): InterfaceFacts[] {
  const links = JSON.parse(json) as IpLink[]
  return links.filter((l) => l.ifindex !== undefined && l.ifname !== undefined).map(linkFacts)
}

function linkFacts(l: IpLink): InterfaceFacts {
  const flags = new Set(l.flags ?? [])
  const addresses = (l.addr_info ?? [])
    .filter((a) => a.family === 'inet6' && a.local !== undefined)
    .map(addressFacts)
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  const linkLocals = addresses.filter((a) => a.scope === 'link' && !a.dadFailed)
  const carrier = flags.has('LOWER_UP')
  return {
    ifindex: l.ifindex!,
    name: l.ifname!,
    kind: l.linkinfo?.info_kind,
    mac: l.link_type === ETHERNET_LINK_TYPE ? l.address : undefined,
    mtu: l.mtu ?? 0,
    adminUp: flags.has('UP'),
    carrier,
    operUp: l.operstate === 'UP' || (l.operstate === 'UNKNOWN' && carrier),
    addresses,
    linkLocal: linkLocals.find((a) => !a.tentative) ?? linkLocals[0],
    linkLocalReady: linkLocals.some((a) => !a.tentative),
  }
}

function addressFacts(a: IpAddrInfo): Ipv6AddressFacts {
  return {
    address: a.local!,
    prefixLength: a.prefixlen ?? 128,
    scope: String(a.scope ?? 'global'),
    tentative: a.tentative === true,
    dadFailed: a.dadfailed === true,
    deprecated: a.deprecated === true,
    permanent: a.dynamic !== true,
  }
}

export function sameFacts(a: InterfaceFacts, b: InterfaceFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
