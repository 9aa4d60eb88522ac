// Home Agent throughput, latency and memory: seed 002's lab router (`mip6-router run` with
// the seed's radvd.conf and mip6d.conf, as the single-file bundle that boards run) answering
// Binding Updates from a load generator on the visited link, against the ceiling of the same
// I/O path measured in the same run: an echo in the router's place, on the same interface,
// through the same LinkSocket (libpcap helper) path, bouncing the generator's frames.
//
//   hh0 (home host ns) ── wlan0 [router ns, 2001:db8::/64]  wlan1 [2001:db8:1::/64] ── mn0 (generator ns)
//
// Mobile node i has home address 2001:db8::i and care-of address 2001:db8:1::i: one care-of
// address each, as mobile nodes do, so the Home Agent's reply limit (3 a second per peer,
// RFC 6275 §12 MAX_UPDATE_RATE) does not bind below 3 BU/s per mobile node.
// A YAML --config adds to the seed `homeAgent: { dad: false, maxBindings }`: no 1 s DAD per
// first registration, and room for the big cache.
//
// Steps: the ceiling (echo) at increasing offered rates; then the router: registrations of
// HA_BENCH_BINDINGS mobile nodes, refreshes of them at increasing offered rates (the most with
// < 1 % unanswered is the sustained rate), the cache filled to HA_BENCH_BIG_BINDINGS and
// latency measured again at the latency rate, VmRSS and the V8 heap before and after.
// Prints figures, ratios to the ceiling and the issue's aims met or not; never fails on timing.
//
// Environment (defaults keep the whole bench under ~3 minutes):
//   HA_BENCH_RATES          offered BU/s of the ladder steps (5000,10000,15000,20000,30000)
//   HA_BENCH_STEP_SECONDS   length of each step (2)
//   HA_BENCH_BINDINGS       the cache refreshed by the ladder (10000)
//   HA_BENCH_BIG_BINDINGS   the big cache (100000)
//   HA_BENCH_FILL_RATE      offered BU/s of registrations (10000)
//   HA_BENCH_LATENCY_RATE   offered BU/s of the latency figures (10000)
//   HA_BENCH_ROUTER_NODE_ARGS  node flags for the router, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
//   HA_BENCH_MQTT           the router's --mqtt (default: none given, the embedded broker);
//                           `none` measures the Home Agent without telemetry
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { guardRuleset } from '@mip6/kernel'
import { type NetnsLab as Lab, NetnsLab, requireRoot } from '@mip6/netio/testing'
import { hasCommand, requireTool } from '@mip6/wire/testing'
import { type CpuReading, cpuSeconds, descendants, OurRouter, vmRssKiB } from '../ra/support/routers'
import { BUNDLE, FIXTURES, ROOT } from '../ra/support/tools'
import type { PhaseRequest, PhaseResult } from './support/bu-traffic'
import { BenchChild, type HeapReading, readHeap } from './support/children'
import { seedLinks } from './support/seed-links'

const SUITE = 'home-agent bench'
const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const RATES = (process.env.HA_BENCH_RATES ?? '5000,10000,15000,20000,30000').split(',').map(Number)
const STEP_S = envNumber('HA_BENCH_STEP_SECONDS', 2)
const BINDINGS = envNumber('HA_BENCH_BINDINGS', 10_000)
const BIG_BINDINGS = envNumber('HA_BENCH_BIG_BINDINGS', 100_000)
const FILL_RATE = envNumber('HA_BENCH_FILL_RATE', 10_000)
const LATENCY_RATE = envNumber('HA_BENCH_LATENCY_RATE', 10_000)
const ROUTER_NODE_ARGS = (process.env.HA_BENCH_ROUTER_NODE_ARGS ?? '').split(' ').filter(Boolean)
const MQTT_ARGS = process.env.HA_BENCH_MQTT ? ['--mqtt', process.env.HA_BENCH_MQTT] : []
/** Room for the big cache (the default maxBindings is 1024). */
const MAX_BINDINGS = 2 ** Math.ceil(Math.log2(BIG_BINDINGS + 1))
/** A step passes with fewer unanswered than this. */
const MAX_UNANSWERED = 0.01
/** A step with more unanswered than this ends the ladder: the next would only queue more. */
const SATURATED = 0.1
/** Registrations that went unanswered are sent again, at most this many times. */
const FILL_RETRIES = 3
/** After the last BU of a phase: answers still coming are waited for until none comes this long. */
const QUIET_MS = 1_000
/** RFC 6275 §12 MAX_UPDATE_RATE: the Home Agent's replies to one peer, per second. */
const REPLIES_PER_PEER_S = 3
const CONSOLE_PORT = 7777
/** 100 MB, in MiB. */
const AIM = { rate: 20_000, p99Ms: 5, rssMiB: 100e6 / 2 ** 20 }
const TAIL_CHARS = 16_384
const KIB_PER_MIB = 1024

const RADVD_CONF = join(FIXTURES, 'seed-002-radvd.conf')
const MIP6D_CONF = join(FIXTURES, 'seed-002-mip6d-ha.conf')

/** The router, with its one log line per binding event counted rather than kept. */
class BenchRouter extends OurRouter {
  bindingEvents = 0
  #partial = ''

  static launch(lab: Lab, ns: string, args: readonly string[]): BenchRouter {
    return new BenchRouter(
      lab,
      lab.spawn(ns, [process.execPath, ...ROUTER_NODE_ARGS, BUNDLE, 'run', ...args]),
    )
  }

  protected override onStderr(s: string): void {
    const lines = (this.#partial + s).split('\n')
    this.#partial = lines.pop() ?? ''
    for (const line of lines) {
      if (line.includes('"subsystem":"home-agent","msg":"binding-')) {
        this.bindingEvents++
        continue
      }
      this.stderr = `${this.stderr}${line}\n`.slice(-TAIL_CHARS)
      try {
        this.logs.push(JSON.parse(line))
      } catch {
        this.logs.push({ text: line })
      }
    }
  }
}

interface Step {
  offered: number
  r: PhaseResult
  cpu?: CpuReading
}

const unanswered = (r: PhaseResult) => (r.total === 0 ? 0 : 1 - r.answered / r.total)
const passes = (s: Step) => unanswered(s.r) < MAX_UNANSWERED
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : 'n/a')
const statusText = (r: PhaseResult) =>
  Object.entries(r.statuses)
    .map(([s, n]) => `status ${s}: ${n}`)
    .join(', ')

function header(withCpu: boolean): string {
  const cols = ['offered/s', 'sent/s', 'answered/s', 'unanswered', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']
  return `    ${cols.map((c) => c.padStart(11)).join('')}${withCpu ? '  router CPU µs/BU: main + helpers' : ''}`
}

function row(s: Step): string {
  const { r } = s
  const cells = [
    String(s.offered),
    f(r.sent / Math.max(r.sendS, 1 / s.offered), 0),
    f(r.answered / Math.max(r.answerS, 1 / s.offered), 0),
    `${f(100 * unanswered(r), 2)} %`,
    f(r.latency.p50, 2),
    f(r.latency.p90, 2),
    f(r.latency.p99, 2),
    f(r.latency.max, 1),
  ]
  const perBu = (seconds: number) => f((1e6 * seconds) / Math.max(1, r.answered), 0)
  const main = s.cpu
    ? (Object.entries(s.cpu.byCommand).find(([name]) => name.endsWith('(main)'))?.[1] ?? 0)
    : 0
  const cpu = s.cpu ? `  ${perBu(main).padStart(6)} + ${perBu(s.cpu.totalS - main).padStart(4)}` : ''
  const notes = [
    r.sent < r.total ? `${r.total - r.sent} refused by the generator's socket` : '',
    statusText(r),
    r.stray > 0 ? `${r.stray} stray answers` : '',
  ].filter(Boolean)
  return `    ${cells.map((c) => c.padStart(11)).join('')}${cpu}${notes.length ? `  (${notes.join('; ')})` : ''}`
}

function cpuDelta(a: CpuReading, b: CpuReading): CpuReading {
  const byCommand: Record<string, number> = {}
  for (const [name, s] of Object.entries(b.byCommand)) byCommand[name] = s - (a.byCommand[name] ?? 0)
  return { totalS: b.totalS - a.totalS, byCommand }
}

/** What answers the generator: the echo, or the router (CPU measured, its death noticed). */
class Target {
  /** BUs handed to the generator's socket while the router answered. */
  sent = 0

  constructor(
    private readonly gen: BenchChild,
    private readonly router?: BenchRouter,
  ) {}

  async step(phase: PhaseRequest): Promise<Step> {
    const router = this.router
    const before = router ? cpuSeconds(router.pid) : undefined
    const r = await this.gen.phase(phase)
    if (!router || !before) return { offered: phase.rate, r }
    if (router.exitCode !== null || router.signalCode !== null)
      throw new Error(`the router exited (${router.exitCode ?? router.signalCode}):\n${router.stderr}`)
    this.sent += r.sent
    return { offered: phase.rate, r, cpu: cpuDelta(before, cpuSeconds(router.pid)) }
  }

  /** The ladder: offered rates up, refreshing mobile nodes 1..count round robin. */
  async ladder(count: number): Promise<Step[]> {
    const steps: Step[] = []
    let offset = 0
    for (const rate of RATES) {
      const total = Math.round(rate * STEP_S)
      const step = await this.step({ first: 1, count, offset, total, rate, quietMs: QUIET_MS })
      offset = (offset + total) % count
      steps.push(step)
      console.log(row(step))
      if (unanswered(step.r) > SATURATED) break
    }
    return steps
  }

  /**
   * Registers mobile nodes first..first+count-1 at FILL_RATE (the row printed); those left
   * unanswered (the router fell behind and frames were lost on the way) are sent again.
   */
  async register(first: number, count: number): Promise<void> {
    const fill = { offset: 0, rate: FILL_RATE, quietMs: QUIET_MS, listUnanswered: true }
    const step = await this.step({ ...fill, first, count, total: count })
    console.log(row(step))
    let missing = step.r.unanswered ?? []
    const again: string[] = []
    for (let i = 0; i < FILL_RETRIES && missing.length > 0; i++) {
      const retry = await this.step({
        ...fill,
        first: 0,
        count: missing.length,
        only: missing,
        total: missing.length,
      })
      again.push(`${missing.length} sent again, ${retry.r.answered} answered`)
      missing = retry.r.unanswered ?? []
    }
    if (again.length > 0) console.log(`    ${again.join('; ')}`)
  }
}

/** The highest offered rate that passed, and every rate below it passed too. */
function sustained(steps: Step[]): number {
  let best = 0
  for (const s of steps) {
    if (!passes(s)) break
    best = s.offered
  }
  return best
}

/** The step to quote latency from: at `rate`, else the highest sustained one below it. */
function latencyStep(steps: Step[], rate: number): Step | undefined {
  return steps.find((s) => s.offered === rate && passes(s)) ?? steps.filter(passes).at(-1)
}

async function consoleStats(lab: Lab, ns: string): Promise<string> {
  return lab
    .exec(ns, [process.execPath, BUNDLE, 'console', '--port', String(CONSOLE_PORT), 'stats'])
    .catch((e: Error) => `console: ${e.message}`)
}

async function bindingCount(lab: Lab, ns: string): Promise<number> {
  return Number(/^ha bindings: (\d+)/m.exec(await consoleStats(lab, ns))?.[1] ?? Number.NaN)
}

/** VmRSS of the router (main process) and of its helpers together, KiB. */
function rss(pid: number): { main: number; helpers: number } {
  const helpers = descendants(pid).reduce((sum, d) => {
    try {
      return sum + vmRssKiB(d.pid)
    } catch {
      return sum
    }
  }, 0)
  return { main: vmRssKiB(pid), helpers }
}

async function heap(ns: string, pid: number): Promise<HeapReading | string> {
  try {
    return await readHeap(ns, pid)
  } catch (e) {
    return (e as Error).message
  }
}

const mib = (bytes: number) => bytes / 1024 / 1024
const heapText = (h: HeapReading | string) =>
  typeof h === 'string'
    ? `not read (${h})`
    : `heap used ${f(mib(h.heapUsed))} MiB of ${f(mib(h.heapTotal))}, external ${f(mib(h.external))} MiB, rss ${f(mib(h.rss))} MiB`

const met = (ok: boolean) => (ok ? 'met' : 'NOT met')

async function main(): Promise<void> {
  if (!requireRoot(SUITE) || !requireTool(hasCommand('nft', 'nftables'), SUITE)) return
  const lab = new NetnsLab('habench')
  const dir = mkdtempSync(join(tmpdir(), 'mip6-ha-bench-'))
  const children: BenchChild[] = []
  try {
    // Measured as boards run it: the single-file bundle, not the checkout's TypeScript loader.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' })
    const { routerNs, genNs } = await seedLinks(lab)
    // The router's nftables guard, there for the echo too, so the kernel of the router's
    // namespace does the same with the BUs in both (drops them; the router replaces the table).
    const guard = join(dir, 'guard.nft')
    writeFileSync(
      guard,
      guardRuleset({ mobilityHeader: true, destinationOptions: true, ipInIp: false, dhaadPrefixes: [] }),
    )
    await lab.exec(routerNs, ['nft', '-f', guard])

    const gen = await BenchChild.start('load-generator', genNs, 'mn0')
    children.push(gen)

    console.log(
      `Home Agent: BU -> BA through mip6-router run (bundle), seed 002's radvd.conf + mip6d.conf, ` +
        `homeAgent dad off, maxBindings ${MAX_BINDINGS}, telemetry ${process.env.HA_BENCH_MQTT ?? 'to the embedded broker'}`,
    )
    console.log(
      `  machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}; generator, echo, ` +
        'router and their libpcap helpers share them',
    )
    console.log(
      `  load: a Node generator on the visited link (LinkSocket, libpcap helper) in its namespace; mobile node i`,
    )
    console.log(
      '        is 2001:db8::i from care-of 2001:db8:1::i, BUs with A and H and a Home Address option',
    )
    console.log(
      '  latency: BU handed to the generator socket -> BA delivered by its libpcap (CLOCK_MONOTONIC)',
    )
    console.log(
      `  steps of ${STEP_S} s; "unanswered": no BA (status 0) for the BU within ${QUIET_MS} ms of the last answer`,
    )

    // --- The ceiling: an echo where the router will be ------------------------------------------
    const echo = await BenchChild.start('frame-echo', routerNs, 'wlan1')
    children.push(echo)
    console.log(
      "\n  ceiling: an echo on the router's wlan1 (LinkSocket as the router opens it) bouncing every BU",
    )
    console.log(header(false))
    const ceiling = await new Target(gen).ladder(BIG_BINDINGS)
    await echo.close()
    children.splice(children.indexOf(echo), 1)

    // --- The router --------------------------------------------------------------------------------
    const yaml = join(dir, 'bench.yaml')
    writeFileSync(yaml, `homeAgent:\n  dad: false\n  maxBindings: ${MAX_BINDINGS}\n`)
    const router = BenchRouter.launch(lab, routerNs, [
      '--config',
      yaml,
      '--radvd-conf',
      RADVD_CONF,
      '--mip6d-conf',
      MIP6D_CONF,
      '--state-dir',
      join(dir, 'state'),
      '--console-port',
      String(CONSOLE_PORT),
      ...MQTT_ARGS,
    ])
    await router.waitLog((l) => l.msg === 'started', 'router started', 30_000)
    for (const ifname of ['wlan0', 'wlan1'])
      await router.waitLog((l) => l.msg === 'ra-interface-up' && l.ifname === ifname, `${ifname} up`, 30_000)
    const heapEmpty = await heap(routerNs, router.pid)
    const rssEmpty = rss(router.pid)
    const target = new Target(gen, router)

    console.log(`\n  router: registrations of ${BINDINGS} mobile nodes at ${FILL_RATE}/s offered`)
    console.log(header(true))
    await target.register(1, BINDINGS)
    const small = await bindingCount(lab, routerNs)
    console.log(`    binding cache: ${small} bindings`)

    console.log(`\n  router: refreshes of the ${small} bindings at increasing offered rates`)
    if (Math.max(...RATES) > REPLIES_PER_PEER_S * BINDINGS)
      console.log(
        `    (above ${REPLIES_PER_PEER_S * BINDINGS}/s each mobile node sends more than ${REPLIES_PER_PEER_S} BU/s: its BAs are rate-limited by design)`,
      )
    console.log(header(true))
    const refreshes = await target.ladder(BINDINGS)

    // --- The big cache ------------------------------------------------------------------------------
    const more = BIG_BINDINGS - BINDINGS
    console.log(`\n  router: registrations of ${more} more mobile nodes at ${FILL_RATE}/s offered`)
    console.log(header(true))
    await target.register(BINDINGS + 1, more)
    const big = await bindingCount(lab, routerNs)
    console.log(`    binding cache: ${big} bindings`)
    const heapBig = await heap(routerNs, router.pid)
    const rssBig = rss(router.pid)

    const bigRate = Math.min(LATENCY_RATE, Math.max(sustained(refreshes), RATES[0]!))
    console.log(`\n  router: refreshes across all ${big} bindings at ${bigRate}/s offered`)
    console.log(header(true))
    const bigStep = await target.step({
      first: 1,
      count: BIG_BINDINGS,
      offset: 0,
      total: Math.round(bigRate * STEP_S),
      rate: bigRate,
      quietMs: QUIET_MS,
    })
    const bigLatency = bigStep.r
    console.log(row(bigStep))

    const stats = await consoleStats(lab, routerNs)
    console.log(`\n  router stats (console):\n${stats.trimEnd().replace(/^/gm, '    ')}`)
    const seen = Number(/^ha received: .*mobility: (\d+)/m.exec(stats)?.[1] ?? Number.NaN)
    console.log(
      `  BUs the Home Agent engine never saw (lost in the router's capture ring or pipe): ` +
        `${target.sent - seen} of ${target.sent} (${f((100 * (target.sent - seen)) / target.sent, 2)} %)`,
    )
    const genStats = await gen.stats()
    console.log(
      `  generator socket: sent ${genStats.sent}, received ${genStats.received}, dropped ${genStats.dropped}; ` +
        `router log lines for binding events: ${router.bindingEvents}`,
    )
    // SIGTERM as systemd stops it; the last save of the whole cache happens here.
    const stopAt = performance.now()
    router.signal('SIGTERM')
    const code = await router.waitExit(60_000).catch(() => 'no exit within 60 s')
    const cacheFile = join(dir, 'state', 'binding-cache.json')
    console.log(
      `  router stop (SIGTERM, final save of the cache): ${f((performance.now() - stopAt) / 1000, 2)} s, exit ${code}; ` +
        `${existsSync(cacheFile) ? `binding-cache.json ${f(statSync(cacheFile).size / 2 ** 20)} MiB` : 'no binding-cache.json'}`,
    )

    // --- Summary ----------------------------------------------------------------------------------
    const ceilingRate = sustained(ceiling)
    const routerRate = sustained(refreshes)
    const saturatedNote = (steps: Step[]) =>
      steps.length > 0 && steps.every(passes) ? ' (every step passed: at least this)' : ''
    console.log('\n  summary')
    console.log(
      `    sustained refresh rate (< 1 % unanswered): router ${routerRate}/s${saturatedNote(refreshes)}, ` +
        `ceiling ${ceilingRate}/s${saturatedNote(ceiling)}, router/ceiling ${ratio(routerRate, ceilingRate)}`,
    )
    const at = latencyStep(refreshes, LATENCY_RATE)
    const echoAt = at ? ceiling.find((s) => s.offered === at.offered) : undefined
    const latencyLine = (label: string, s: Step | undefined, ref: Step | undefined) =>
      s
        ? `    latency ${label} at ${s.offered}/s${s.offered < LATENCY_RATE ? ` (${LATENCY_RATE}/s not sustained: the highest rate that was)` : ''}: ` +
          `p50 ${f(s.r.latency.p50, 2)} ms, p99 ${f(s.r.latency.p99, 2)} ms` +
          (ref
            ? `; ceiling p50 ${f(ref.r.latency.p50, 2)} ms, p99 ${f(ref.r.latency.p99, 2)} ms; ` +
              `router/ceiling p50 ${ratio(s.r.latency.p50, ref.r.latency.p50)}, p99 ${ratio(s.r.latency.p99, ref.r.latency.p99)}`
            : '')
        : `    latency ${label}: no step was sustained`
    console.log(latencyLine(`with ${small} bindings`, at, echoAt))
    const echoBig = ceiling.find((s) => s.offered === bigStep.offered)
    console.log(
      latencyLine(`with ${big} bindings`, passes(bigStep) ? bigStep : undefined, echoBig) +
        (passes(bigStep)
          ? ''
          : ` (at ${bigRate}/s: ${f(100 * unanswered(bigLatency), 1)} % unanswered, p99 ${f(bigLatency.latency.p99, 2)} ms)`),
    )
    const grown = Math.max(1, big)
    const perHundredK = ((rssBig.main - rssEmpty.main) / KIB_PER_MIB) * (100_000 / grown)
    console.log(
      `    router VmRSS: ${f(rssEmpty.main / KIB_PER_MIB)} MiB empty, ${f(rssBig.main / KIB_PER_MIB)} MiB with ${big} bindings ` +
        `(+${f(perHundredK)} MiB per 100k bindings); capture helpers ${f(rssBig.helpers / KIB_PER_MIB)} MiB together`,
    )
    console.log(`    router V8 (after a full GC): empty: ${heapText(heapEmpty)}`)
    console.log(`                                 with ${big} bindings: ${heapText(heapBig)}`)
    if (typeof heapEmpty !== 'string' && typeof heapBig !== 'string')
      console.log(
        `    heap per 100k bindings: ${f((mib(heapBig.heapUsed - heapEmpty.heapUsed) * 100_000) / grown)} MiB`,
      )

    console.log('\n  aims (issue): ')
    console.log(`    >= ${AIM.rate} BU/s sustained: ${met(routerRate >= AIM.rate)} (${routerRate}/s)`)
    const atRate = refreshes.find((s) => s.offered === LATENCY_RATE)
    const p99 = atRate && passes(atRate) ? atRate.r.latency.p99 : Number.NaN
    const p99Text = atRate
      ? `${f(atRate.r.latency.p99, 2)} ms at ${LATENCY_RATE}/s offered, ${f(100 * unanswered(atRate.r), 2)} % unanswered`
      : `${LATENCY_RATE}/s not offered`
    const sustainedText =
      at && at !== atRate
        ? `; ${f(at.r.latency.p99, 2)} ms at ${at.offered}/s, the highest rate sustained`
        : ''
    console.log(
      `    p99 < ${AIM.p99Ms} ms at ${LATENCY_RATE} BU/s: ${met(p99 < AIM.p99Ms)} (${p99Text}${sustainedText})`,
    )
    const rssAt100k = (rssEmpty.main + (rssBig.main - rssEmpty.main) * (100_000 / grown)) / KIB_PER_MIB
    console.log(
      `    100k bindings under 100 MB (${f(AIM.rssMiB)} MiB) RSS: ${met(big >= 100_000 ? rssBig.main / KIB_PER_MIB < AIM.rssMiB : rssAt100k < AIM.rssMiB)} ` +
        `(${big >= 100_000 ? `${f(rssBig.main / KIB_PER_MIB)} MiB with ${big}` : `${f(rssAt100k)} MiB extrapolated from ${big}`})`,
    )
  } finally {
    await Promise.all(children.map((c) => c.close().catch(() => {})))
    await lab.cleanup()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
