// Neighbor Discovery on the home link on behalf of away mobile nodes: DAD probes for a home
// address (RFC 6275 §10.4.1, RFC 4862 §5.4.2) and proxy Neighbor Advertisements (RFC 6275
// §10.4.1, RFC 4861 §7.2.8). Builders only; the engine decides when.
//
// Departure: RFC 4861 §7.2.8 says a proxy should delay a solicited answer by up to
// MAX_ANYCAST_DELAY_TIME to avoid collisions with other proxies. The away mobile node has one
// Home Agent proxying it and cannot answer itself, so we answer at once: a delay would hold up
// every correspondent's first packet, and could miss another node's 1 s DAD wait.
import {
  type Ipv6Address,
  mustParse,
  type NeighborAdvert,
  type NeighborSolicit,
  withInterfaceId,
} from '@mip6/wire'

const LINK_LOCAL_PREFIX = mustParse('fe80::')

/** RFC 6275 §10.4.1 with the L flag: the link-local address with the home address's IID. */
export function linkLocalOf(homeAddress: Ipv6Address): Ipv6Address {
  return withInterfaceId(LINK_LOCAL_PREFIX, homeAddress.subarray(8, 16))
}

/** The home address, and with L its link-local twin (RFC 6275 §10.4.1): DAD and proxy both. */
export function proxiedAddresses(homeAddress: Ipv6Address, linkLocal: boolean): Ipv6Address[] {
  return linkLocal ? [homeAddress, linkLocalOf(homeAddress)] : [homeAddress]
}

/** RFC 4862 §5.4.2: a DAD probe, sent from :: to the target's solicited-node group, no options. */
export function dadProbe(target: Ipv6Address): NeighborSolicit {
  return { kind: 'neighbor-solicit', code: 0, checksum: 0, reserved: 0, target, options: [] }
}

/**
 * A Neighbor Advertisement for a proxied address with our link-layer address as TLLA.
 * R is 0: the mobile node is a host (RFC 6275 §10.4.1). Unsolicited announcements set O
 * (RFC 6275 §10.4.1: MUST); answers to a solicitation clear it (RFC 4861 §7.2.8: MUST).
 */
export function proxyAdvert(
  target: Ipv6Address,
  mac: Uint8Array,
  flags: { solicited: boolean; override: boolean },
): NeighborAdvert {
  return {
    kind: 'neighbor-advert',
    code: 0,
    checksum: 0,
    router: false,
    solicited: flags.solicited,
    override: flags.override,
    reserved: 0,
    target,
    options: [{ kind: 'target-lla', address: mac }],
  }
}

export function sameMac(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false
  return a.every((x, i) => x === b[i])
}
