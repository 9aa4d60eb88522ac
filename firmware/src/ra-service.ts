// Wires the RA engine to real links: interface facts from the InterfaceWatcher, RS/RA frames
// from the shared LinkPool, RAs out through it, and the forwarding sysctl. No protocol
// decisions here: those are the engine's.
import type { RouterConfig } from '@mip6/config'
import { type InterfaceFacts, type InterfaceWatcher, readIpv6Sysctl } from '@mip6/netio'
import {
  type HomeAgentHeard,
  type LinkFacts,
  ND_HOP_LIMIT,
  type RaAction,
  RaEngine,
  raSettingsFrom,
  type SendAdvert,
} from '@mip6/ra'
import {
  ALL_NODES,
  addressEquals,
  type DecodedFrame,
  encodeFrame,
  type Ipv6Address,
  isMulticast,
  multicastMac,
  mustParse,
  parseMac,
  type RouterAdvert,
} from '@mip6/wire'
import type { LinkPool } from './link-pool'
import { EngineDriver } from './runtime/engine-driver'
import type { Logger } from './runtime/logger'

const FORWARDING_POLL_MS = 5000

export interface RaServiceOptions {
  watcher: InterfaceWatcher
  pool: LinkPool
  logger: Logger
  /** Other home agents heard on a link, for the Home Agent's list (RFC 6275 §10.5.1). */
  onHomeAgentHeard?: (heard: HomeAgentHeard) => void
  /** An interface starts or stops advertising, for telemetry. */
  onInterface?: (ifname: string, up: boolean) => void
  rng?: () => number
  procRoot?: string
}

export class RaService {
  readonly engine: RaEngine
  private readonly driver: EngineDriver<RaAction>
  private names = new Set<string>()
  private forwardingTimer: NodeJS.Timeout | undefined
  private readonly multicastFrames = new WeakMap<
    RouterAdvert,
    { mac: string; source: Ipv6Address; frame: Uint8Array }
  >()

  constructor(private readonly options: RaServiceOptions) {
    this.engine = new RaEngine({ rng: options.rng ?? Math.random })
    this.driver = new EngineDriver(this.engine, (actions) => this.perform(actions))
  }

  /** The interfaces this service needs open in the pool. */
  interfaces(): string[] {
    return [...this.names]
  }

  async start(config: RouterConfig): Promise<void> {
    const { watcher, pool } = this.options
    watcher.on('added', (f) => this.linkChanged(f.name))
    watcher.on('removed', (f) => this.linkChanged(f.name))
    watcher.on('changed', (before, after) => {
      this.linkChanged(after.name)
      if (before.name !== after.name) this.linkChanged(before.name)
    })
    pool.onState((name) => this.linkChanged(name))
    pool.onFrame((name, frame) => this.received(name, frame))
    await this.pollForwarding(true)
    this.forwardingTimer = setInterval(() => void this.pollForwarding(false), FORWARDING_POLL_MS)
    this.apply(config)
  }

  /** Applies a new configuration: the engine sends what the change calls for, nothing more. */
  apply(config: RouterConfig): void {
    this.names = new Set(config.interfaces.map((i) => i.name))
    this.driver.run((now) => this.engine.configure(config.interfaces.map(raSettingsFrom), now))
    for (const name of this.names) this.linkChanged(name)
  }

  /** Final RAs out; the pool, closed after this, drains what was queued first. */
  stop(): void {
    clearInterval(this.forwardingTimer)
    this.driver.run((now) => this.engine.stop(now))
    this.driver.stop()
  }

  /** The engine sees a link as up only while its socket can send, so no RA is lost at start. */
  private linkChanged(name: string): void {
    if (!this.names.has(name)) return
    const facts = this.options.watcher.get(name)
    const link = facts && linkFacts(facts, this.options.pool.isOpen(name))
    this.driver.run((now) => this.engine.handle({ kind: 'link', ifname: name, link }, now))
  }

  private received(name: string, frame: DecodedFrame): void {
    if (!this.names.has(name) || frame.message?.kind !== 'icmpv6') return
    const { packet, ethernet } = frame
    const msg = frame.message.msg
    const ip = {
      source: packet.header.source,
      destination: packet.header.destination,
      hopLimit: packet.header.hopLimit,
    }
    if (msg.kind === 'router-solicit') {
      this.driver.run((now) =>
        this.engine.handle(
          { kind: 'router-solicit', ifname: name, ...ip, sourceMac: ethernet.source, msg },
          now,
        ),
      )
    } else if (msg.kind === 'router-advert') {
      this.driver.run((now) => this.engine.handle({ kind: 'router-advert', ifname: name, ...ip, msg }, now))
    }
  }

  private async pollForwarding(first: boolean): Promise<void> {
    const enabled = (await readIpv6Sysctl('all', 'forwarding', this.options.procRoot).catch(() => 0)) === 1
    if (first && !enabled) {
      this.options.logger.log(
        'warn',
        'ra',
        'net.ipv6.conf.all.forwarding is 0: this node is not a router, so its RAs carry router lifetime 0 ' +
          '(fix: sysctl -w net.ipv6.conf.all.forwarding=1)',
      )
    }
    this.driver.run((now) => this.engine.handle({ kind: 'forwarding', enabled }, now))
  }

  private perform(actions: RaAction[]): void {
    for (const a of actions) {
      switch (a.kind) {
        case 'send':
          this.send(a)
          break
        case 'log':
          this.options.logger.log(a.level, 'ra', a.message, { ifname: a.ifname })
          break
        case 'event':
          this.options.logger.log('info', 'ra', a.event, { ifname: a.ifname })
          this.options.onInterface?.(a.ifname, a.event === 'ra-interface-up')
          break
        case 'home-agent-heard':
          this.options.onHomeAgentHeard?.(a)
          break
      }
    }
  }

  private send(a: SendAdvert): void {
    const mac = this.options.watcher.get(a.ifname)?.mac
    if (!mac) return
    // The engine hands out the same advert until it changes: its all-nodes frame is encoded once.
    const multicast = addressEquals(a.destination, ALL_NODES)
    const cached = multicast ? this.multicastFrames.get(a.msg) : undefined
    if (cached?.mac === mac && addressEquals(cached.source, a.source)) {
      this.options.pool.send(a.ifname, cached.frame)
      return
    }
    const sourceMac = parseMac(mac)
    if (!sourceMac.ok) return
    // Unicast without a known link-layer address goes to the all-nodes MAC: the host's IPv6
    // layer still takes it, as its address is the destination.
    const destinationMac =
      a.destinationMac ?? multicastMac(isMulticast(a.destination) ? a.destination : ALL_NODES)
    const frame = encodeFrame({
      sourceMac: sourceMac.value,
      destinationMac,
      header: {
        trafficClass: 0,
        flowLabel: 0,
        hopLimit: ND_HOP_LIMIT,
        source: a.source,
        destination: a.destination,
      },
      message: { kind: 'icmpv6', msg: a.msg },
    })
    if (multicast) this.multicastFrames.set(a.msg, { mac, source: a.source, frame })
    this.options.pool.send(a.ifname, frame)
  }
}

function linkFacts(f: InterfaceFacts, socketOpen: boolean): LinkFacts {
  const mac = f.mac ? parseMac(f.mac) : undefined
  return {
    up: f.adminUp && f.operUp && socketOpen,
    mac: mac?.ok ? mac.value : undefined,
    linkLocal: f.linkLocalReady && f.linkLocal ? mustParse(f.linkLocal.address) : undefined,
    linkLocals: f.addresses
      .filter((a) => a.scope === 'link' && !a.tentative && !a.dadFailed)
      .map((a) => mustParse(a.address)),
    addresses: f.addresses
      .filter((a) => a.scope === 'global' && !a.tentative)
      .map((a) => mustParse(a.address)),
  }
}
