// What the mobile node is told by its configuration (mip6d.conf's MnHomeLink: HomeAddress,
// HomeAgentAddress, MnMaxHaBindingLife, ...), already validated, with units in the names.
// `mobileNodeSettings` fills in the defaults, each with where it comes from.
import { type Ipv6Address, linkLocalFromMac } from '@mip6/wire'
import { MAX_BINDING_LIFETIME_S, MAX_NEIGHBOR_ADVERTISEMENT, MISSED_ADVERT_INTERVALS } from './constants'

/**
 * Where the care-of address's interface identifier comes from (RFC 4862 §5.5.3 leaves it to
 * the link type): `eui64` the modified EUI-64 of the MAC (RFC 4291 App. A, as seed 002's
 * 2001:db8:1:0:205:5dff:fef2:db2b), `home-address` the home address's own identifier, which
 * keeps the low 64 bits stable across links at the price of being trackable.
 */
export type InterfaceIdSource = 'eui64' | 'home-address'

/**
 * DAD for the care-of address (RFC 4862 §5.4): `optimistic` uses it at once (RFC 4429) and
 * only a `dad-result` reporting a duplicate takes it back; `wait` sends nothing from it
 * before a `dad-result` says it is unique.
 */
export type CareOfDad = 'optimistic' | 'wait'

export interface MobileNodeSettings {
  /** The one interface that roams (mip6d's `Interface "wlan0"`). */
  ifname: string
  homeAddress: Ipv6Address
  homePrefixLength: number
  /** undefined: found by DHAAD (RFC 6275 §11.4.1) or from the home link's RAs. */
  homeAgent: Ipv6Address | undefined
  /** The lifetime asked for in BUs; the home agent may grant less. */
  bindingLifetimeS: number
  /** The interface's MAC: SLAAC identifiers, Source/Target Link-layer Address options. */
  linkLayerAddress: Uint8Array
  /** The interface's link-local address: RS source and the L flag (RFC 6275 §11.7.1). */
  linkLocalAddress: Ipv6Address
  careOfInterfaceId: InterfaceIdSource
  careOfDad: CareOfDad
  /** Advertisement Intervals of silence after which the default router is lost. */
  missedAdvertIntervals: number
  /** Unsolicited NAs for the home address after returning home (RFC 6275 §11.5.4). */
  unsolicitedNaCount: number
}

export interface RequiredMobileNodeSettings {
  ifname: string
  homeAddress: Ipv6Address
  homePrefixLength: number
  linkLayerAddress: Uint8Array
}

/** Defaults: mip6d's for its options, RFC 4861 §10 and our constants for the rest. */
export function mobileNodeSettings(
  required: RequiredMobileNodeSettings,
  overrides: Partial<Omit<MobileNodeSettings, keyof RequiredMobileNodeSettings>> = {},
): MobileNodeSettings {
  return {
    ...required,
    homeAgent: undefined,
    bindingLifetimeS: MAX_BINDING_LIFETIME_S,
    // RFC 4862 §5.3 with the kernel's default addr_gen_mode (eui64).
    linkLocalAddress: linkLocalFromMac(required.linkLayerAddress),
    careOfInterfaceId: 'eui64',
    careOfDad: 'optimistic',
    missedAdvertIntervals: MISSED_ADVERT_INTERVALS,
    unsolicitedNaCount: MAX_NEIGHBOR_ADVERTISEMENT,
    ...overrides,
  }
}
