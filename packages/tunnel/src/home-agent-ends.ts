// The Home Agent's side of its tunnels (RFC 6275 §10.4.2, §10.4.5), from its binding cache.
import { addressEquals, isRoutableUnicast } from '@mip6/wire'
import type { TunnelBindings } from './tunnel-bindings'
import type { TunnelEnds } from './tunnel-ends'

/** `forwards`: see HomeAgentTunnelOptions.forwardedByHost. */
export function homeAgentEnds(bindings: TunnelBindings, forwards: boolean): TunnelEnds {
  return {
    forwards,
    route(inner) {
      const binding = bindings.forHomeAddress(inner.destination)
      if (binding === undefined) return 'no-binding'
      // RFC 4291 §2.5.2, §2.5.3, §2.5.6, §2.7: sources a router never forwards.
      if (!isRoutableUnicast(inner.source)) return 'bad-source'
      return {
        source: binding.haAddress,
        destination: binding.careOfAddress,
        careOfAddress: binding.careOfAddress,
        errorSource: binding.haAddress,
      }
    },
    outerFault(outer) {
      const registered = bindings.fromCareOf(outer.source)
      if (registered.length === 0) return 'unregistered-care-of'
      if (!registered.some((b) => addressEquals(b.haAddress, outer.destination)))
        return 'not-home-agent-address'
      return undefined
    },
    innerFault(outer, inner) {
      const binding = bindings.forHomeAddress(inner.source)
      if (binding === undefined || !addressEquals(binding.careOfAddress, outer.source))
        return 'spoofed-inner-source'
      if (!addressEquals(binding.haAddress, outer.destination)) return 'not-home-agent-address'
      return undefined
    },
  }
}
