// The public surface of @mip6/tunnel.
export type * from './actions'
export type { TunnelCounters } from './counters'
export { HomeAgentTunnel, type HomeAgentTunnelOptions, type TunnelOptions } from './home-agent-tunnel'
export { type MobileNodeBinding, MobileNodeTunnel } from './mobile-node-tunnel'
export { type ReassemblySettings, type TunnelSettings, tunnelSettings } from './settings'
export type { TunnelBinding, TunnelBindings } from './tunnel-bindings'
export { TunnelEndpoint } from './tunnel-endpoint'
export { IPV6_MIN_MTU, tunnelMtu } from './tunnel-mtu'
