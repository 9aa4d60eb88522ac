// Interface facts and their changes while the router runs. `ip monitor link address` is only
// a doorbell: any line it prints schedules a full re-read (`ip -j -d addr show`), so the facts
// are always one consistent snapshot and no event text is ever parsed. A slow periodic
// re-read covers what a doorbell can miss (netlink overruns, the instant before the monitor
// subscribed). Works in whatever network namespace the process runs in, or in a named one.
import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { type InterfaceFacts, parseIpAddrJson, sameFacts } from './interface-facts'
import { ipCommand, runCommand } from './run-command'

export interface InterfaceWatcherOptions {
  /** Watch a named network namespace instead of the current one (tests). */
  netns?: string
  /** Events arrive in bursts (a link going up brings several): one re-read per burst. */
  debounceMs?: number
  resyncMs?: number
}

export interface InterfaceWatcherEvents {
  added: [InterfaceFacts]
  removed: [InterfaceFacts]
  /** Same ifindex, different facts: a rename shows as a new name here. */
  changed: [before: InterfaceFacts, after: InterfaceFacts]
  /** A re-read or the monitor failed; the watcher keeps trying. */
  problem: [Error]
}

const DEFAULT_DEBOUNCE_MS = 5
const DEFAULT_RESYNC_MS = 10_000
const MONITOR_RESTART_MS = 1_000

export class InterfaceWatcher extends EventEmitter<InterfaceWatcherEvents> {
  readonly #netns: string | undefined
  readonly #debounceMs: number
  readonly #resyncMs: number
  #byIndex = new Map<number, InterfaceFacts>()
  #monitor: ChildProcess | undefined
  #debounce: NodeJS.Timeout | undefined
  #resync: NodeJS.Timeout | undefined
  #restart: NodeJS.Timeout | undefined
  #reading: Promise<void> | undefined
  #readAgain = false
  #closed = false
  // `ip monitor` only notices a dead parent when it next writes (SIGPIPE); end it with us.
  readonly #onExit = () => this.#monitor?.kill()

  constructor(options: InterfaceWatcherOptions = {}) {
    super()
    this.#netns = options.netns
    this.#debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS
    this.#resyncMs = options.resyncMs ?? DEFAULT_RESYNC_MS
  }

  /** Starts the monitor, then reads the first snapshot: `added` for each interface in it. */
  async start(): Promise<void> {
    process.once('exit', this.#onExit)
    await this.#startMonitor()
    await this.refresh()
    this.#resync = setInterval(() => void this.refresh(), this.#resyncMs)
    this.#resync.unref()
  }

  get(name: string): InterfaceFacts | undefined {
    for (const facts of this.#byIndex.values()) if (facts.name === name) return facts
    return undefined
  }

  byIndex(ifindex: number): InterfaceFacts | undefined {
    return this.#byIndex.get(ifindex)
  }

  list(): InterfaceFacts[] {
    return [...this.#byIndex.values()]
  }

  /** Resolves with the facts of `name` once `until` holds for them. */
  waitFor(name: string, until: (f: InterfaceFacts) => boolean, timeoutMs: number): Promise<InterfaceFacts> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const facts = this.get(name)
        if (facts && until(facts)) {
          done()
          resolve(facts)
        }
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`${name}: condition not met within ${timeoutMs} ms`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        this.off('added', check).off('changed', check)
      }
      this.on('added', check).on('changed', check)
      check()
    })
  }

  /** Re-reads now; concurrent calls share a read and one more follows if asked meanwhile. */
  refresh(): Promise<void> {
    if (this.#reading) {
      this.#readAgain = true
      return this.#reading
    }
    this.#reading = (async () => {
      do {
        this.#readAgain = false
        try {
          const json = await runCommand(ipCommand(this.#netns, ['-j', '-d', 'addr', 'show']))
          if (!this.#closed) this.#apply(parseIpAddrJson(json))
        } catch (e) {
          if (!this.#closed) this.emit('problem', e as Error)
        }
      } while (this.#readAgain && !this.#closed)
    })().finally(() => {
      this.#reading = undefined
    })
    return this.#reading
  }

  async close(): Promise<void> {
    this.#closed = true
    process.off('exit', this.#onExit)
    clearTimeout(this.#debounce)
    clearInterval(this.#resync)
    clearTimeout(this.#restart)
    const monitor = this.#monitor
    this.#monitor = undefined
    if (monitor && monitor.exitCode === null && monitor.signalCode === null) {
      const exited = new Promise((resolve) => monitor.once('close', resolve))
      monitor.kill('SIGTERM')
      await exited
    }
    await this.#reading
  }

  #startMonitor(): Promise<void> {
    const argv = ipCommand(this.#netns, ['monitor', 'link', 'address'])
    // Its own process group: a Ctrl-C meant for the router must not end the monitor under
    // a router that is still sending its final RAs; close() ends it.
    const monitor = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    this.#monitor = monitor
    monitor.stdout.on('data', () => this.#schedule())
    monitor.stderr.on('data', (chunk: Buffer) =>
      this.emit('problem', new Error(`ip monitor: ${chunk}`.trim())),
    )
    monitor.on('close', (code, signal) => {
      if (this.#closed || this.#monitor !== monitor) return
      this.emit('problem', new Error(`ip monitor exited (${signal ?? code}); restarting`))
      this.#restart = setTimeout(() => {
        this.#startMonitor().then(
          () => this.refresh(),
          (e: Error) => this.emit('problem', e),
        )
      }, MONITOR_RESTART_MS)
    })
    return new Promise((resolve, reject) => {
      monitor.once('spawn', resolve)
      monitor.once('error', reject)
    })
  }

  #schedule(): void {
    if (this.#debounce || this.#closed) return
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined
      void this.refresh()
    }, this.#debounceMs)
  }

  #apply(list: InterfaceFacts[]): void {
    const before = this.#byIndex
    this.#byIndex = new Map(list.map((f) => [f.ifindex, f]))
    // Removals first: a name that moved to a new ifindex is free again before it reappears.
    for (const [ifindex, old] of before) if (!this.#byIndex.has(ifindex)) this.emit('removed', old)
    for (const [ifindex, now] of this.#byIndex) {
      const old = before.get(ifindex)
      if (!old) this.emit('added', now)
      else if (!sameFacts(old, now)) this.emit('changed', old, now)
    }
  }
}
