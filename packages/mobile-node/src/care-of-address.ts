// RFC 4862 §5.5.3: the care-of address by stateless autoconfiguration from a visited link's
// prefix (RFC 6275 §11.5.2), and RFC 6275 §11.7.1's L flag.
//
// Departure: RFC 4862 §5.5.3 (e) keeps a valid lifetime of at least two hours against
// unauthenticated RAs; here the advertised lifetime is taken as it is, so that renumbering a
// lab link moves the mobile node at once.
import {
  eui64InterfaceId,
  type Ipv6Address,
  type Ipv6Prefix,
  isLinkLocalUnicast,
  withInterfaceId,
} from '@mip6/wire'
import { SLAAC_PREFIX_LENGTH } from './constants'
import type { AdvertisedPrefix, HeardRouter } from './movement-detection'
import type { InterfaceIdSource } from './settings'

/** RFC 4862 §5.5.3 (a)-(d): a prefix an address may be formed from. */
export function usableForSlaac(p: AdvertisedPrefix, now: number): boolean {
  return (
    p.autonomous &&
    !isLinkLocalUnicast(p.prefix.address) &&
    p.preferredLifetimeS <= p.validLifetimeS &&
    p.prefix.length === SLAAC_PREFIX_LENGTH &&
    p.validUntil > now
  )
}

/** The first prefix of the router's RA that SLAAC can use, in the order advertised. */
export function slaacPrefix(r: HeardRouter, now: number): AdvertisedPrefix | undefined {
  return r.prefixes.find((p) => usableForSlaac(p, now))
}

export function interfaceId(
  source: InterfaceIdSource,
  linkLayerAddress: Uint8Array,
  homeAddress: Ipv6Address,
): Uint8Array {
  return source === 'eui64' ? eui64InterfaceId(linkLayerAddress) : homeAddress.subarray(8, 16)
}

export function careOfAddress(prefix: Ipv6Prefix, iid: Uint8Array): Ipv6Address {
  return withInterfaceId(prefix.address, iid)
}

/**
 * RFC 6275 §11.7.1: L is set when the home address and the link-local address have the same
 * interface identifier, so the home agent defends the link-local address too.
 */
export function linkLocalCompatible(homeAddress: Ipv6Address, linkLocal: Ipv6Address): boolean {
  for (let i = 8; i < 16; i++) if (homeAddress[i] !== linkLocal[i]) return false
  return true
}
