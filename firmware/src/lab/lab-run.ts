// One run of the lab: the network, the router (`mip6-router run`), the mobile node
// (`mip6-router mn`) and the correspondent's ping, then the moves on their schedule, then a
// summary. Every process runs in its namespace and dies with the run.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Dataplane } from '@mip6/config'
import { waitUntil } from '@mip6/netio'
import { type Handover, handovers, type Move } from './handover-stats'
import { MIP6D_HA_CONF, MN_CONF, type RaTiming, radvdConf } from './lab-configs'
import { LAB_ADDRESSES, LabNetwork, type Place } from './lab-network'
import { followLog, followStdout, type LogLine } from './log-lines'
import { type PingReply, parsePingLine } from './ping-replies'
import { entryOf, formatEntry, type Source, type TimelineEntry } from './timeline'

export interface LabOptions {
  moves: number
  /** Time at each place between moves. */
  dwellS: number
  ra: RaTiming
  pingIntervalMs: number
  dataplane: Dataplane
  /** Timeline lines as they happen; nothing with --json. */
  print: (line: string) => void
}

export interface LabSummary {
  ok: boolean
  dataplane: 'kernel' | 'userspace' | 'none'
  handovers: Handover[]
  ra: { minS: number; maxS: number }
  ping: { intervalMs: number; sent: number; answered: number }
  /** Why ok is false. */
  problems: string[]
}

/** How long the router, the mobile node and the first echo reply may take to come up. */
const START_TIMEOUT_MS = 30_000

export class LabRun {
  private readonly network = LabNetwork.create()
  private readonly dir = mkdtempSync(join(tmpdir(), 'mip6-lab-'))
  private readonly replies: PingReply[] = []
  private readonly routerLog: LogLine[] = []
  private readonly mobileLog: LogLine[] = []
  private readonly problems: string[] = []
  private readonly startMs = Date.now()
  private pingSent = 0
  private stopping = false

  constructor(private readonly options: LabOptions) {}

  async run(): Promise<LabSummary> {
    const { options, network } = this
    this.say('lab', 'building the namespaces: router, home and visited ESS, mobile node, correspondent')
    await network.build()
    const router = this.startRouter()
    await this.waitLog(this.routerLog, (l) => l.msg === 'started', 'the router to start')
    const mobile = this.startMobileNode()
    this.startPing()
    this.say('correspondent', `ping ${LAB_ADDRESSES.homeAddress} every ${options.pingIntervalMs} ms`)
    await waitUntil(
      () => this.replies.length > 0,
      START_TIMEOUT_MS,
      'the first echo reply from the home link',
    )

    const moves: Move[] = []
    for (let i = 0; i < options.moves && !this.stopping; i++) {
      await sleep(options.dwellS * 1000)
      if (this.stopping) break
      const from = network.place
      const to: Place = from === 'home' ? 'visited' : 'home'
      this.say('lab', `move ${i + 1}: the mobile node leaves the ${from} ESS for the ${to} ESS`)
      const atMs = Date.now()
      await network.move(to)
      moves.push({ from, to, atMs })
    }
    await sleep(options.dwellS * 1000)
    const endMs = Date.now()
    await this.network.lab.stop(mobile)
    await this.network.lab.stop(router)
    return this.summary(moves, endMs)
  }

  /** Ctrl-C: everything down, namespaces gone. */
  async cleanup(): Promise<void> {
    this.stopping = true
    await this.network.cleanup()
    rmSync(this.dir, { recursive: true, force: true })
  }

  private summary(moves: Move[], endMs: number): LabSummary {
    const result = handovers(moves, this.replies, this.options.pingIntervalMs, endMs)
    for (const [i, h] of result.entries()) {
      if (h.blackoutMs === undefined)
        this.problems.push(`move ${i + 1} (${h.from} → ${h.to}): no reply came back`)
      else
        this.say(
          'lab',
          `handover ${i + 1}, ${h.from} → ${h.to}: blackout ${h.blackoutMs} ms, ${h.lostPackets} packets lost`,
        )
    }
    const choice = this.routerLog.find((l) => l.subsystem === 'dataplane' && l.msg.startsWith('data plane: '))
    const dataplane = (choice?.msg.slice('data plane: '.length) ?? 'none') as LabSummary['dataplane']
    if (dataplane === 'none') this.problems.push('the router has no data plane')
    return {
      ok: this.problems.length === 0 && moves.length === this.options.moves,
      dataplane,
      handovers: result,
      ra: { minS: this.options.ra.minS, maxS: this.options.ra.maxS },
      ping: { intervalMs: this.options.pingIntervalMs, sent: this.pingSent, answered: this.replies.length },
      problems: this.problems,
    }
  }

  private startRouter(): ChildProcess {
    const radvd = join(this.dir, 'radvd.conf')
    const mip6d = join(this.dir, 'mip6d.conf')
    writeFileSync(radvd, radvdConf(this.options.ra))
    writeFileSync(mip6d, MIP6D_HA_CONF)
    const child = this.network.lab.spawn(this.network.ns.router, [
      ...self(),
      'run',
      '--radvd-conf',
      radvd,
      '--mip6d-conf',
      mip6d,
      '--state-dir',
      join(this.dir, 'state'),
      '--dataplane',
      this.options.dataplane,
    ])
    this.follow(child, 'router', this.routerLog)
    return child
  }

  private startMobileNode(): ChildProcess {
    const conf = join(this.dir, 'mn.conf')
    writeFileSync(conf, MN_CONF)
    const child = this.network.lab.spawn(this.network.ns.mobile, [...self(), 'mn', '--mip6d-conf', conf])
    this.follow(child, 'mobile node', this.mobileLog)
    return child
  }

  private startPing(): void {
    const child = this.network.lab.spawn(this.network.ns.correspondent, [
      'ping',
      '-6',
      '-D',
      '-O',
      '-n',
      '-i',
      String(this.options.pingIntervalMs / 1000),
      LAB_ADDRESSES.homeAddress,
    ])
    let first = true
    followStdout(child, (line) => {
      const parsed = parsePingLine(line)
      if (!parsed) return
      if (parsed.kind === 'no-answer') {
        this.pingSent = Math.max(this.pingSent, parsed.seq)
        return
      }
      this.pingSent = Math.max(this.pingSent, parsed.reply.seq)
      const gap = this.replies.at(-1)
      this.replies.push(parsed.reply)
      // The first reply of the run, and the first after each silence: when the path came back.
      if (first || (gap && parsed.reply.seq > gap.seq + 1)) {
        first = false
        const where = this.network.place === 'visited' ? 'through the tunnel' : 'on the home link'
        this.show({
          atMs: parsed.reply.atMs,
          source: 'correspondent',
          text: `echo reply ${parsed.reply.seq} ${where}`,
        })
      }
    })
  }

  private follow(child: ChildProcess, source: 'router' | 'mobile node', log: LogLine[]): void {
    followLog(
      child,
      (l) => {
        log.push(l)
        const entry = entryOf(source, l)
        if (entry) this.show(entry)
        if (l.level === 'error') this.problems.push(`${source}: ${l.msg}`)
      },
      (line) => this.say(source, line),
    )
    child.once('exit', (code, signal) => {
      if (!this.stopping && code !== 0 && signal === null)
        this.problems.push(`${source} exited with status ${code}`)
    })
  }

  private waitLog(log: LogLine[], match: (l: LogLine) => boolean, what: string): Promise<void> {
    return waitUntil(() => log.some(match), START_TIMEOUT_MS, what)
  }

  private say(source: Source, text: string): void {
    this.show({ atMs: Date.now(), source, text })
  }

  private show(e: TimelineEntry): void {
    this.options.print(formatEntry(e, this.startMs))
  }
}

/** This program, as it was started: the checkout's bin or the bundle. */
function self(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]!]
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
