// What the Home Agent's packets ride on: a data plane moves traffic for registered home
// addresses to their care-of addresses and back (RFC 6275 §10.4.2, §10.4.5). The kernel one
// drives ip6_tunnel and proxy NDP with iproute2; the userspace one tunnels through a veth
// pair into the kernel's forwarding path, for kernels without ip6_tunnel. HaService hands
// either one the engine's binding and proxy changes, in order.
import type { BindingChange, ProxyChange } from '@mip6/home-agent'
import type { Ipv6Address } from '@mip6/wire'

export type DataPlaneKind = 'kernel' | 'userspace'

export interface DataPlaneHealth {
  state: 'ok' | 'degraded' | 'down'
  detail: string
}

export interface HomeAgentDataPlane {
  readonly kind: DataPlaneKind
  /** Installs what every binding needs (sysctls, rules, links); rejects when it cannot. */
  start(): Promise<void>
  /** One change from the engine; failures are logged and show in health(), never thrown. */
  apply(change: BindingChange | ProxyChange): void
  /**
   * An IPv6 packet (header and all, checksums filled) from this Home Agent to a registered
   * home address, sent inside that binding's tunnel (a Binding Refresh Request, RFC 6275
   * §9.5.5). False when there is no tunnel to that care-of address.
   */
  sendTunnelled(careOfAddress: Ipv6Address, packet: Uint8Array): boolean
  /** Removes everything start() and apply() installed; the persisted bindings reinstall it. */
  stop(): Promise<void>
  health(): DataPlaneHealth
  /** Console `stats` lines: tunnels, packets each way, drops by reason. */
  statsLines(): string[]
}
