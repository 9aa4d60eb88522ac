// Wires the mobile node engine to the host: a libpcap socket on the roaming interface (RAs,
// Mobility Headers, DHAAD replies, MPAs, the home agent's tunnel), the kernel (addresses,
// routes, sysctls, the nftables guard: mn-host.ts), the userspace tunnel endpoint
// (mn-tunnel-path.ts) and the console. Sends go to the MAC of the router they are for when it
// is on the current link, else to the default router's; both learned from RAs.
import type { MobileNodeConfig } from '@mip6/config'
import { type ConsoleCommand, ConsoleServer } from '@mip6/console'
import { type CommandRunner, runTool } from '@mip6/kernel'
import { type MnAction, MobileNode, type RouterAdvertInput } from '@mip6/mobile-node'
import { type InterfaceFacts, InterfaceWatcher, LinkSocket, monotonicNowMs } from '@mip6/netio'
import {
  addressEquals,
  decodeFrame,
  ETHERNET_HEADER_LENGTH,
  formatAddress,
  type Ipv6Address,
  ipv6Frame,
  isLinkLocalUnicast,
  type MacAddress,
  maskAddress,
  parseMac,
} from '@mip6/wire'
import { EngineDriver } from '../runtime/engine-driver'
import type { Logger } from '../runtime/logger'
import { eventLine } from './mn-events'
import { classify, frameOf, isSend, MN_FILTER } from './mn-frames'
import { MnHost } from './mn-host'
import { mobileNodeSettingsFrom } from './mn-settings'
import { MN_VETH_NAMES, MnTunnelPath, TUNNEL_GATEWAY } from './mn-tunnel-path'

const INTERFACE_WAIT_MS = 10_000
const OPEN_TIMEOUT_MS = 5_000
const INFINITE = 0xffffffff

export interface MnServiceOptions {
  ifname: string
  config: MobileNodeConfig
  logger: Logger
  consolePort: number
  run?: CommandRunner
}

interface Tunnel {
  careOf: Ipv6Address
  homeAgent: Ipv6Address
  homeAddress: Ipv6Address
}

export class MnService {
  private readonly watcher = new InterfaceWatcher()
  private readonly host: MnHost
  private readonly run: CommandRunner
  private engine: MobileNode | undefined
  private driver: EngineDriver<MnAction> | undefined
  private socket: LinkSocket | undefined
  private path: MnTunnelPath | undefined
  private console: ConsoleServer | undefined
  private ownMac: MacAddress | undefined
  /** Routers by every address the engine may know them by: their link-local source and MAC. */
  private readonly routers = new Map<string, { linkLocal: Ipv6Address; mac: MacAddress }>()
  /** Addresses added with DAD whose outcome the engine waits for. */
  private readonly pendingDad = new Map<string, Ipv6Address>()
  private tunnel: Tunnel | undefined
  private linkUp: boolean | undefined
  private routesFor = ''
  malformedFrames = 0

  constructor(private readonly options: MnServiceOptions) {
    this.run = options.run ?? runTool
    this.host = new MnHost(this.run, options.logger)
  }

  async start(): Promise<void> {
    const { ifname, logger } = this.options
    await this.watcher.start()
    const facts = await this.watcher.waitFor(ifname, (f) => f.linkLocal !== undefined, INTERFACE_WAIT_MS)
    const settings = mobileNodeSettingsFrom(this.options.config, facts)
    if (!settings.ok) throw new Error(settings.error)
    const mac = parseMac(facts.mac!)
    this.ownMac = mac.ok ? mac.value : undefined
    const engine = new MobileNode(settings.value, { rng: Math.random })
    this.engine = engine
    this.driver = new EngineDriver(engine, (a) => this.perform(a), monotonicNowMs, false)

    // The engine does SLAAC and picks routers itself; the kernel must not do it beside it,
    // and what it configured before we started would outlive every move.
    await this.host.sysctl(ifname, 'accept_ra', 0)
    // Without it the kernel drops the optimistic flag: the care-of address stays tentative
    // and unanswered neighbour solicitations hold the first tunnelled packet up to a second.
    if (settings.value.careOfDad === 'optimistic') await this.host.sysctl(ifname, 'optimistic_dad', 1)
    await this.host.flushAutoconfigured(ifname)
    await this.host.guard()
    this.path = new MnTunnelPath({
      run: this.run,
      watcher: this.watcher,
      logger,
      homeAddress: settings.value.homeAddress,
      linkMtu: facts.mtu,
      clock: monotonicNowMs,
      sendTunnelled: (packet) => this.sendTunnelled(packet),
    })
    await this.path.start()

    this.socket = new LinkSocket({ ifname, watcher: this.watcher, filter: MN_FILTER })
    this.socket.on('frame', (f) => this.received(f.frame))
    this.watcher.on('changed', (_before, after) => {
      if (after.name === ifname) this.interfaceChanged(after)
    })
    await this.socket.whenOpen(OPEN_TIMEOUT_MS)
    this.interfaceChanged(facts)
    await this.startConsole()
    logger.log('info', 'mn', 'started', {
      interface: ifname,
      homeAddress: formatAddress(settings.value.homeAddress),
      homeAgent: settings.value.homeAgent ? formatAddress(settings.value.homeAgent) : 'by DHAAD',
    })
  }

  /** Everything installed goes; the host is as before start. */
  async stop(): Promise<void> {
    this.driver?.stop()
    await this.socket?.close()
    await this.host.idle()
    await this.path?.stop()
    await this.host.stop()
    await this.console?.close()
    await this.watcher.close()
  }

  consoleCommands(): Record<string, ConsoleCommand> {
    return {
      bul: {
        summary: "binding update list, in mip6d's layout",
        usage: 'bul',
        mutating: false,
        run: () => this.engine?.bulLines(monotonicNowMs()).join('\n') || 'binding update list is empty',
      },
      stats: {
        summary: "the mobile node's and its tunnel's counters",
        usage: 'stats',
        mutating: false,
        run: () => {
          const c = this.engine?.counters
          const t = this.path?.tunnel.counters
          return [
            `mn received: ${JSON.stringify(c?.received ?? {})}`,
            `mn drops: ${JSON.stringify(c?.drops ?? {})}`,
            `mn malformed frames: ${this.malformedFrames}`,
            `tunnel: encapsulated ${t?.encapsulated ?? 0}, decapsulated ${t?.decapsulated ?? 0}, drops ${JSON.stringify(t?.drops ?? {})}`,
          ].join('\n')
        },
      },
    }
  }

  private async startConsole(): Promise<void> {
    const { consolePort, logger } = this.options
    if (consolePort === 0) return
    this.console = new ConsoleServer({ commands: this.consoleCommands(), port: consolePort, logger })
    await this.console.listen().catch((e: Error) => logger.log('error', 'console', e.message))
  }

  private received(bytes: Uint8Array): void {
    const decoded = decodeFrame(bytes)
    if (!decoded.ok) {
      this.malformedFrames++
      return
    }
    const frame = decoded.value
    const r = classify(this.options.ifname, frame)
    if (r?.kind === 'input' && r.input.kind === 'router-advert')
      this.learnRouter(r.input, frame.ethernet.source)
    if (r?.kind === 'tunnel') this.path?.fromHomeAgent(bytes.subarray(ETHERNET_HEADER_LENGTH))
    else if (r?.kind === 'input') this.driver?.run((now) => this.engine!.handle(r.input, now))
  }

  /** RFC 6275 §7.2: a router is also known by the addresses in its R-flag prefixes. */
  private learnRouter(ra: RouterAdvertInput, mac: MacAddress): void {
    const entry = { linkLocal: ra.source.slice(), mac: mac.slice() }
    this.routers.set(formatAddress(ra.source), entry)
    for (const o of ra.msg.options)
      if (o.kind === 'prefix-information' && o.routerAddress) this.routers.set(formatAddress(o.prefix), entry)
  }

  private currentRouter(): { linkLocal: Ipv6Address; mac: MacAddress } | undefined {
    const router = this.engine?.currentLink()?.router
    return router && this.routers.get(formatAddress(router))
  }

  private interfaceChanged(f: InterfaceFacts): void {
    const up = f.adminUp && f.carrier
    if (up !== this.linkUp) {
      this.linkUp = up
      this.driver?.run((now) => this.engine!.handle({ kind: 'link', ifname: f.name, up }, now))
    }
    for (const [key, address] of this.pendingDad) {
      const a = f.addresses.find((x) => x.address === key)
      if (a === undefined || (a.tentative && !a.dadFailed)) continue
      this.pendingDad.delete(key)
      const duplicate = a.dadFailed
      this.driver?.run((now) =>
        this.engine!.handle({ kind: 'dad-result', ifname: f.name, address, duplicate }, now),
      )
    }
  }

  private perform(actions: MnAction[]): void {
    const { logger, ifname } = this.options
    // Each `ip` costs ~10 ms: what goes away (the old care-of address, the home address on the
    // tunnel end) waits until the routes that carry traffic are right; a removal that an add
    // of the same address follows in this batch is not done at all.
    const removals = new Map<string, { ifname: string; address: Ipv6Address }>()
    const key = (ifname: string, address: Ipv6Address) => `${ifname} ${formatAddress(address)}`
    for (const a of actions) {
      if (isSend(a)) {
        this.send(a)
        continue
      }
      switch (a.kind) {
        case 'address-add':
          removals.delete(key(a.ifname, a.address))
          if (a.dad) this.pendingDad.set(formatAddress(a.address), a.address)
          void this.host.addAddress(a).then(() => this.watcher.refresh())
          break
        case 'address-remove':
          this.pendingDad.delete(formatAddress(a.address))
          removals.set(key(a.ifname, a.address), a)
          break
        case 'tunnel-up':
          removals.delete(key(MN_VETH_NAMES.kernel, a.homeAddress))
          this.tunnelUp(a)
          break
        case 'tunnel-down':
          this.tunnel = undefined
          this.path?.setBinding(undefined)
          removals.set(key(MN_VETH_NAMES.kernel, a.homeAddress), {
            ifname: MN_VETH_NAMES.kernel,
            address: a.homeAddress,
          })
          break
        case 'event': {
          const { msg, fields } = eventLine(a)
          logger.log('info', 'mn', msg, fields)
          break
        }
        case 'log':
          logger.log(a.level, 'mn', a.message, { interface: ifname })
          break
      }
    }
    this.syncRoutes()
    for (const r of removals.values()) void this.host.removeAddress(r.ifname, r.address)
  }

  private send(a: Parameters<typeof frameOf>[0]): void {
    // On the current link (a router of its prefix, the home agent at home): its own MAC.
    const link = this.engine?.currentLink()
    const onLink =
      isLinkLocalUnicast(a.destination) ||
      (link?.prefix !== undefined &&
        addressEquals(maskAddress(a.destination, link.prefix.length), link.prefix.address))
    const nextHop =
      (onLink ? this.routers.get(formatAddress(a.destination))?.mac : undefined) ?? this.currentRouter()?.mac
    const frame = this.ownMac && frameOf(a, this.ownMac, nextHop)
    if (!frame || !this.socket?.send(frame))
      this.options.logger.log('warn', 'mn', `cannot send ${a.kind} to ${formatAddress(a.destination)}`)
  }

  /** To the home agent by way of the current router, as the routes below would send it. */
  private sendTunnelled(packet: Uint8Array): boolean {
    const router = this.currentRouter()
    if (!this.ownMac || !router || !this.socket) return false
    return this.socket.send(ipv6Frame(packet, this.ownMac, router.mac))
  }

  private tunnelUp(t: Tunnel): void {
    const moved = this.tunnel !== undefined
    this.tunnel = { careOf: t.careOf, homeAgent: t.homeAgent, homeAddress: t.homeAddress }
    this.path?.setBinding({ homeAddress: t.homeAddress, careOfAddress: t.careOf, homeAgent: t.homeAgent })
    if (moved) return
    void this.host.addAddress({
      ifname: MN_VETH_NAMES.kernel,
      address: t.homeAddress,
      prefixLength: 128,
      dad: false,
      optimistic: false,
      validLifetimeS: INFINITE,
      preferredLifetimeS: INFINITE,
    })
  }

  /**
   * Away and registered: everything from the home address into the tunnel, the home agent
   * itself via the current router (the tunnel packets go there). Otherwise the current
   * router is the default route.
   */
  private syncRoutes(): void {
    const router = this.currentRouter()?.linkLocal
    const { ifname } = this.options
    const t = this.tunnel
    const wanted: string[][] = []
    if (router && t) {
      const hoa = formatAddress(t.homeAddress)
      wanted.push([
        'default',
        'via',
        TUNNEL_GATEWAY,
        'dev',
        MN_VETH_NAMES.kernel,
        'src',
        hoa,
        'metric',
        '100',
      ])
      wanted.push([`${formatAddress(t.homeAgent)}/128`, 'via', formatAddress(router), 'dev', ifname])
    } else if (router) wanted.push(['default', 'via', formatAddress(router), 'dev', ifname, 'metric', '1024'])
    const key = wanted.map((r) => r.join(' ')).join(';')
    if (key === this.routesFor) return
    this.routesFor = key
    void this.host.setRoutes(wanted)
  }
}
