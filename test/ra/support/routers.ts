// The two routers under test, each a process in a namespace: ours (`mip6-router run`, logs
// parsed from its JSON lines) and radvd 2.19 (the reference), plus what /proc says of them.
import type { ChildProcess } from 'node:child_process'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type NetnsLab, waitUntil } from '@mip6/netio/testing'
import { BIN, tool } from './tools'

export interface LogLine {
  level?: string
  subsystem?: string
  msg?: string
  ifname?: string
  /** Lines that are not JSON (config diagnostics printed before the logger starts). */
  text?: string
  [field: string]: unknown
}

/** A process started by the lab, with its exit observed. */
abstract class RouterProcess {
  exitCode: number | null = null
  signalCode: NodeJS.Signals | null = null
  readonly exited: Promise<number | null>
  stdout = ''
  stderr = ''

  constructor(
    protected readonly lab: NetnsLab,
    readonly child: ChildProcess,
  ) {
    // `ip netns exec` execs the command, so this is the router's own pid.
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code
        this.signalCode = signal
        resolve(code)
      }),
    )
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      this.stdout += s
    })
    child.stderr!.setEncoding('utf8').on('data', (s: string) => this.onStderr(s))
  }

  get pid(): number {
    return this.child.pid!
  }

  protected onStderr(s: string): void {
    this.stderr += s
  }

  /** Sends a signal to the router process only (as `kill PID`), not its helpers. */
  signal(signal: NodeJS.Signals): void {
    process.kill(this.pid, signal)
  }

  /** Resolves with the exit code, or rejects after the timeout. */
  async waitExit(timeoutMs: number): Promise<number | null> {
    await waitUntil(
      () => this.exitCode !== null || this.signalCode !== null,
      timeoutMs,
      `exit of ${this.pid}`,
    )
    // What it wrote last may still be in the pipe: read to its end (or give up after a second).
    const err = this.child.stderr!
    if (!err.readableEnded) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 1_000)
        err.once('end', () => {
          clearTimeout(timer)
          resolve(undefined)
        })
      })
    }
    return this.exitCode
  }

  stop(): Promise<void> {
    return this.lab.stop(this.child)
  }
}

/** `mip6-router run` in a namespace. */
export class OurRouter extends RouterProcess {
  readonly logs: LogLine[] = []
  #partial = ''

  /** `entry`: the checkout's command (default) or the single-file bundle that boards run. */
  static start(lab: NetnsLab, ns: string, args: readonly string[], entry: string = BIN): OurRouter {
    return new OurRouter(lab, lab.spawn(ns, [process.execPath, entry, 'run', ...args]))
  }

  protected override onStderr(s: string): void {
    super.onStderr(s)
    const lines = (this.#partial + s).split('\n')
    this.#partial = lines.pop() ?? ''
    for (const line of lines) {
      if (line.trim() === '') continue
      try {
        this.logs.push(JSON.parse(line) as LogLine)
      } catch {
        this.logs.push({ text: line })
      }
    }
  }

  /** Resolves with the first log line from index `after` on that matches. */
  async waitLog(
    match: (l: LogLine) => boolean,
    what: string,
    timeoutMs = 10_000,
    after = 0,
  ): Promise<LogLine> {
    let found: LogLine | undefined
    try {
      await waitUntil(
        () => {
          found = this.logs.slice(after).find(match)
          return found !== undefined || this.exitCode !== null
        },
        timeoutMs,
        `log: ${what}`,
      )
    } catch (e) {
      throw new Error(`${(e as Error).message}\nrouter stderr:\n${this.stderr.slice(-4000)}`)
    }
    if (!found)
      throw new Error(`router exited (${this.exitCode}) before log: ${what}\n${this.stderr.slice(-4000)}`)
    return found
  }

  /** The RA engine's interface events for one interface, in order. */
  events(ifname: string): string[] {
    return this.logs
      .filter((l) => l.ifname === ifname && (l.msg === 'ra-interface-up' || l.msg === 'ra-interface-down'))
      .map((l) => l.msg!)
  }
}

/** radvd 2.19 in a namespace, in the foreground, logging to stderr. */
export class Radvd extends RouterProcess {
  static start(lab: NetnsLab, ns: string, confFile: string, pidFile: string): Radvd {
    return new Radvd(lab, lab.spawn(ns, [tool('radvd'), '-n', '-m', 'stderr', '-C', confFile, '-p', pidFile]))
  }

  /** radvd logs "ready" per interface only at debug level; its first RA is the sign. */
  async waitStarted(timeoutMs = 5_000): Promise<void> {
    await waitUntil(
      () => this.stderr.includes('version 2.19 started') || this.exitCode !== null,
      timeoutMs,
      'radvd',
    )
    if (this.exitCode !== null) throw new Error(`radvd exited ${this.exitCode}:\n${this.stderr}`)
  }
}

const CLOCK_TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

interface ProcStat {
  pid: number
  ppid: number
  comm: string
  utime: number
  stime: number
  cutime: number
  cstime: number
}

function readStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // comm is in parentheses and may hold spaces: the fields after it are fixed.
  const close = text.lastIndexOf(')')
  const comm = text.slice(text.indexOf('(') + 1, close)
  const f = text
    .slice(close + 2)
    .split(' ')
    .map(Number)
  // proc(5): state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from pid = 1.
  return { pid, ppid: f[1]!, comm, utime: f[11]!, stime: f[12]!, cutime: f[13]!, cstime: f[14]! }
}

/** Every live descendant of `pid` (children found by their parent pid), not pid itself. */
export function descendants(pid: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => readStat(Number(n)))
    .filter((s): s is ProcStat => s !== undefined)
  const out: ProcStat[] = []
  const parents = new Set([pid])
  let grew = true
  while (grew) {
    grew = false
    for (const s of all) {
      if (parents.has(s.ppid) && !parents.has(s.pid)) {
        parents.add(s.pid)
        out.push(s)
        grew = true
      }
    }
  }
  return out
}

export interface CpuReading {
  /** CPU seconds (user + system) of the process, its live descendants, and reaped children. */
  totalS: number
  /** Per command name, for the breakdown. */
  byCommand: Record<string, number>
}

/** /proc/<pid>/stat utime + stime of a process tree, in seconds. */
export function cpuSeconds(pid: number): CpuReading {
  const main = readStat(pid)
  if (!main) return { totalS: 0, byCommand: {} }
  const byCommand: Record<string, number> = {}
  const add = (name: string, ticks: number) => {
    byCommand[name] = (byCommand[name] ?? 0) + ticks / CLOCK_TICKS_PER_S
  }
  add(`${main.comm} (main)`, main.utime + main.stime)
  // Children that exited and were waited for (helpers of a closed link) count here.
  add('(exited children)', main.cutime + main.cstime)
  for (const d of descendants(pid)) {
    const name = commandLine(d.pid).includes('capture-helper') ? 'capture-helper' : d.comm
    add(name, d.utime + d.stime + d.cutime + d.cstime)
  }
  const totalS = Object.values(byCommand).reduce((a, b) => a + b, 0)
  return { totalS, byCommand }
}

/** The command line of a process, arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/** VmRSS of a process, in KiB. */
export function vmRssKiB(pid: number): number {
  const status = readFileSync(join('/proc', String(pid), 'status'), 'utf8')
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status)
  if (!m) throw new Error(`no VmRSS for ${pid}`)
  return Number(m[1])
}
