// Does telemetry ever get in the way of the Router Advertisements? Seed 002's router (the
// single-file bundle, radvd.conf at the Mobile IPv6 intervals 0.05-0.07 s on both links, the
// seed's mip6d.conf) answers a steady stream of Binding Updates from the load generator while
// the RAs on the home link are captured; once with telemetry off (the reference, same run),
// then with telemetry to Debian's mosquitto, to the embedded broker, and to a broker that
// takes the connection and then stops reading. Then, against mosquitto, a burst of
// registrations at 10,000 BU/s and the rate at which their events reach a subscriber.
// Prints figures and deltas to the reference; never fails on timing.
//
//   hh0 (home host ns, dumpcap) ── wlan0 [router ns]  wlan1 ── mn0 (generator ns)
//
// Environment:
//   TELEMETRY_BENCH_SECONDS   measured window per mode (20)
//   TELEMETRY_BENCH_BU_RATE   BU/s offered during the window (1000: 1000 events/s)
//   TELEMETRY_BENCH_BURST     registrations in the burst, offered at 10,000/s (20000)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type NetnsLab as Lab, NetnsLab, requireRoot } from '@mip6/netio/testing'
import { hasCommand, requireTool } from '@mip6/wire/testing'
import { Capture } from '../ra/support/capture'
import { mobileIpv6Conf } from '../ra/support/configs'
import { OurRouter } from '../ra/support/routers'
import { BUNDLE, FIXTURES, ROOT } from '../ra/support/tools'
import { percentile } from '../ra/support/topology'
import { BROKER_PORT, NamespaceMosquitto, Subscriber } from '../telemetry/support/namespace-mqtt'
import { BenchChild } from './support/children'
import { seedLinks } from './support/seed-links'

const SUITE = 'telemetry bench'
const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const WINDOW_S = envNumber('TELEMETRY_BENCH_SECONDS', 20)
const BU_RATE = envNumber('TELEMETRY_BENCH_BU_RATE', 1000)
const BURST = envNumber('TELEMETRY_BENCH_BURST', 20_000)
const BURST_RATE = 10_000
const WARM_UP_MS = 2_000
const MAX_MS = 70
/** The aim: telemetry moves the p99 RA lateness by no more than this. */
const AIM_DELTA_MS = 1
const STALLED_PORT = 1884
const QUIET_MS = 1_000
const MIP6D_CONF = join(FIXTURES, 'seed-002-mip6d-ha.conf')
const STALLED_BROKER = join(import.meta.dirname, 'support', 'stalled-broker.mjs')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')

interface Mode {
  name: string
  /** --mqtt; undefined: the default, the embedded broker. */
  mqtt: string | undefined
}

interface Timing {
  mode: string
  adverts: number
  p50: number
  p99: number
  max: number
  latenessP99: number
  answered: number
  sent: number
}

class Bench {
  private readonly dir = mkdtempSync(join(tmpdir(), 'mip6-telemetry-bench-'))
  private runs = 0

  constructor(
    private readonly lab: Lab,
    private readonly routerNs: string,
    private readonly capture: Capture,
    private readonly gen: BenchChild,
  ) {}

  async router(mqtt: string | undefined): Promise<OurRouter> {
    this.runs++
    const radvd = join(this.dir, 'radvd.conf')
    writeFileSync(
      radvd,
      [
        mobileIpv6Conf({ ifname: 'wlan0', prefix: '2001:db8::/64' }),
        mobileIpv6Conf({ ifname: 'wlan1', prefix: '2001:db8:1::/64' }),
      ].join('\n'),
    )
    const yaml = join(this.dir, 'bench.yaml')
    writeFileSync(yaml, 'router:\n  id: bench\nhomeAgent:\n  dad: false\n  maxBindings: 65536\n')
    const router = OurRouter.start(
      this.lab,
      this.routerNs,
      [
        '--config',
        yaml,
        '--radvd-conf',
        radvd,
        '--mip6d-conf',
        MIP6D_CONF,
        '--state-dir',
        join(this.dir, `state-${this.runs}`),
        '--console-port',
        '0',
        ...(mqtt === undefined ? [] : ['--mqtt', mqtt]),
      ],
      BUNDLE,
    )
    await router.waitLog((l) => l.msg === 'started', 'router started', 30_000)
    await router.waitLog((l) => l.msg === 'ra-interface-up' && l.ifname === 'wlan0', 'wlan0 up', 30_000)
    return router
  }

  /** RAs on the home link while BU_RATE BU/s of registrations and refreshes come in. */
  async timing(mode: Mode): Promise<Timing> {
    const router = await this.router(mode.mqtt)
    try {
      await sleep(WARM_UP_MS)
      const from = Date.now()
      const load = await this.gen.phase({
        first: 1,
        count: BU_RATE,
        offset: 0,
        total: BU_RATE * WINDOW_S,
        rate: BU_RATE,
        quietMs: QUIET_MS,
      })
      const to = Date.now()
      const times = this.capture
        .adverts()
        .filter(
          (a) => a.destination === 'ff02::1' && a.ra.routerLifetimeS !== 0 && a.atMs >= from && a.atMs <= to,
        )
        .map((a) => a.atMs)
      const intervals = times.slice(1).map((t, i) => t - times[i]!)
      return {
        mode: mode.name,
        adverts: times.length,
        p50: percentile(intervals, 50),
        p99: percentile(intervals, 99),
        max: Math.max(...intervals),
        latenessP99: percentile(
          intervals.map((i) => Math.max(0, i - MAX_MS)),
          99,
        ),
        answered: load.answered,
        sent: load.sent,
      }
    } finally {
      await router.stop()
    }
  }

  /** BURST new registrations at 10,000/s offered; their events counted at a subscriber. */
  async burst(broker: NamespaceMosquitto): Promise<void> {
    const router = await this.router(broker.url)
    const sub = await Subscriber.start(this.lab, this.routerNs, 'mip6/bench/events')
    try {
      const before = sub.messages.length
      const t0 = performance.now()
      const r = await this.gen.phase({
        first: 100_001,
        count: BURST,
        offset: 0,
        total: BURST,
        rate: BURST_RATE,
        quietMs: QUIET_MS,
      })
      const sendS = r.sendS
      // Events still arriving after the last BA: wait until none came for a second.
      let seen = -1
      while (sub.messages.length !== seen) {
        seen = sub.messages.length
        await sleep(QUIET_MS)
      }
      const events = sub.messages.slice(before).filter((m) => m.payload.includes('"binding-registered"'))
      const spanS = (performance.now() - t0 - QUIET_MS) / 1000
      console.log(`\n  burst: ${BURST} registrations offered at ${BURST_RATE}/s, telemetry to mosquitto`)
      console.log(
        `    BUs sent ${r.sent} in ${f(sendS, 2)} s, BAs (status 0) ${r.answered}; ` +
          `binding-registered events at the subscriber ${events.length} ` +
          `(${f(events.length / Math.max(spanS, 0.001), 0)}/s over ${f(spanS, 2)} s from the first BU to the last event)`,
      )
      const dropped = sub.messages
        .slice(before)
        .map((m) => /"events-dropped".*"count":(\d+)/.exec(m.payload)?.[1])
        .filter((c) => c !== undefined)
      console.log(
        `    events lost: ${r.answered - events.length} of ${r.answered}` +
          (dropped.length > 0 ? `; events-dropped notices: ${dropped.join(', ')}` : ''),
      )
    } finally {
      sub.close()
      await router.stop()
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  if (
    !requireRoot(SUITE) ||
    !requireTool(hasCommand('nft', 'nftables'), SUITE) ||
    !requireTool(hasCommand('dumpcap', 'wireshark-common'), SUITE) ||
    !requireTool(hasCommand('mosquitto', 'mosquitto'), SUITE) ||
    !requireTool(hasCommand('mosquitto_sub', 'mosquitto-clients'), SUITE)
  )
    return
  const lab = new NetnsLab('tmbench')
  let bench: Bench | undefined
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' })
    const { routerNs, homeNs, genNs } = await seedLinks(lab)
    const capture = await Capture.start(lab, homeNs, 'hh0')
    const gen = await BenchChild.start('load-generator', genNs, 'mn0')
    bench = new Bench(lab, routerNs, capture, gen)
    const brokerDir = mkdtempSync(join(tmpdir(), 'mip6-telemetry-bench-broker-'))
    const broker = await NamespaceMosquitto.start(lab, routerNs, brokerDir)
    const stalled = lab.spawn(routerNs, [process.execPath, STALLED_BROKER, String(STALLED_PORT)])
    await new Promise((resolve) => stalled.stdout!.once('data', resolve))

    console.log(
      `Telemetry and RA timing: mip6-router run (bundle), RAs every 0.05-0.07 s on wlan0 and wlan1 captured on ` +
        `the home link, ${BU_RATE} BU/s of registrations and refreshes from ${BU_RATE} mobile nodes on the visited link`,
    )
    console.log(
      `  each mode a fresh router, ${WINDOW_S} s measured after a ${WARM_UP_MS / 1000} s warm-up; ` +
        'lateness: max(0, interval - 70 ms)',
    )
    const modes: Mode[] = [
      { name: 'telemetry off (--mqtt none)', mqtt: 'none' },
      { name: 'mosquitto on 127.0.0.1', mqtt: broker.url },
      { name: 'embedded broker (default)', mqtt: undefined },
      { name: 'broker that stops reading', mqtt: `mqtt://127.0.0.1:${STALLED_PORT}` },
    ]
    const cols = ['RAs', 'p50 ms', 'p99 ms', 'max ms', 'late p99', 'Δ late p99', 'BAs/BUs']
    const line = (label: string, cells: string[]) =>
      `    ${label.padEnd(30)}${cells.map((c, i) => c.padStart(i === cells.length - 1 ? 14 : 11)).join('')}`
    console.log(line('', cols))
    const results: Timing[] = []
    for (const mode of modes) {
      const t = await bench.timing(mode)
      results.push(t)
      const delta = t.latenessP99 - results[0]!.latenessP99
      const cells = [
        String(t.adverts),
        f(t.p50, 2),
        f(t.p99, 2),
        f(t.max, 2),
        f(t.latenessP99, 2),
        f(delta, 2),
        `${t.answered}/${t.sent}`,
      ]
      console.log(line(t.mode, cells))
    }
    const worst = Math.max(...results.slice(1).map((t) => t.latenessP99 - results[0]!.latenessP99))
    console.log(
      `  aim: p99 RA lateness moves by at most ${AIM_DELTA_MS} ms with telemetry on: ` +
        `worst delta ${f(worst, 2)} ms, ${worst <= AIM_DELTA_MS ? 'met' : 'NOT met'}`,
    )
    await bench.burst(broker)
    console.log(
      `  (broker port ${BROKER_PORT} in the router's namespace, the stalled one on ${STALLED_PORT})`,
    )
    await gen.close()
    rmSync(brokerDir, { recursive: true, force: true })
  } finally {
    await lab.cleanup()
    bench?.remove()
  }
}

await main()
