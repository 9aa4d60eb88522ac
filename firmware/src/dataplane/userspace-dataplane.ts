// The Home Agent's data plane for kernels without ip6_tunnel: RFC 2473 in userspace, with
// the kernel doing the routing on both sides. Packets the kernel forwards to a registered
// home address leave through the veth path to us; we encapsulate them and hand the tunnel
// packet back to the kernel, which routes it to the care-of address. Tunnel packets to us
// come from the link pool (the nftables guard keeps the kernel from answering them); what
// decapsulates cleanly goes back into the kernel as if received, to be forwarded.
import { readFile, writeFile } from 'node:fs/promises'
import type { BindingChange, ProxyChange } from '@mip6/home-agent'
import { type CommandRunner, runTool } from '@mip6/kernel'
import { type InterfaceWatcher, LinkSocket } from '@mip6/netio'
import { HomeAgentTunnel, type TunnelAction, type TunnelSettings, tunnelSettings } from '@mip6/tunnel'
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_IPV6, formatAddress, type Ipv6Address } from '@mip6/wire'
import type { LinkPool } from '../link-pool'
import { EngineDriver, monotonicMs } from '../runtime/engine-driver'
import type { Logger } from '../runtime/logger'
import type { DataPlaneHealth, HomeAgentDataPlane } from './home-agent-dataplane'
import { LocalAddresses } from './local-addresses'
import { tunnelStatsLines } from './tunnel-stats'
import { DEFAULT_VETH_NAMES, type VethNames, VethPath } from './veth-path'

export interface UserspaceDataPlaneOptions {
  watcher: InterfaceWatcher
  pool: LinkPool
  logger: Logger
  run?: CommandRunner
  names?: VethNames
  settings?: TunnelSettings
  rng?: () => number
}

const FORWARDING = 'sys/net/ipv6/conf/all/forwarding'
/** How long start() waits for libpcap to open our end of the veth pair. */
const OPEN_TIMEOUT_MS = 5_000
/** libpcap's ring on our end of the pair: 64 MiB holds 512 frames at its 128 KiB a slot. */
const RING_BYTES = 64 * 1024 * 1024

export class UserspaceDataPlane implements HomeAgentDataPlane {
  readonly kind = 'userspace'
  readonly tunnel: HomeAgentTunnel
  private readonly driver: EngineDriver<TunnelAction>
  private readonly path: VethPath
  private readonly local: LocalAddresses
  private socket: LinkSocket | undefined
  /** Route changes, one at a time and in the engine's order. */
  private routes: Promise<void> = Promise.resolve()
  private routeFailures = 0
  private lastFailure: string | undefined
  private forwardingBefore: string | undefined
  private injectFailures = 0

  constructor(private readonly options: UserspaceDataPlaneOptions) {
    // The kernel forwarded what comes through the pair: that was the router's one hop.
    this.tunnel = new HomeAgentTunnel(options.settings ?? tunnelSettings(), {
      rng: options.rng ?? Math.random,
      forwardedByHost: true,
    })
    this.driver = new EngineDriver(this.tunnel, (actions) => this.perform(actions), monotonicMs, false)
    this.path = new VethPath(options.names ?? DEFAULT_VETH_NAMES, options.run ?? runTool)
    this.local = new LocalAddresses(options.watcher)
    // Before the pool opens its sockets: tunnel frames come only when someone takes them.
    options.pool.onTunnelPacket((_ifname, packet) => this.fromTunnel(packet))
  }

  async start(): Promise<void> {
    const { logger, watcher } = this.options
    this.forwardingBefore = (await readFile(`/proc/${FORWARDING}`, 'utf8')).trim()
    if (this.forwardingBefore !== '1') {
      await writeFile(`/proc/${FORWARDING}`, '1\n')
      logger.log('info', 'dataplane', 'IPv6 forwarding turned on (net.ipv6.conf.all.forwarding=1)')
    }
    await this.path.create()
    await watcher.refresh()
    const socket = new LinkSocket({
      ifname: this.path.names.ours,
      watcher,
      filter: 'ip6 and not ip6 multicast',
      bufferSize: RING_BYTES,
    })
    socket.on('frame', (f) => this.fromKernel(f.frame))
    this.socket = socket
    await socket.whenOpen(OPEN_TIMEOUT_MS)
    this.local.start()
  }

  apply(change: BindingChange | ProxyChange): void {
    // Proxy ND is the engine's own: it answers for home addresses with our MAC, and the kernel
    // forwards what then arrives along the home-address route.
    if (!('binding' in change)) return
    const { binding } = change
    if (change.kind === 'binding-removed') {
      const had = this.tunnel.bindings.remove(binding.homeAddress)
      if (had)
        this.queue(`remove the route to ${formatAddress(binding.homeAddress)}`, () =>
          this.path.unroute(binding.homeAddress),
        )
      return
    }
    // DAD for the home address still runs: no traffic for it until the binding is registered.
    if (binding.state !== 'registered') return
    const fresh = this.tunnel.bindings.forHomeAddress(binding.homeAddress) === undefined
    this.tunnel.bindings.set(binding)
    if (fresh)
      this.queue(`route ${formatAddress(binding.homeAddress)} into the tunnel`, () =>
        this.path.route(binding.homeAddress),
      )
  }

  sendTunnelled(careOfAddress: Ipv6Address, packet: Uint8Array): boolean {
    const binding = this.tunnel.bindings.fromCareOf(careOfAddress)[0]
    if (!binding || !this.socket) return false
    this.driver.run((now) => this.tunnel.encapsulate(packet, now))
    return true
  }

  async stop(): Promise<void> {
    this.driver.stop()
    this.local.stop()
    await this.routes
    await this.socket?.close()
    this.socket = undefined
    await this.path.remove()
    if (this.forwardingBefore !== undefined && this.forwardingBefore !== '1') {
      await writeFile(`/proc/${FORWARDING}`, `${this.forwardingBefore}\n`).catch(() => {})
    }
  }

  health(): DataPlaneHealth {
    if (!this.socket || this.socket.state.state !== 'open') {
      return { state: 'down', detail: `${this.path.names.ours} is not open` }
    }
    if (this.lastFailure) return { state: 'degraded', detail: this.lastFailure }
    const n = this.tunnel.bindings.list().length
    return { state: 'ok', detail: `userspace: ${n} tunnel${n === 1 ? '' : 's'}` }
  }

  statsLines(): string[] {
    return [
      ...tunnelStatsLines(this.tunnel),
      `dataplane failures: route ${this.routeFailures}, inject ${this.injectFailures}`,
    ]
  }

  /** What the kernel routed to a home address: into its tunnel. */
  private fromKernel(frame: Uint8Array): void {
    if (!isIpv6(frame)) return
    this.driver.run((now) => this.tunnel.encapsulate(frame.subarray(ETHERNET_HEADER_LENGTH), now))
  }

  /** A tunnel packet heard on a router interface; ones for other hosts pass by. */
  private fromTunnel(packet: Uint8Array): void {
    if (!this.local.has(packet.subarray(24, 40))) return
    this.driver.run((now) => this.tunnel.decapsulate(packet, now))
  }

  private perform(actions: TunnelAction[]): void {
    for (const a of actions) {
      if (a.kind === 'drop') continue
      // Tunnel packets, our ICMPv6 errors and decapsulated packets alike: the kernel routes them.
      if (!this.inject(a.packet)) this.injectFailures++
    }
  }

  private inject(packet: Uint8Array): boolean {
    const frame = this.path.framed(packet)
    return frame !== undefined && this.socket !== undefined && this.socket.send(frame)
  }

  private queue(what: string, step: () => Promise<void>): void {
    this.routes = this.routes.then(step).then(
      () => {
        this.lastFailure = undefined
      },
      (e: Error) => {
        this.routeFailures++
        this.lastFailure = `cannot ${what}: ${e.message}`
        this.options.logger.log('error', 'dataplane', this.lastFailure)
      },
    )
  }
}

function isIpv6(frame: Uint8Array): boolean {
  return frame.length > ETHERNET_HEADER_LENGTH && ((frame[12]! << 8) | frame[13]!) === ETHERTYPE_IPV6
}
