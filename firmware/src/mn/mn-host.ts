// The kernel side of the mobile node: addresses (`ip -6 addr replace/del`), the routes that
// send the host's traffic to the current router or into the tunnel, the sysctls it needs,
// and the nftables guard. Changes run one after another in the order asked (the engine's
// actions are ordered); everything installed is remembered so that stop() takes it away.
import { readFile, writeFile } from 'node:fs/promises'
import { type CommandRunner, installGuard, removeGuard } from '@mip6/kernel'
import { formatAddress, formatPrefix, type Ipv6Address, maskAddress, mustParse } from '@mip6/wire'
import type { Logger } from '../runtime/logger'

/** The mobile node's own nftables table: a router in the same namespace keeps its own. */
export const MN_GUARD_TABLE = 'mip6_mn'

const INFINITY = 0xffffffff

export interface AddressSpec {
  ifname: string
  address: Ipv6Address
  prefixLength: number
  dad: boolean
  optimistic: boolean
  validLifetimeS: number
  preferredLifetimeS: number
}

const lifetime = (s: number) => (s >= INFINITY ? 'forever' : String(s))

/** `ip -6 addr replace` arguments (RFC 4862 §5.4: nodad skips DAD; RFC 4429 optimistic). */
export function addressArgs(a: AddressSpec, optimistic = a.optimistic): string[] {
  return [
    'ip',
    '-6',
    'addr',
    'replace',
    `${formatAddress(a.address)}/${a.prefixLength}`,
    'dev',
    a.ifname,
    ...(a.dad ? (optimistic ? ['optimistic'] : []) : ['nodad']),
    'valid_lft',
    lifetime(a.validLifetimeS),
    'preferred_lft',
    lifetime(a.preferredLifetimeS),
  ]
}

export class MnHost {
  private queue: Promise<void> = Promise.resolve()
  private readonly addresses = new Map<string, { ifname: string; text: string }>()
  private routes = new Map<string, string[]>()
  private readonly sysctls = new Map<string, string>()
  private stopping = false

  constructor(
    private readonly run: CommandRunner,
    private readonly logger: Logger,
    private readonly procRoot = '/proc',
  ) {}

  /** Runs `task` after every change asked before it; a failure is logged, the queue goes on. */
  enqueue(what: string, task: () => Promise<void>): Promise<void> {
    // A change asked while stop() undoes everything (an event in flight) would outlive it.
    if (this.stopping) return this.queue
    this.queue = this.queue
      .then(task)
      .catch((e: Error) => this.logger.log('error', 'mn', `${what}: ${e.message}`))
    return this.queue
  }

  idle(): Promise<void> {
    return this.queue
  }

  addAddress(a: AddressSpec): Promise<void> {
    const text = `${formatAddress(a.address)}/${a.prefixLength}`
    return this.enqueue(`address ${text} on ${a.ifname}`, async () => {
      // Kernels without CONFIG_IPV6_OPTIMISTIC_DAD refuse the flag: plain DAD then.
      await this.run(addressArgs(a)).catch(() => this.run(addressArgs(a, false)))
      this.addresses.set(`${a.ifname} ${formatAddress(a.address)}`, { ifname: a.ifname, text })
    })
  }

  removeAddress(ifname: string, address: Ipv6Address): Promise<void> {
    const key = `${ifname} ${formatAddress(address)}`
    return this.enqueue(`address ${key} removed`, async () => {
      const had = this.addresses.get(key)
      this.addresses.delete(key)
      await this.deleteAddress(ifname, had?.text ?? formatAddress(address))
    })
  }

  /**
   * The kernel leaves the prefix route of an address with finite lifetimes to expire, as it
   * does for SLAAC's: it goes with the address here (the old link's prefix is not on-link).
   */
  private async deleteAddress(ifname: string, text: string): Promise<void> {
    await this.run(['ip', '-6', 'addr', 'del', text, 'dev', ifname]).catch(() => {})
    const [address, length] = text.split('/')
    if (length === undefined || length === '128') return
    const prefix = formatPrefix({
      address: maskAddress(mustParse(address!), Number(length)),
      length: Number(length),
    })
    const left = await this.run(['ip', '-6', 'addr', 'show', 'dev', ifname, 'to', prefix]).catch(() => '')
    if (left.trim() === '')
      await this.run(['ip', '-6', 'route', 'del', prefix, 'dev', ifname]).catch(() => {})
  }

  /**
   * What the kernel's own SLAAC and router discovery left on `ifname`: its global addresses
   * (none of them permanent) with their prefix routes, and its default routes.
   */
  flushAutoconfigured(ifname: string): Promise<void> {
    return this.enqueue(`what the kernel autoconfigured on ${ifname}`, async () => {
      const shown = await this.run([
        'ip',
        '-j',
        '-6',
        'addr',
        'show',
        'dev',
        ifname,
        'scope',
        'global',
        'dynamic',
      ])
      // ip's JSON keeps an empty object for each address its filter left out.
      const links = JSON.parse(shown || '[]') as { addr_info?: { local?: string; prefixlen?: number }[] }[]
      for (const a of links.flatMap((l) => l.addr_info ?? []))
        if (a.local !== undefined) await this.deleteAddress(ifname, `${a.local}/${a.prefixlen}`)
      await this.run(['ip', '-6', 'route', 'flush', 'dev', ifname, 'proto', 'ra'])
    })
  }

  /** Makes the routes exactly `wanted` (each the arguments after `ip -6 route replace`). */
  setRoutes(wanted: string[][]): Promise<void> {
    return this.enqueue('routes', async () => {
      const next = new Map(wanted.map((r) => [r.join(' '), r]))
      // Make before break: the new path carries traffic from its first route on.
      for (const [key, r] of next)
        if (!this.routes.has(key)) await this.run(['ip', '-6', 'route', 'replace', ...r])
      for (const [key, r] of this.routes) if (!next.has(key)) await this.delRoute(r)
      this.routes = next
    })
  }

  /** Sets net.ipv6.conf.IFNAME.KEY, remembering the first value seen for stop(). */
  sysctl(ifname: string, key: string, value: number): Promise<void> {
    return this.enqueue(`sysctl ${ifname}.${key}`, async () => {
      const path = `${this.procRoot}/sys/net/ipv6/conf/${ifname}/${key}`
      if (!this.sysctls.has(path)) this.sysctls.set(path, (await readFile(path, 'utf8')).trim())
      await writeFile(path, `${value}\n`)
    })
  }

  /**
   * Without IPV6_MIP6 the kernel answers a BA (a Mobility Header after a type 2 routing
   * header) and IPv6-in-IPv6 from the home agent with Parameter Problem; libpcap still sees them.
   */
  guard(): Promise<void> {
    return this.enqueue('nftables guard (the kernel may answer BAs with Parameter Problem)', () =>
      installGuard(
        { mobilityHeader: true, destinationOptions: false, ipInIp: true, dhaadPrefixes: [] },
        { table: MN_GUARD_TABLE, run: this.run },
      ),
    )
  }

  /** Routes, addresses, sysctls and the guard as they were before start. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.queue
    for (const r of this.routes.values()) await this.delRoute(r)
    this.routes.clear()
    for (const { ifname, text } of this.addresses.values()) await this.deleteAddress(ifname, text)
    this.addresses.clear()
    for (const [path, value] of this.sysctls) await writeFile(path, `${value}\n`).catch(() => {})
    this.sysctls.clear()
    await removeGuard({ table: MN_GUARD_TABLE, run: this.run }).catch(() => {})
  }

  private async delRoute(r: string[]): Promise<void> {
    await this.run(['ip', '-6', 'route', 'del', ...r]).catch(() => {})
  }
}
