// The bindings the data plane acts on: the Home Agent's binding cache (RFC 6275 §10.1) as far
// as tunnels need it. The adapter feeds it the Home Agent's binding-added, binding-changed and
// binding-removed actions; their BindingView has these three fields, so it can be passed as is.
import type { Ipv6Address } from '@mip6/wire'

export interface TunnelBinding {
  homeAddress: Ipv6Address
  careOfAddress: Ipv6Address
  /** The Home Agent address the mobile node registered with: our end of its tunnel. */
  haAddress: Ipv6Address
}

/** A map key for an address; cheaper than its text form, which nothing here shows. */
function keyOf(a: Ipv6Address): string {
  return String.fromCharCode(...a)
}

export class TunnelBindings {
  private readonly byHomeAddress = new Map<string, TunnelBinding>()
  /** Care-of address to the home addresses registered from it (one mobile node may have several). */
  private readonly homesByCareOf = new Map<string, Set<string>>()

  /** Adds a binding, or replaces the one of its home address (a new care-of address). */
  set(binding: TunnelBinding): void {
    this.remove(binding.homeAddress)
    // Copies: the caller's arrays may be views into buffers it reuses.
    const own: TunnelBinding = {
      homeAddress: binding.homeAddress.slice(),
      careOfAddress: binding.careOfAddress.slice(),
      haAddress: binding.haAddress.slice(),
    }
    const home = keyOf(own.homeAddress)
    this.byHomeAddress.set(home, own)
    const careOf = keyOf(own.careOfAddress)
    const homes = this.homesByCareOf.get(careOf) ?? new Set<string>()
    homes.add(home)
    this.homesByCareOf.set(careOf, homes)
  }

  /** True when there was a binding for the address. */
  remove(homeAddress: Ipv6Address): boolean {
    const home = keyOf(homeAddress)
    const binding = this.byHomeAddress.get(home)
    if (binding === undefined) return false
    this.byHomeAddress.delete(home)
    const careOf = keyOf(binding.careOfAddress)
    const homes = this.homesByCareOf.get(careOf)!
    homes.delete(home)
    if (homes.size === 0) this.homesByCareOf.delete(careOf)
    return true
  }

  forHomeAddress(homeAddress: Ipv6Address): TunnelBinding | undefined {
    return this.byHomeAddress.get(keyOf(homeAddress))
  }

  /** The bindings whose tunnels end at this care-of address. */
  fromCareOf(careOfAddress: Ipv6Address): TunnelBinding[] {
    const homes = this.homesByCareOf.get(keyOf(careOfAddress))
    return homes === undefined ? [] : [...homes].map((home) => this.byHomeAddress.get(home)!)
  }

  list(): TunnelBinding[] {
    return [...this.byHomeAddress.values()]
  }
}
