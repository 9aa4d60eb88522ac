// Network namespaces for the lab and the system tests: created with unique names, joined by
// veth pairs, populated with long-running processes, and torn down whatever happens.
//
// Names are <prefix>-<created, base-36 seconds>-<pid>-<random>-<tag>: two runs never collide,
// and a later run's sweeper can tell a crashed run's leftovers (owner gone) from a live run.
// Interfaces are created inside their namespaces (`ip -n`), so no temporary name ever
// appears in the host's namespace where concurrent runs could clash.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { runCommand } from './run-command'

/** The tests' prefix; `mip6-router lab` has its own, so neither sweeps the other's. */
const TEST_PREFIX = 'm6t'
const NETNS_DIR = '/run/netns'
const DEFAULT_SWEEP_AGE_MIN = 30
const TERM_GRACE_MS = 1_000
const POLL_MS = 25

/**
 * Deletes namespaces named with `prefix` of runs that started over `maxAgeMin` minutes ago and
 * whose process is gone.
 */
export function sweepStaleNamespaces(prefix = TEST_PREFIX, maxAgeMin = DEFAULT_SWEEP_AGE_MIN): string[] {
  const pattern = new RegExp(`^${prefix}-([0-9a-z]+)-(\\d+)-[0-9a-z]+-`)
  let names: string[]
  try {
    names = readdirSync(NETNS_DIR)
  } catch {
    return []
  }
  const nowS = Date.now() / 1000
  const swept: string[] = []
  for (const name of names) {
    const m = pattern.exec(name)
    if (!m) continue
    const ageMin = (nowS - Number.parseInt(m[1]!, 36)) / 60
    if (ageMin < maxAgeMin || processAlive(Number(m[2]))) continue
    removeNamespaceSync(name)
    swept.push(name)
  }
  return swept
}

export interface NamespaceOptions {
  /** false: accept_dad=0 for every interface made in it, so addresses are usable at once. */
  dad?: boolean
}

export interface NetnsLabOptions {
  /** Default `m6t`, the tests'. */
  prefix?: string
  /** Sweep leftovers of crashed runs older than this; default 30 (tests of a live run may be slow). */
  sweepAgeMin?: number
}

export interface VethEnd {
  ns: string
  ifname: string
  mac?: string
}

const sweptThisProcess = new Set<string>()

/** One suite's (or lab run's) namespaces and processes; call cleanup() at the end. */
export class NetnsLab {
  readonly #tag: string
  readonly #prefix: string
  readonly #sweepAgeMin: number
  readonly #namespaces: string[] = []
  readonly #children = new Set<ChildProcess>()
  readonly #onExit = () => this.#cleanupSync()

  constructor(tag: string, options: NetnsLabOptions = {}) {
    if (!/^[a-z0-9]{1,12}$/.test(tag)) throw new Error(`lab tag "${tag}": 1-12 of [a-z0-9]`)
    this.#tag = tag
    this.#prefix = options.prefix ?? TEST_PREFIX
    this.#sweepAgeMin = options.sweepAgeMin ?? DEFAULT_SWEEP_AGE_MIN
    // Last resort when the test process ends without afterAll (a crash, process.exit).
    process.once('exit', this.#onExit)
  }

  /** Creates a namespace with loopback up and returns its name. */
  async namespace(tag: string, options: NamespaceOptions = {}): Promise<string> {
    if (!sweptThisProcess.has(this.#prefix)) {
      sweptThisProcess.add(this.#prefix)
      sweepStaleNamespaces(this.#prefix, this.#sweepAgeMin)
    }
    const created = Math.floor(Date.now() / 1000).toString(36)
    const name = `${this.#prefix}-${created}-${process.pid}-${randomBytes(3).toString('hex')}-${this.#tag}-${tag}`
    await runCommand(['ip', 'netns', 'add', name])
    this.#namespaces.push(name)
    await this.ip(name, ['link', 'set', 'lo', 'up'])
    if (options.dad === false)
      await this.sysctl(name, { 'net.ipv6.conf.all.accept_dad': 0, 'net.ipv6.conf.default.accept_dad': 0 })
    return name
  }

  /** A veth pair from a to b, both ends up unless told otherwise. */
  async veth(a: VethEnd, b: VethEnd, options: { up?: boolean } = {}): Promise<void> {
    const mac = (end: VethEnd) => (end.mac ? ['address', end.mac] : [])
    await this.ip(a.ns, [
      'link',
      'add',
      a.ifname,
      ...mac(a),
      'type',
      'veth',
      'peer',
      'name',
      b.ifname,
      ...mac(b),
      'netns',
      b.ns,
    ])
    if (options.up === false) return
    await this.ip(a.ns, ['link', 'set', a.ifname, 'up'])
    await this.ip(b.ns, ['link', 'set', b.ifname, 'up'])
  }

  /** `ip -n <ns> ...`; resolves with stdout. */
  ip(ns: string, args: readonly string[]): Promise<string> {
    return runCommand(['ip', '-n', ns, ...args])
  }

  /** Runs a command to completion inside the namespace; resolves with stdout. */
  exec(ns: string, argv: readonly string[]): Promise<string> {
    return runCommand(['ip', 'netns', 'exec', ns, ...argv])
  }

  async sysctl(ns: string, settings: Record<string, string | number>): Promise<void> {
    const pairs = Object.entries(settings).map(([k, v]) => `${k}=${v}`)
    await this.exec(ns, ['sysctl', '-q', '-w', ...pairs])
  }

  /** Adds an address; `nodad` makes it usable at once instead of after DAD. */
  async addAddress(
    ns: string,
    ifname: string,
    cidr: string,
    options: { nodad?: boolean } = {},
  ): Promise<void> {
    await this.ip(ns, ['addr', 'add', cidr, 'dev', ifname, ...(options.nodad ? ['nodad'] : [])])
  }

  /** Waits until no IPv6 address of the interface is tentative (RFC 4862 §5.4 finished). */
  async waitDad(ns: string, ifname: string, timeoutMs = 5_000): Promise<void> {
    await waitUntil(
      async () => (await this.ip(ns, ['-6', 'addr', 'show', 'dev', ifname, 'tentative'])).trim() === '',
      timeoutMs,
      `DAD on ${ifname} in ${ns}`,
    )
  }

  /** Starts a long-running process in the namespace, in its own process group, killed in cleanup. */
  spawn(ns: string, argv: readonly string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#children.add(child)
    child.once('exit', () => this.#children.delete(child))
    return child
  }

  /** Stops one spawned process: SIGTERM to its group, SIGKILL after a grace period. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    killGroup(child, 'SIGTERM')
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), TERM_GRACE_MS)
    await exited
    clearTimeout(timer)
  }

  /** Stops every process and deletes every namespace of this lab; safe to call twice. */
  async cleanup(): Promise<void> {
    await Promise.all([...this.#children].map((c) => this.stop(c)))
    for (const name of this.#namespaces.splice(0)) removeNamespaceSync(name)
    process.off('exit', this.#onExit)
  }

  #cleanupSync(): void {
    for (const child of this.#children) killGroup(child, 'SIGKILL')
    for (const name of this.#namespaces.splice(0)) removeNamespaceSync(name)
  }
}

/** Polls `ready` until it holds; rejects naming `what` after the timeout. */
export async function waitUntil(
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Kills whatever still runs inside (it would keep the namespace alive), then deletes it. */
function removeNamespaceSync(name: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? ''
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // Exited meanwhile.
    }
  }
  spawnSync('ip', ['netns', 'del', name])
}
