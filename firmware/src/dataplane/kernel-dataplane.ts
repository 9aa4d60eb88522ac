// The kernel data plane of the Home Agent (RFC 6275 §10.4.1, §10.4.2, §10.4.5): Linux's
// ip6_tunnel carries packets for a home address to the care-of address (RFC 2473) and
// decapsulates the reverse tunnel (its remote matches the care-of address), forwarding routes
// between the home link and the tunnels, and proxy NDP answers for home addresses on the home
// link. Everything goes through iproute2, one command at a time in the engine's order, on one
// queue: apply() only enqueues, so a slow or failing `ip` never stalls or throws into the HA.
//
// Tunnels belong to an endpoint pair (HA address, care-of address), not to a binding: Linux
// refuses a second ip6ip6 tunnel with the same endpoints, and two home addresses of one mobile
// node share a care-of address. Each home address has a /128 route into its pair's tunnel.
import type { BindingChange, BindingView, ProxyChange } from '@mip6/home-agent'
import {
  addIp6Tunnel,
  addProxyNeighbour,
  type CommandRunner,
  changeIp6Tunnel,
  deleteHostRoute,
  deleteIp6Tunnel,
  deleteProxyNeighbour,
  listIp6Tunnels,
  procSysctls,
  replaceHostRoute,
  runTool,
  type Sysctls,
  setSysctls,
} from '@mip6/kernel'
import { formatAddress, type Ipv6Address } from '@mip6/wire'
import type { Logger } from '../runtime/logger'
import type { DataPlaneHealth, HomeAgentDataPlane } from './home-agent-dataplane'
import { readTunnelCounter, type TunnelCounter } from './tunnel-counters'

export const TUNNEL_PREFIX = 'mip6t'
/** Linux interface names hold at most 15 characters (IFNAMSIZ 16 with the NUL). */
const IFNAME_MAX = 15
const NAME_ATTEMPTS = 4

export interface KernelDataPlaneOptions {
  /** Home link interfaces: proxy_ndp is turned on there. */
  homeLinks: readonly string[]
  logger: Logger
  /** Runs ip; default runTool (the current network namespace). */
  run?: CommandRunner
  sysctls?: Sysctls
  /** Tunnels are named this and a number (`mip6t0`); start() deletes leftovers so named. */
  namePrefix?: string
  /** statsLines' packet counts; default /sys/class/net/<name>/statistics. */
  readCounter?: (ifname: string, counter: TunnelCounter) => number | undefined
  /**
   * Sends an IPv6 packet on a tunnel device (a packet socket bound to it: the kernel then
   * encapsulates it). Without it sendTunnelled returns false and the caller routes the packet
   * to the home address itself, which the kernel's /128 route puts into the same tunnel.
   */
  sendOnDevice?: (ifname: string, packet: Uint8Array) => boolean
}

interface Tunnel {
  name: string
  local: string
  remote: string
  homeAddresses: Set<string>
}

interface Route {
  tunnel: Tunnel
}

type State = 'new' | 'starting' | 'running' | 'stopped'

export class KernelDataPlane implements HomeAgentDataPlane {
  readonly kind = 'kernel' as const
  private readonly run: CommandRunner
  private readonly sysctls: Sysctls
  private readonly prefix: string
  private state: State = 'new'
  /** Changes applied before start() has finished wait behind this gate. */
  private openGate: () => void = () => {}
  private queue: Promise<void> = new Promise((resolve) => {
    this.openGate = resolve
  })
  private restoreSysctls: (() => Promise<void>) | undefined
  /** By `local remote`. */
  private readonly tunnels = new Map<string, Tunnel>()
  /** By home address. */
  private readonly routes = new Map<string, Route>()
  /** By `ifname address`. */
  private readonly proxies = new Map<string, { ifname: string; address: string }>()
  /** The last failure of each subject (a home address, a proxied address), until it succeeds. */
  private readonly failures = new Map<string, string>()
  private opsDone = 0
  private opsFailed = 0
  private leftoversRemoved = 0

  constructor(private readonly options: KernelDataPlaneOptions) {
    this.run = options.run ?? runTool
    this.sysctls = options.sysctls ?? procSysctls
    this.prefix = options.namePrefix ?? TUNNEL_PREFIX
    if (this.prefix.length > IFNAME_MAX - 3) throw new Error(`tunnel name prefix too long: ${this.prefix}`)
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`kernel data plane: start() when ${this.state}`)
    this.state = 'starting'
    try {
      await this.removeLeftovers()
      // Forwarding on every interface: proxy NDP answers only where it is on.
      this.restoreSysctls = await setSysctls(this.sysctls, [
        [['net', 'ipv6', 'conf', 'all', 'forwarding'], '1'],
        ...this.options.homeLinks.map((i) => [['net', 'ipv6', 'conf', i, 'proxy_ndp'], '1'] as const),
      ])
    } catch (e) {
      this.state = 'stopped'
      throw new Error(`kernel data plane: ${(e as Error).message}`)
    } finally {
      if (this.state === 'starting') this.state = 'running'
      this.openGate()
    }
    this.log('info', 'kernel data plane started', { homeLinks: this.options.homeLinks.join(',') })
  }

  apply(change: BindingChange | ProxyChange): void {
    if (this.state === 'stopped') {
      this.log('debug', `${change.kind} after stop: ignored`)
      return
    }
    if ('binding' in change) {
      const homeAddress = formatAddress(change.binding.homeAddress)
      if (change.kind === 'binding-removed') this.enqueue(homeAddress, () => this.uninstall(homeAddress))
      else this.enqueue(homeAddress, () => this.install(change.binding))
      return
    }
    const { ifname } = change
    const address = formatAddress(change.address)
    const op = change.kind === 'proxy-start' ? this.proxyStart : this.proxyStop
    this.enqueue(`proxy ${address} on ${ifname}`, () => op.call(this, ifname, address))
  }

  sendTunnelled(careOfAddress: Ipv6Address, packet: Uint8Array): boolean {
    const remote = formatAddress(careOfAddress)
    const tunnel = [...this.tunnels.values()].find((t) => t.remote === remote)
    if (!tunnel || !this.options.sendOnDevice) return false
    return this.options.sendOnDevice(tunnel.name, packet)
  }

  /** Resolves when every change applied so far has been carried out (or has failed). */
  settled(): Promise<void> {
    return this.queue
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return
    const wasRunning = this.state !== 'new'
    this.state = 'stopped'
    this.openGate()
    await this.queue
    if (!wasRunning) return
    const errors: string[] = []
    const attempt = (p: Promise<void>) => p.catch((e: Error) => void errors.push(e.message))
    // A tunnel's routes go with it.
    this.routes.clear()
    for (const t of this.tunnels.values()) await attempt(deleteIp6Tunnel(this.run, t.name))
    this.tunnels.clear()
    for (const p of this.proxies.values()) await attempt(deleteProxyNeighbour(this.run, p.address, p.ifname))
    this.proxies.clear()
    if (this.restoreSysctls) await attempt(this.restoreSysctls())
    for (const e of errors) this.log('warn', `stop: ${e}`)
    this.log('info', 'kernel data plane stopped', { errors: errors.length })
  }

  health(): DataPlaneHealth {
    if (this.state !== 'running') return { state: 'down', detail: `kernel data plane ${this.state}` }
    if (this.failures.size) {
      const [subject, message] = [...this.failures][0]!
      const more = this.failures.size > 1 ? ` (+${this.failures.size - 1} more)` : ''
      return { state: 'degraded', detail: `${subject}: ${message}${more}` }
    }
    return {
      state: 'ok',
      detail: `kernel: ${plural(this.tunnels.size, 'tunnel')}, ${plural(this.routes.size, 'home address', 'home addresses')}`,
    }
  }

  statsLines(): string[] {
    const read = this.options.readCounter ?? readTunnelCounter
    return [
      `dataplane kernel: ${plural(this.tunnels.size, 'tunnel')}, ${plural(this.routes.size, 'home address', 'home addresses')}, ${plural(this.proxies.size, 'proxy entry', 'proxy entries')}`,
      `dataplane operations: ${this.opsDone} done, ${this.opsFailed} failed, ${this.leftoversRemoved} leftover tunnels removed at start`,
      ...[...this.tunnels.values()].map((t) => {
        const count = (c: TunnelCounter) => read(t.name, c) ?? '?'
        const hoas = [...t.homeAddresses].join(' ')
        return `tunnel ${t.name} ${t.local} -> ${t.remote} for ${hoas}: tx ${count('tx_packets')} rx ${count('rx_packets')} packets, ${count('tx_dropped')} tx dropped`
      }),
      ...[...this.failures].map(([subject, message]) => `failing ${subject}: ${message}`),
    ]
  }

  private enqueue(subject: string, op: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.state !== 'running') return
      try {
        await op()
        this.opsDone++
        this.failures.delete(subject)
      } catch (e) {
        this.opsFailed++
        const message = (e as Error).message
        this.failures.set(subject, message)
        this.log('warn', `${subject}: ${message}`)
      }
    })
  }

  /** binding-added, or binding-changed: a care-of (or HA) address that moved moves the route. */
  private async install(b: BindingView): Promise<void> {
    const homeAddress = formatAddress(b.homeAddress)
    const local = formatAddress(b.haAddress)
    const remote = formatAddress(b.careOfAddress)
    const route = this.routes.get(homeAddress)
    if (route && route.tunnel.local === local && route.tunnel.remote === remote) return
    const old = route?.tunnel
    const target = this.tunnels.get(key(local, remote))
    if (old && !target && old.homeAddresses.size === 1) {
      // Only this home address rides the old tunnel: move its endpoints, the route stays.
      await changeIp6Tunnel(this.run, { name: old.name, local, remote })
      this.tunnels.delete(key(old.local, old.remote))
      old.local = local
      old.remote = remote
      this.tunnels.set(key(local, remote), old)
      this.log('info', `tunnel ${old.name} now to ${remote}`, { homeAddress })
      return
    }
    const tunnel = target ?? (await this.addTunnel(local, remote))
    try {
      await replaceHostRoute(this.run, homeAddress, tunnel.name)
    } catch (e) {
      // A tunnel nobody routes into would only wait for stop(); the next change retries.
      if (!tunnel.homeAddresses.size) await this.release(tunnel, homeAddress).catch(() => {})
      throw e
    }
    tunnel.homeAddresses.add(homeAddress)
    this.routes.set(homeAddress, { tunnel })
    this.log('info', `${homeAddress} via ${tunnel.name} to ${remote}`)
    if (old) await this.release(old, homeAddress)
  }

  private async uninstall(homeAddress: string): Promise<void> {
    const route = this.routes.get(homeAddress)
    if (!route) return
    this.routes.delete(homeAddress)
    // Deleting the tunnel takes its routes with it; a shared tunnel keeps running.
    if (route.tunnel.homeAddresses.size > 1) await deleteHostRoute(this.run, homeAddress, route.tunnel.name)
    await this.release(route.tunnel, homeAddress)
    this.log('info', `${homeAddress} removed`)
  }

  private async release(tunnel: Tunnel, homeAddress: string): Promise<void> {
    tunnel.homeAddresses.delete(homeAddress)
    if (tunnel.homeAddresses.size) return
    this.tunnels.delete(key(tunnel.local, tunnel.remote))
    await deleteIp6Tunnel(this.run, tunnel.name)
  }

  private async addTunnel(local: string, remote: string): Promise<Tunnel> {
    const taken = new Set([...this.tunnels.values()].map((t) => t.name))
    let lastError: Error | undefined
    for (let n = 0, tries = 0; tries < NAME_ATTEMPTS; n++) {
      const name = `${this.prefix}${n}`
      if (taken.has(name)) continue
      tries++
      try {
        await addIp6Tunnel(this.run, { name, local, remote })
      } catch (e) {
        lastError = e as Error
        // A device of that name that is not ours (another program's): try the next name.
        if (/File exists/.test(lastError.message)) {
          taken.add(name)
          continue
        }
        // It may exist down: take it away again, so the name stays free.
        await deleteIp6Tunnel(this.run, name).catch(() => {})
        throw lastError
      }
      const tunnel = { name, local, remote, homeAddresses: new Set<string>() }
      this.tunnels.set(key(local, remote), tunnel)
      return tunnel
    }
    throw lastError ?? new Error('no free tunnel name')
  }

  private async proxyStart(ifname: string, address: string): Promise<void> {
    await addProxyNeighbour(this.run, address, ifname)
    this.proxies.set(`${ifname} ${address}`, { ifname, address })
  }

  private async proxyStop(ifname: string, address: string): Promise<void> {
    if (!this.proxies.delete(`${ifname} ${address}`)) return
    await deleteProxyNeighbour(this.run, address, ifname)
  }

  /** Tunnels named like ours are a crashed earlier run's: their bindings reinstall from the store. */
  private async removeLeftovers(): Promise<void> {
    const ours = new RegExp(`^${this.prefix}\\d+$`)
    for (const t of await listIp6Tunnels(this.run)) {
      if (!ours.test(t.name)) continue
      await deleteIp6Tunnel(this.run, t.name)
      this.leftoversRemoved++
      this.log('info', `removed leftover tunnel ${t.name} to ${t.remote}`)
    }
  }

  private log(level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>): void {
    this.options.logger.log(level, 'dataplane', message, fields)
  }
}

const key = (local: string, remote: string) => `${local} ${remote}`

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
