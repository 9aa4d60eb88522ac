// The mobile node's side of its one tunnel (RFC 6275 §11.3.1): while registered away from
// home, what it sends from its home address goes to its home agent from its care-of address,
// and only what its home agent sends to that care-of address for its home address comes out.
import { addressEquals, type Ipv6Address } from '@mip6/wire'
import type { TunnelEnds } from './tunnel-ends'

/** The registered binding's addresses, as the mobile node's tunnel-up action gives them. */
export interface MobileNodeBinding {
  homeAddress: Ipv6Address
  careOfAddress: Ipv6Address
  homeAgent: Ipv6Address
}

/** Where the mobile node keeps its binding; undefined while not registered away from home. */
export interface BindingSlot {
  binding: MobileNodeBinding | undefined
}

export function mobileNodeEnds(slot: BindingSlot): TunnelEnds {
  return {
    forwards: false,
    route(inner) {
      const b = slot.binding
      if (b === undefined) return 'no-binding'
      if (!addressEquals(inner.source, b.homeAddress)) return 'not-from-home-address'
      return {
        source: b.careOfAddress,
        destination: b.homeAgent,
        careOfAddress: b.careOfAddress,
        // Errors about our own packets go back to our stack; they come "from the tunnel".
        errorSource: b.homeAgent,
      }
    },
    outerFault(outer) {
      const b = slot.binding
      if (b === undefined) return 'no-binding'
      if (!addressEquals(outer.source, b.homeAgent)) return 'not-from-home-agent'
      if (!addressEquals(outer.destination, b.careOfAddress)) return 'not-to-care-of-address'
      return undefined
    },
    innerFault(_outer, inner) {
      const b = slot.binding
      if (b === undefined) return 'no-binding'
      return addressEquals(inner.destination, b.homeAddress) ? undefined : 'not-to-home-address'
    },
  }
}
