// The messages the mobile node sends: the home registration BU (RFC 6275 §11.7.1, padded to
// a multiple of 8 octets), Router Solicitation (RFC 4861 §6.3.7), the returning-home Neighbor
// Advertisement (RFC 6275 §11.5.4), DHAAD Request (§11.4.1) and Mobile Prefix Solicitation
// (§11.4.2). Checksums are the adapter's.
import {
  type BindingUpdate,
  type HaadRequest,
  type Ipv6Address,
  MH_COMMON_DEFAULTS,
  type MobilePrefixSolicit,
  type NeighborAdvert,
  type RouterSolicit,
  withPaddedOptions,
} from '@mip6/wire'
import { LIFETIME_UNIT_S } from './constants'

/**
 * Seconds to the Lifetime field, rounded down; a registration never rounds to 0, which would
 * ask for a deregistration (§6.1.7).
 */
export function lifetimeUnits4s(lifetimeS: number, deregistration: boolean): number {
  if (deregistration) return 0
  return Math.max(1, Math.min(0xffff, Math.floor(lifetimeS / LIFETIME_UNIT_S)))
}

/** RFC 6275 §11.7.1: H and A set, K clear (no IKE), L when the identifiers match. */
export function homeRegistration(fields: {
  sequence: number
  lifetimeUnits4s: number
  linkLocalCompatibility: boolean
}): BindingUpdate {
  return withPaddedOptions({
    kind: 'binding-update',
    ...MH_COMMON_DEFAULTS,
    acknowledge: true,
    homeRegistration: true,
    keyManagementCompatibility: false,
    otherFlags: 0,
    options: [],
    ...fields,
  })
}

export function routerSolicit(linkLayerAddress: Uint8Array): RouterSolicit {
  return {
    kind: 'router-solicit',
    code: 0,
    checksum: 0,
    reserved: 0,
    options: [{ kind: 'source-lla', address: linkLayerAddress }],
  }
}

/** RFC 4861 §7.2.6 with RFC 6275 §11.5.4: unsolicited, Override set, our MAC as target LLA. */
export function homeAnnouncement(target: Ipv6Address, linkLayerAddress: Uint8Array): NeighborAdvert {
  return {
    kind: 'neighbor-advert',
    code: 0,
    checksum: 0,
    router: false,
    solicited: false,
    override: true,
    reserved: 0,
    target,
    options: [{ kind: 'target-lla', address: linkLayerAddress }],
  }
}

export function haadRequest(identifier: number): HaadRequest {
  return { kind: 'haad-request', code: 0, checksum: 0, identifier, reserved: 0 }
}

export function mobilePrefixSolicit(identifier: number): MobilePrefixSolicit {
  return { kind: 'mobile-prefix-solicit', code: 0, checksum: 0, identifier, reserved: 0 }
}
