// Wires the Home Agent engine to real links. Mobility Headers, Neighbor Discovery, DHAAD and
// Mobile Prefix Solicitations come from the shared LinkPool (on any router interface: a BU
// arrives on the link the mobile node visits); replies leave on the interface, and to the
// link-layer address, that the peer was last heard from. The nftables guard keeps the kernel
// from answering what the engine answers; the binding cache is saved soon after every change
// (saves coalesce, see binding-store.ts) and on stop.
import { createHmac } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { HomeAgentConfig, RouterConfig } from '@mip6/config'
import type { ConsoleCommand } from '@mip6/console'
import {
  formatBindingCache,
  formatHomeAgentsList,
  type HaAction,
  type HaInput,
  HomeAgent,
  homeAgentSettings,
  type MnHaKey,
  type SendIcmp,
  type SendMobility,
} from '@mip6/home-agent'
import { installGuard, removeGuard } from '@mip6/kernel'
import type { InterfaceWatcher } from '@mip6/netio'
import type { HomeAgentHeard } from '@mip6/ra'
import {
  addressEquals,
  type DecodedFrame,
  ETHERNET_HEADER_LENGTH,
  type ExtensionHeader,
  encodeFrame,
  findHomeAddressOption,
  findType2RoutingHeader,
  formatAddress,
  formatPrefix,
  type Ipv6Address,
  isMulticast,
  multicastMac,
  mustParse,
  parseAddress,
  parseMac,
} from '@mip6/wire'
import { BindingStore, type CacheSource } from './binding-store'
import type { HomeAgentDataPlane } from './dataplane/home-agent-dataplane'
import { homeAgentSettingsFrom } from './ha-settings'
import type { LinkPool } from './link-pool'
import { EngineDriver, monotonicMs } from './runtime/engine-driver'
import type { Logger } from './runtime/logger'

const DEFAULT_HOP_LIMIT = 64

export interface HaServiceOptions {
  watcher: InterfaceWatcher
  pool: LinkPool
  logger: Logger
  stateDir: string
  rng?: () => number
  wallClock?: () => number
  /** Keep the kernel from answering Mobile IPv6 itself (off only for tests of the engine path). */
  guard?: boolean
  /** Binding changes and events, for telemetry. */
  onReport?: (action: HaAction) => void
  /** Tunnels and routes for the bindings; none: bindings are kept, packets not tunnelled. */
  dataplane?: HomeAgentDataPlane
}

export class HaService {
  readonly engine: HomeAgent
  private readonly driver: EngineDriver<HaAction>
  private readonly store: BindingStore
  private readonly cacheSource: CacheSource
  private readonly wall: () => number
  private ha: HomeAgentConfig | undefined
  private config: RouterConfig | undefined
  private keys: MnHaKey[] = []
  private readonly macs = new Map<string, Uint8Array | undefined>()

  constructor(private readonly options: HaServiceOptions) {
    this.wall = options.wallClock ?? Date.now
    this.store = new BindingStore(options.stateDir, {
      onError: (e) => options.logger.log('error', 'home-agent', `binding cache not saved: ${e.message}`),
    })
    this.cacheSource = {
      bindings: () => this.engine.persistedBindings(this.driver.now()),
      wallClockMs: () => this.wall(),
    }
    // No home link until start() applies the configuration.
    this.engine = new HomeAgent(homeAgentSettings([]), {
      rng: options.rng ?? Math.random,
      hmacSha1: (key, data) => new Uint8Array(createHmac('sha1', key).update(data).digest()),
    })
    // Not precise: no thread blocked waiting for a deadline (one is always near at many bindings).
    this.driver = new EngineDriver(this.engine, (actions) => this.perform(actions), monotonicMs, false)
  }

  interfaces(): string[] {
    return this.ha?.interfaces ?? []
  }

  async start(config: RouterConfig, ha: HomeAgentConfig): Promise<void> {
    const { watcher, pool } = this.options
    pool.onFrame((name, frame) => this.received(name, frame))
    const relink = (name: string) => {
      if (this.interfaces().includes(name)) this.linkChanged(name)
    }
    pool.onState(relink)
    watcher.on('added', (f) => relink(f.name))
    watcher.on('removed', (f) => relink(f.name))
    watcher.on('changed', (before, after) => {
      relink(after.name)
      if (this.interfaces().includes(after.name) && !sameAddresses(before.addresses, after.addresses))
        this.reconfigure()
    })
    await this.apply(config, ha)
    const saved = await this.store.load()
    if (saved.problem)
      this.options.logger.log('warn', 'home-agent', `binding cache not restored: ${saved.problem}`)
    this.driver.run((now) => this.engine.restore(saved.entries, now, this.wall()))
    if (saved.entries.length > 0) {
      this.options.logger.log(
        'info',
        'home-agent',
        `restored ${this.engine.bindings().length} of ${saved.entries.length} bindings`,
      )
    }
  }

  async apply(config: RouterConfig, ha: HomeAgentConfig): Promise<void> {
    this.config = config
    this.ha = ha
    this.keys = await loadKeys(ha, this.options.logger)
    this.reconfigure()
    if (this.options.guard !== false) await this.installGuard()
    for (const name of ha.interfaces) this.linkChanged(name)
  }

  /** An operator ends a binding (console or MQTT command); false when there is none. */
  dropBinding(homeAddress: Ipv6Address): boolean {
    const known = this.engine.bindings().some((b) => addressEquals(b.homeAddress, homeAddress))
    if (known) this.driver.run((now) => this.engine.dropBinding(homeAddress, now))
    return known
  }

  heard(a: HomeAgentHeard): void {
    this.driver.run((now) => this.engine.handle(a, now))
  }

  async stop(): Promise<void> {
    this.driver.stop()
    await this.store.flush(this.cacheSource).catch((e: Error) => {
      this.options.logger.log('error', 'home-agent', `binding cache not saved: ${e.message}`)
    })
    if (this.options.guard !== false) await removeGuard().catch(() => {})
  }

  consoleCommands(now: () => number): Record<string, ConsoleCommand> {
    return {
      bc: {
        summary: "binding cache, in mip6d's layout",
        usage: 'bc',
        mutating: false,
        run: () => formatBindingCache(this.engine.bindings(), now()) || 'binding cache is empty',
      },
      drop: {
        summary: 'end a binding now (changes state: needs console allowCommands)',
        usage: 'drop HOME-ADDRESS',
        mutating: true,
        run: ([text]) => {
          const hoa = text === undefined ? undefined : parseAddress(text)
          if (!hoa?.ok) return `usage: drop HOME-ADDRESS (got "${text ?? ''}")`
          return this.dropBinding(hoa.value) ? `binding of ${text} ended` : `no binding for ${text}`
        },
      },
      hal: {
        summary: 'home agents list: this router and the home agents heard on the home links',
        usage: 'hal',
        mutating: false,
        run: () => formatHomeAgentsList(this.engine.homeAgents(now())) || 'home agents list is empty',
      },
    }
  }

  /** The engine's counters for `stats`: one line per kind, zero counts left out. */
  statsLines(): string[] {
    const c = this.engine.counters
    const pairs = (r: Record<string | number, number>, label = '') =>
      Object.entries(r)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${label}${k}: ${n}`)
        .join(', ') || 'none'
    return [
      `ha received: ${pairs(c.received)}`,
      `ha binding acks: ${pairs(c.bindingAcks, 'status ')}`,
      `ha binding errors: ${pairs(c.bindingErrors, 'status ')}`,
      `ha sent: binding refresh requests ${c.bindingRefreshRequests}, DHAAD replies ${c.haadReplies}, ` +
        `mobile prefix adverts ${c.mobilePrefixAdverts}, proxy NAs ${c.proxyAdverts}, DAD probes ${c.dadProbes}`,
      `ha conflicts: DAD ${c.dadConflicts}, proxy ${c.proxyConflicts}`,
      `ha drops: ${pairs(c.drops as Record<string, number>)}`,
      `ha bindings: ${this.engine.bindings().length}`,
    ]
  }

  private reconfigure(): void {
    const { config, ha } = this
    if (!config || !ha) return
    const settings = homeAgentSettingsFrom(config, ha, (n) => this.options.watcher.get(n), this.keys)
    this.driver.run((now) => this.engine.configure(settings, now))
  }

  private async installGuard(): Promise<void> {
    const prefixes = (this.config?.interfaces ?? [])
      .filter((i) => this.interfaces().includes(i.name))
      .flatMap((i) => i.ra.prefixes.map((p) => formatPrefix(p.prefix)))
    try {
      await installGuard({
        mobilityHeader: true,
        destinationOptions: true,
        // The userspace data plane decapsulates; the kernel would answer with Parameter Problem.
        ipInIp: this.options.dataplane?.kind === 'userspace',
        dhaadPrefixes: prefixes,
      })
    } catch (e) {
      this.options.logger.log(
        'error',
        'home-agent',
        `nftables guard not installed, the kernel may answer BUs with Parameter Problem: ${(e as Error).message}`,
      )
    }
  }

  private linkChanged(name: string): void {
    const facts = this.options.watcher.get(name)
    const mac = facts?.mac ? parseMac(facts.mac) : undefined
    const link = facts && {
      up: facts.adminUp && facts.operUp && this.options.pool.isOpen(name),
      mac: mac?.ok ? mac.value : undefined,
      linkLocal: facts.linkLocalReady && facts.linkLocal ? mustParse(facts.linkLocal.address) : undefined,
    }
    this.driver.run((now) => this.engine.handle({ kind: 'link', ifname: name, link }, now))
  }

  private received(ifname: string, frame: DecodedFrame): void {
    const input = inputOf(ifname, frame, this.wall(), this.interfaces().includes(ifname))
    if (input) this.driver.run((now) => this.engine.handle(input, now))
  }

  private perform(actions: HaAction[]): void {
    const { logger } = this.options
    let changed = false
    for (const a of actions) {
      switch (a.kind) {
        case 'send-mh':
        case 'send-icmp':
          this.send(a)
          break
        case 'binding-added':
        case 'binding-changed':
        case 'binding-removed':
          changed = true
          this.options.dataplane?.apply(a)
          this.options.onReport?.(a)
          break
        case 'proxy-start':
        case 'proxy-stop':
          logger.log('debug', 'home-agent', `${a.kind} ${formatAddress(a.address)} on ${a.ifname}`)
          this.options.dataplane?.apply(a)
          break
        case 'event':
          logger.log('info', 'home-agent', a.event, {
            hoa: formatAddress(a.homeAddress),
            coa: formatAddress(a.careOfAddress),
            ...(a.status !== undefined ? { status: a.status } : {}),
          })
          this.options.onReport?.(a)
          break
        case 'log':
          logger.log(a.level, 'home-agent', a.message, a.ifname ? { ifname: a.ifname } : {})
          break
      }
    }
    if (changed) this.store.saveSoon(this.cacheSource)
  }

  /** Our interfaces' MACs as bytes, parsed once each rather than per frame sent. */
  private macBytes(text: string): Uint8Array | undefined {
    if (!this.macs.has(text)) {
      const mac = parseMac(text)
      this.macs.set(text, mac.ok ? mac.value : undefined)
    }
    return this.macs.get(text)
  }

  private send(a: SendMobility | SendIcmp): void {
    const { pool, watcher, logger } = this.options
    if (a.kind === 'send-mh' && a.tunnelTo) {
      this.sendTunnelled(a, a.tunnelTo)
      return
    }
    const nextHop = pool.neighbor(a.destination)
    const known = a.kind === 'send-icmp' ? a.destinationMac : undefined
    // A message routed to a unicast peer leaves where that peer was heard, with the MAC heard
    // there: the engine may name the home link (a Mobile Prefix Advertisement to a care-of
    // address does). Link-scoped sends (multicast, a known link-layer address) keep its link.
    const routed = known === undefined && !isMulticast(a.destination) && nextHop !== undefined
    const ifname = routed ? nextHop.ifname : (a.ifname ?? nextHop?.ifname)
    const destinationMac = known ?? (isMulticast(a.destination) ? multicastMac(a.destination) : nextHop?.mac)
    const ownMac = ifname ? watcher.get(ifname)?.mac : undefined
    const sourceMac = ownMac ? this.macBytes(ownMac) : undefined
    if (!ifname || !destinationMac || !sourceMac) {
      logger.log(
        'warn',
        'home-agent',
        `cannot send ${a.reason} to ${formatAddress(a.destination)}: no link-layer path known`,
      )
      return
    }
    const extensions: ExtensionHeader[] = a.type2Routing
      ? [{ kind: 'routing-type2', nextHeader: 0, segmentsLeft: 1, reserved: 0, homeAddress: a.type2Routing }]
      : []
    const hopLimit = a.kind === 'send-icmp' ? (a.hopLimit ?? DEFAULT_HOP_LIMIT) : DEFAULT_HOP_LIMIT
    const frame = encodeFrame({
      sourceMac,
      destinationMac,
      header: { trafficClass: 0, flowLabel: 0, hopLimit, source: a.source, destination: a.destination },
      extensions,
      message: a.kind === 'send-mh' ? { kind: 'mobility', msg: a.msg } : { kind: 'icmpv6', msg: a.msg },
    })
    pool.send(ifname, frame)
  }

  /** RFC 6275 §9.5.5: a Binding Refresh Request goes to the home address, through its tunnel. */
  private sendTunnelled(a: SendMobility, careOf: Ipv6Address): void {
    const packet = encodeFrame({
      sourceMac: NO_MAC,
      destinationMac: NO_MAC,
      header: {
        trafficClass: 0,
        flowLabel: 0,
        hopLimit: DEFAULT_HOP_LIMIT,
        source: a.source,
        destination: a.destination,
      },
      message: { kind: 'mobility', msg: a.msg },
    }).subarray(ETHERNET_HEADER_LENGTH)
    if (this.options.dataplane?.sendTunnelled(careOf, packet)) return
    this.options.logger.log(
      'debug',
      'home-agent',
      `no tunnel to ${formatAddress(careOf)} for a ${a.reason} to ${formatAddress(a.destination)}`,
    )
  }
}

/** A frame whose link-layer addresses nothing reads: the IPv6 packet inside is what travels. */
const NO_MAC = new Uint8Array(6)

/** The engine input a frame makes, or undefined for frames the Home Agent does not take. */
function inputOf(
  ifname: string,
  frame: DecodedFrame,
  wallClockMs: number,
  homeLink: boolean,
): HaInput | undefined {
  const { packet, ethernet, message } = frame
  const ip = packet.header
  const homeAddress = findHomeAddressOption(packet.extensions)
  if (message?.kind === 'mobility') {
    const rh2 = findType2RoutingHeader(packet.extensions)
    return {
      kind: 'mobility',
      ifname,
      source: ip.source,
      destination: ip.destination,
      homeAddress,
      hasType2Routing: rh2 !== undefined,
      hopLimit: ip.hopLimit,
      mh: packet.upper,
      wallClockMs,
    }
  }
  if (message?.kind !== 'icmpv6' || message.msg.kind !== 'mobile-prefix-solicit') {
    // RFC 6275 §9.3.1: anything else to us with a Home Address option needs a binding.
    if (homeAddress && !isMulticast(ip.destination)) {
      return {
        kind: 'home-address-option',
        ifname,
        source: ip.source,
        destination: ip.destination,
        homeAddress,
      }
    }
  }
  if (message?.kind !== 'icmpv6') return undefined
  const msg = message.msg
  const common = { ifname, source: ip.source, destination: ip.destination }
  switch (msg.kind) {
    case 'neighbor-solicit':
      return homeLink
        ? { kind: 'neighbor-solicit', ...common, hopLimit: ip.hopLimit, sourceMac: ethernet.source, msg }
        : undefined
    case 'neighbor-advert':
      return homeLink
        ? { kind: 'neighbor-advert', ...common, hopLimit: ip.hopLimit, sourceMac: ethernet.source, msg }
        : undefined
    case 'haad-request':
      return { kind: 'haad-request', ...common, msg }
    case 'mobile-prefix-solicit':
      return { kind: 'mobile-prefix-solicit', ...common, homeAddress, msg }
    default:
      return undefined
  }
}

function sameAddresses(a: readonly { address: string }[], b: readonly { address: string }[]): boolean {
  return a.length === b.length && a.every((x, i) => x.address === b[i]!.address)
}

/** MN-HA keys from the configuration, `keyFile`s read here; keys the engine cannot find by SPI are reported. */
async function loadKeys(ha: HomeAgentConfig, logger: Logger): Promise<MnHaKey[]> {
  const keys: MnHaKey[] = []
  for (const k of ha.authentication?.keys ?? []) {
    if (k.spi === undefined) {
      logger.log(
        'warn',
        'home-agent',
        `authentication key for ${k.mnIdentifier ?? '?'} has no SPI: mobile nodes name keys by SPI (RFC 4285 §5.1)`,
      )
      continue
    }
    const key = k.key ?? (k.keyFile ? await readKeyFile(k.keyFile, logger) : undefined)
    if (!key) continue
    keys.push({ spi: k.spi, key, ...(k.mnIdentifier ? { mnIdentifier: k.mnIdentifier } : {}) })
  }
  return keys
}

async function readKeyFile(file: string, logger: Logger): Promise<Uint8Array | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim()
    return /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0
      ? Uint8Array.from(Buffer.from(text, 'hex'))
      : new TextEncoder().encode(text)
  } catch (e) {
    logger.log('error', 'home-agent', `authentication key file ${file}: ${(e as Error).message}`)
    return undefined
  }
}
