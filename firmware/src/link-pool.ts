// One libpcap socket per router interface, shared by the RA engine and the Home Agent: each
// frame is decoded once and handed to every service, and the link-layer source of what we
// hear is remembered so replies can go back the way requests came (the router has no raw IPv6
// socket to let the kernel route and resolve for it).
import { type InterfaceWatcher, LinkSocket, type ReceivedFrame } from '@mip6/netio'
import {
  type DecodedFrame,
  decodeFrame,
  ETHERNET_HEADER_LENGTH,
  ETHERTYPE_IPV6,
  formatAddress,
  type Ipv6Address,
  isUnspecified,
} from '@mip6/wire'
import type { Logger } from './runtime/logger'

/**
 * What the services want, filtered in the kernel: Mobility Headers (bare or after a
 * Destination Options header, where the Home Address option rides) and the ICMPv6 messages
 * RS, RA, NS, NA and DHAAD Request. Mobile Prefix Solicitations come with a Home Address
 * option, so after a Destination Options header too.
 */
export const POOL_FILTER =
  'ip6 and (ip6[6] == 135 or ip6[6] == 60 or ' +
  '(ip6[6] == 58 and (ip6[40] == 133 or ip6[40] == 134 or ip6[40] == 135 or ip6[40] == 136 or ip6[40] == 144)))'

/** IPv6-in-IPv6 (Next Header 41) and its outer fragments, for the userspace data plane. */
const TUNNEL_FILTER = 'ip6[6] == 41 or (ip6[6] == 44 and ip6[40] == 41)'

export type FrameListener = (ifname: string, frame: DecodedFrame) => void
/** The IPv6 packet of a tunnel frame: a view into the frame, valid during the call. */
export type TunnelListener = (ifname: string, packet: Uint8Array) => void

export interface Neighbor {
  ifname: string
  mac: Uint8Array
}

/** Neighbours learned from traffic are forgotten beyond this many (oldest first). */
const MAX_NEIGHBORS = 4096

export class LinkPool {
  private readonly sockets = new Map<string, LinkSocket>()
  private readonly listeners: FrameListener[] = []
  private readonly stateListeners: Array<(ifname: string) => void> = []
  private readonly neighbors = new Map<string, Neighbor>()
  private tunnelListener: TunnelListener | undefined
  malformedFrames = 0
  failedFrames = 0

  constructor(
    private readonly watcher: InterfaceWatcher,
    private readonly logger: Logger,
  ) {}

  onFrame(listener: FrameListener): void {
    this.listeners.push(listener)
  }

  /**
   * Tunnel frames go here undecoded, and only when a listener asked for them: the kernel data
   * plane's tunnels carry traffic the router must not copy up. Sockets open from keep() on.
   */
  onTunnelPacket(listener: TunnelListener): void {
    if (this.sockets.size > 0) throw new Error('onTunnelPacket after interfaces opened')
    this.tunnelListener = listener
  }

  /** Called when an interface's socket opens or closes. */
  onState(listener: (ifname: string) => void): void {
    this.stateListeners.push(listener)
  }

  /** Opens the interfaces in `names` not open yet and closes the others. */
  keep(names: Iterable<string>): void {
    const wanted = new Set(names)
    for (const name of wanted) if (!this.sockets.has(name)) this.open(name)
    for (const [name, socket] of this.sockets) {
      if (wanted.has(name)) continue
      this.sockets.delete(name)
      void socket.close()
    }
  }

  isOpen(ifname: string): boolean {
    return this.sockets.get(ifname)?.state.state === 'open'
  }

  send(ifname: string, frame: Uint8Array): boolean {
    return this.sockets.get(ifname)?.send(frame) ?? false
  }

  /** Where a frame from `address` came from last: the interface and the MAC to answer to. */
  neighbor(address: Ipv6Address): Neighbor | undefined {
    return this.neighbors.get(formatAddress(address))
  }

  async close(): Promise<void> {
    await Promise.all([...this.sockets.values()].map((s) => s.close()))
    this.sockets.clear()
  }

  private open(name: string): void {
    const filter = this.tunnelListener ? `${POOL_FILTER} or (ip6 and (${TUNNEL_FILTER}))` : POOL_FILTER
    const socket = new LinkSocket({ ifname: name, watcher: this.watcher, filter })
    socket.on('frame', (f) => {
      // One bad frame must not stop the next: a bug it trips is logged, counted and survived.
      try {
        this.received(name, f)
      } catch (e) {
        this.failedFrames++
        this.logger.log('error', 'netio', `frame on ${name} not handled: ${(e as Error).stack ?? e}`)
      }
    })
    socket.on('state', (s) => {
      this.logger.log('debug', 'netio', `${name}: ${s.state}`, 'reason' in s ? { reason: s.reason } : {})
      for (const l of this.stateListeners) l(name)
    })
    this.sockets.set(name, socket)
  }

  private received(name: string, f: ReceivedFrame): void {
    if (this.tunnelListener && isTunnelFrame(f.frame)) {
      this.tunnelListener(name, f.frame.subarray(ETHERNET_HEADER_LENGTH))
      return
    }
    const decoded = decodeFrame(f.frame)
    if (!decoded.ok) {
      this.malformedFrames++
      return
    }
    this.learn(name, decoded.value)
    for (const l of this.listeners) l(name, decoded.value)
  }

  private learn(ifname: string, frame: DecodedFrame): void {
    if (isUnspecified(frame.packet.header.source)) return
    const key = formatAddress(frame.packet.header.source)
    this.neighbors.delete(key)
    this.neighbors.set(key, { ifname, mac: frame.ethernet.source })
    if (this.neighbors.size > MAX_NEIGHBORS) this.neighbors.delete(this.neighbors.keys().next().value!)
  }
}

const NEXT_HEADER_OFFSET = ETHERNET_HEADER_LENGTH + 6
const FRAGMENT_NEXT_HEADER_OFFSET = ETHERNET_HEADER_LENGTH + 40

/** The kernel filter's test again: the pool's other frames share the socket. */
function isTunnelFrame(frame: Uint8Array): boolean {
  const next = frame[NEXT_HEADER_OFFSET]
  const ethertype = (frame[12]! << 8) | frame[13]!
  return (
    ethertype === ETHERTYPE_IPV6 &&
    (next === 41 || (next === 44 && frame[FRAGMENT_NEXT_HEADER_OFFSET] === 41))
  )
}
