// The Home Agent's IPv6-in-IPv6 tunnels (RFC 2473) to and from its mobile nodes' care-of
// addresses, sans-I/O: the protocol core of the userspace data plane. The adapter captures
// packets on the home link for registered home addresses (encapsulate) and tunnel packets to
// the Home Agent addresses (decapsulate), sends what comes out, and arms one timer at
// nextTimeout() for handleTimeout().
import { homeAgentEnds } from './home-agent-ends'
import type { TunnelSettings } from './settings'
import { TunnelBindings } from './tunnel-bindings'
import { TunnelEndpoint, type TunnelOptions } from './tunnel-endpoint'

export type { TunnelOptions }

export interface HomeAgentTunnelOptions extends TunnelOptions {
  /**
   * The host's own stack forwarded the original packets to us (a route into a veth pair):
   * their hop through this router is taken already, and the stack sent the Time Exceeded of
   * any that had none left. Default false: we forward them, and decrement.
   */
  forwardedByHost?: boolean
}

export class HomeAgentTunnel extends TunnelEndpoint {
  /** Told of the Home Agent's binding-added, binding-changed and binding-removed actions. */
  readonly bindings: TunnelBindings

  constructor(settings: TunnelSettings, options: HomeAgentTunnelOptions) {
    const bindings = new TunnelBindings()
    super(settings, homeAgentEnds(bindings, !options.forwardedByHost), options)
    this.bindings = bindings
  }
}
