// The mobile node's userspace tunnel endpoint, for kernels without ip6_tunnel: the home
// address lives on mip6mn0, the kernel's end of a veth pair, whose default route (source the
// home address) points at a fake neighbour that is really our end, mip6mn1. What the host
// sends from the home address is captured there and encapsulated (MobileNodeTunnel); the
// tunnel packet leaves by the roaming interface (`sendTunnelled`), and what comes out of the
// home agent's tunnel is injected towards mip6mn0, where the kernel takes it as received.
// The host never forwards: a laptop that turned router would own its links' subnet-router
// anycast addresses, the home agent's among them. The pair is the data plane's
// (../dataplane/veth-path.ts), other names.
import type { CommandRunner } from '@mip6/kernel'
import { type InterfaceWatcher, LinkSocket } from '@mip6/netio'
import { type MobileNodeBinding, MobileNodeTunnel, type TunnelAction, tunnelSettings } from '@mip6/tunnel'
import { ETHERNET_HEADER_LENGTH, formatAddress, type Ipv6Address } from '@mip6/wire'
import { VethPath } from '../dataplane/veth-path'
import { EngineDriver } from '../runtime/engine-driver'
import type { Logger } from '../runtime/logger'

export const MN_VETH_NAMES = { kernel: 'mip6mn0', ours: 'mip6mn1' }
/** The veth path's fake neighbour on mip6mn0 (see veth-path.ts). */
export const TUNNEL_GATEWAY = 'fe80::1'
const TUNNEL_HEADER_LENGTH = 40
const OPEN_TIMEOUT_MS = 5_000

export class MnTunnelPath {
  readonly tunnel: MobileNodeTunnel
  readonly path: VethPath
  private socket: LinkSocket | undefined
  private readonly driver: EngineDriver<TunnelAction>
  sendFailures = 0

  constructor(
    private readonly options: {
      run: CommandRunner
      watcher: InterfaceWatcher
      logger: Logger
      homeAddress: Ipv6Address
      linkMtu: number
      clock: () => number
      /** A tunnel packet for the home agent, out of the roaming interface; false if it could not go. */
      sendTunnelled: (packet: Uint8Array) => boolean
    },
  ) {
    this.tunnel = new MobileNodeTunnel(tunnelSettings({ linkMtu: options.linkMtu }), { rng: Math.random })
    this.path = new VethPath(MN_VETH_NAMES, options.run)
    this.driver = new EngineDriver(this.tunnel, (a) => this.perform(a), options.clock, false)
  }

  async start(): Promise<void> {
    const { run, watcher, homeAddress, linkMtu } = this.options
    await this.path.create()
    // The kernel fragments and learns path MTUs for what fits the tunnel: no Packet Too Big from us.
    await run(['ip', 'link', 'set', MN_VETH_NAMES.kernel, 'mtu', String(linkMtu - TUNNEL_HEADER_LENGTH)])
    await watcher.refresh()
    this.socket = new LinkSocket({
      ifname: MN_VETH_NAMES.ours,
      watcher,
      filter: `ip6 src host ${formatAddress(homeAddress)}`,
    })
    this.socket.on('frame', (f) =>
      this.driver.run((now) => this.tunnel.encapsulate(f.frame.subarray(ETHERNET_HEADER_LENGTH), now)),
    )
    await this.socket.whenOpen(OPEN_TIMEOUT_MS)
  }

  setBinding(binding: MobileNodeBinding | undefined): void {
    this.tunnel.setBinding(binding)
  }

  /** A tunnel packet (or outer fragment) heard on the roaming interface. */
  fromHomeAgent(packet: Uint8Array): void {
    this.driver.run((now) => this.tunnel.decapsulate(packet, now))
  }

  async stop(): Promise<void> {
    this.driver.stop()
    await this.socket?.close()
    this.socket = undefined
    await this.path.remove()
  }

  private perform(actions: TunnelAction[]): void {
    for (const a of actions) {
      if (a.kind === 'drop') continue
      // Decapsulated packets and our ICMPv6 errors (to the home address) are the host's.
      const sent = a.kind === 'send-tunnelled' ? this.options.sendTunnelled(a.packet) : this.inject(a.packet)
      if (!sent) this.sendFailures++
    }
  }

  private inject(packet: Uint8Array): boolean {
    const frame = this.path.framed(packet)
    return frame !== undefined && this.socket !== undefined && this.socket.send(frame)
  }
}
