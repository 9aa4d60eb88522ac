// The checks of a Binding Update that need no binding cache (RFC 6275 §9.5.1, §10.3.1):
// which addresses it names, whether it deregisters, what lifetime it may have, whether the
// ACL lets it in.
import { addressEquals, type BindingUpdate, type Ipv6Address, isRoutableUnicast } from '@mip6/wire'
import { INFINITE_LIFETIME, LIFETIME_UNIT_S } from './constants'
import type { BindingAclSettings } from './settings'

/** RFC 6275 §9.5.1: home and care-of addresses must be unicast routable addresses. */
export { isRoutableUnicast }

export interface BuAddresses {
  homeAddress: Ipv6Address
  careOfAddress: Ipv6Address
  /** A Home Address option named another address than the source: the BA needs an RH2. */
  viaHomeAddressOption: boolean
}

/**
 * RFC 6275 §9.5.1: the home address is the Home Address option's, else the source; the
 * care-of address the Alternate Care-of Address option's, else the source. Without a Home
 * Address option only the returning-home deregistration (§11.5.4: from the home address, for
 * the home address) makes sense; anything else is refused (undefined).
 */
export function buAddresses(
  bu: BindingUpdate,
  source: Ipv6Address,
  homeAddressOption: Ipv6Address | undefined,
): BuAddresses | undefined {
  const alternate = bu.options.find((o) => o.kind === 'alternate-care-of-address')
  const careOfAddress =
    alternate?.kind === 'alternate-care-of-address' ? alternate.alternateCareOfAddress : source
  if (homeAddressOption === undefined) {
    if (!addressEquals(careOfAddress, source)) return undefined
    return { homeAddress: source, careOfAddress, viaHomeAddressOption: false }
  }
  return {
    homeAddress: homeAddressOption,
    careOfAddress,
    viaHomeAddressOption: !addressEquals(homeAddressOption, source),
  }
}

/** RFC 6275 §10.3.2: lifetime zero, or the care-of address is the home address. */
export function isDeregistration(bu: BindingUpdate, a: BuAddresses): boolean {
  return bu.lifetimeUnits4s === 0 || addressEquals(a.careOfAddress, a.homeAddress)
}

/**
 * RFC 6275 §10.3.1: the requested lifetime, no more than the home prefix's remaining valid
 * lifetime nor HaMaxBindingLife, in whole 4-second units (the BA can only say those).
 */
export function grantedLifetimeS(requestedUnits4s: number, prefixValidS: number, maxS: number): number {
  const prefix = prefixValidS === INFINITE_LIFETIME ? Number.POSITIVE_INFINITY : prefixValidS
  const s = Math.min(requestedUnits4s * LIFETIME_UNIT_S, prefix, maxS)
  return Math.floor(s / LIFETIME_UNIT_S) * LIFETIME_UNIT_S
}

/** mip6d's BindingAclPolicy: the first entry for the address decides, else the default. */
export function aclAllows(acl: BindingAclSettings, homeAddress: Ipv6Address): boolean {
  const entry = acl.entries.find((e) => addressEquals(e.homeAddress, homeAddress))
  return (entry?.policy ?? acl.defaultPolicy) === 'allow'
}
