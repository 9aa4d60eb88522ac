// The mobile node's end of its bidirectional tunnel to the home agent (RFC 6275 §11.3.1, RFC
// 2473), sans-I/O: the core of `mip6-router mn` on kernels without ip6_tunnel. The adapter
// hands it what the host sends from the home address (encapsulate: outer source the care-of
// address, destination the home agent; the inner packet untouched, as the host originated
// it) and tunnel packets to the care-of address (decapsulate: only from the home agent, only
// for the home address). Between a tunnel-down and the next tunnel-up nothing passes.
import { type BindingSlot, type MobileNodeBinding, mobileNodeEnds } from './mobile-node-ends'
import type { TunnelSettings } from './settings'
import { TunnelEndpoint, type TunnelOptions } from './tunnel-endpoint'

export type { MobileNodeBinding } from './mobile-node-ends'

export class MobileNodeTunnel extends TunnelEndpoint {
  private readonly slot: BindingSlot

  constructor(settings: TunnelSettings, options: TunnelOptions) {
    const slot: BindingSlot = { binding: undefined }
    super(settings, mobileNodeEnds(slot), options)
    this.slot = slot
  }

  /** The mobile node's tunnel-up (a copy is kept), or undefined on tunnel-down. */
  setBinding(binding: MobileNodeBinding | undefined): void {
    this.slot.binding = binding && {
      homeAddress: binding.homeAddress.slice(),
      careOfAddress: binding.careOfAddress.slice(),
      homeAgent: binding.homeAgent.slice(),
    }
  }

  binding(): MobileNodeBinding | undefined {
    return this.slot.binding
  }
}
