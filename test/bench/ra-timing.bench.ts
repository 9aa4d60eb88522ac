// RA timing at the Mobile IPv6 intervals (MinRtrAdvInterval 0.05 s, MaxRtrAdvInterval 0.07 s)
// on two links, ours against radvd 2.19 in the same run: twin namespace pairs with the same
// radvd.conf, interface names, MACs and addresses, RAs captured by dumpcap on the host side
// of each link (kernel timestamps), and the CPU each router process tree used meanwhile.
// Prints figures and ours/radvd ratios; never fails on timing.
//
// RA_BENCH_SECONDS (default 60): length of the measured window, after a warm-up.
import { execFileSync } from 'node:child_process'
import { NetnsLab } from '@mip6/netio/testing'
import { Capture, type CapturedAdvert } from '../ra/support/capture'
import { links, mobileIpv6Conf } from '../ra/support/configs'
import { type CpuReading, cpuSeconds, OurRouter, Radvd } from '../ra/support/routers'
import { BUNDLE, ROOT, toolPath } from '../ra/support/tools'
import { type Pair, percentile, routerAndHost, TempDir } from '../ra/support/topology'

const DURATION_S = Number(process.env.RA_BENCH_SECONDS ?? 60)
const WARM_UP_MS = 2_000
const MIN_MS = 50
const MAX_MS = 70
const TOLERANCE_MS = 2
const LINKS = links(2)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Figures {
  adverts: number
  intervals: number[]
  outside: number
  /** Short intervals (< Min - tolerance) that follow a long one on the same link: a late send, not an early one. */
  shortAfterLate: number
  lateness: number[]
  cpuS: number
  cpu: CpuReading
}

const isShort = (i: number) => i < MIN_MS - TOLERANCE_MS
const isLong = (i: number) => i > MAX_MS + TOLERANCE_MS

/** Intervals between consecutive unsolicited RAs of one link inside [from, to]. */
function intervalsOf(
  adverts: CapturedAdvert[],
  from: number,
  to: number,
): { count: number; intervals: number[] } {
  const times = adverts
    .filter(
      (a) => a.destination === 'ff02::1' && a.ra.routerLifetimeS !== 0 && a.atMs >= from && a.atMs <= to,
    )
    .map((a) => a.atMs)
  return { count: times.length, intervals: times.slice(1).map((t, i) => t - times[i]!) }
}

function figures(
  captures: Capture[],
  from: number,
  to: number,
  cpuStart: CpuReading,
  cpuEnd: CpuReading,
): Figures {
  const perLink = captures.map((c) => intervalsOf(c.adverts(), from, to))
  const intervals = perLink.flatMap((l) => l.intervals)
  const cpu: CpuReading = { totalS: cpuEnd.totalS - cpuStart.totalS, byCommand: {} }
  for (const [name, s] of Object.entries(cpuEnd.byCommand))
    cpu.byCommand[name] = s - (cpuStart.byCommand[name] ?? 0)
  return {
    adverts: perLink.reduce((n, l) => n + l.count, 0),
    intervals,
    outside: intervals.filter((i) => isShort(i) || isLong(i)).length,
    shortAfterLate: perLink
      .flatMap((l) => l.intervals.map((v, k) => isShort(v) && k > 0 && isLong(l.intervals[k - 1]!)))
      .filter(Boolean).length,
    lateness: intervals.map((i) => Math.max(0, i - MAX_MS)),
    cpuS: cpu.totalS,
    cpu,
  }
}

function row(label: string, ours: number, radvd: number, digits = 1): string {
  const ratio = radvd === 0 ? (ours === 0 ? '1.00' : 'n/a') : (ours / radvd).toFixed(2)
  return `  ${label.padEnd(44)} ${ours.toFixed(digits).padStart(10)} ${radvd.toFixed(digits).padStart(10)} ${ratio.padStart(10)}`
}

function breakdown(cpu: CpuReading): string {
  return Object.entries(cpu.byCommand)
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(2)}`)
    .join(', ')
}

function twoLinkConf(): string {
  return [
    mobileIpv6Conf({ ifname: 'wlan0', prefix: '2001:db8::1/64' }),
    mobileIpv6Conf({ ifname: 'wlan1', prefix: '2001:db8:1::1/64' }),
  ].join('\n')
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('SKIP ra-timing: needs root (network namespaces)')
    return
  }
  const missing = (['radvd', 'dumpcap'] as const).filter((t) => !toolPath(t))
  if (missing.length > 0) {
    console.log(
      `SKIP ra-timing: ${missing.join(', ')} not installed (apt-get install radvd wireshark-common)`,
    )
    return
  }
  const lab = new NetnsLab('bench')
  const tmp = new TempDir()
  try {
    const [ours, theirs] = await Promise.all([routerAndHost(lab, 'o', LINKS), routerAndHost(lab, 'd', LINKS)])
    const conf = tmp.write('radvd.conf', twoLinkConf())
    const capture = (p: Pair) => Promise.all(LINKS.map((l) => Capture.start(lab, p.host, l.host)))
    const [capOurs, capRadvd] = await Promise.all([capture(ours), capture(theirs)])
    // Measured as boards run it: the single-file bundle, not the checkout's TypeScript loader.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' })
    const router = OurRouter.start(lab, ours.router, ['--radvd-conf', conf, '--console-port', '0'], BUNDLE)
    const radvd = Radvd.start(lab, theirs.router, conf, tmp.file('radvd.pid'))
    const firstRa = (c: Capture) => c.waitFor((a) => a.length > 0, 20_000, 'the first RA')
    await Promise.all([...capOurs, ...capRadvd].map(firstRa))
    await sleep(WARM_UP_MS)

    const from = Date.now()
    const cpuStart = { ours: cpuSeconds(router.pid), radvd: cpuSeconds(radvd.pid) }
    await sleep(DURATION_S * 1000)
    const cpuEnd = { ours: cpuSeconds(router.pid), radvd: cpuSeconds(radvd.pid) }
    const to = Date.now()
    await Promise.all([router.stop(), radvd.stop()])
    await Promise.all([...capOurs, ...capRadvd].map((c) => c.stop()))

    const o = figures(capOurs, from, to, cpuStart.ours, cpuEnd.ours)
    const d = figures(capRadvd, from, to, cpuStart.radvd, cpuEnd.radvd)
    const windowS = (to - from) / 1000
    console.log(
      `RA timing: MinRtrAdvInterval ${MIN_MS} ms, MaxRtrAdvInterval ${MAX_MS} ms, ${LINKS.length} links, ` +
        `${windowS.toFixed(1)} s measured after a ${WARM_UP_MS / 1000} s warm-up; ours and radvd 2.19 in the same run`,
    )
    console.log(
      '  interval: time between consecutive unsolicited (multicast) RAs on one link, from dumpcap kernel',
    )
    console.log('            timestamps on the receiving side; both links pooled')
    console.log(
      `  lateness: max(0, interval - MaxRtrAdvInterval); outside: interval < Min - ${TOLERANCE_MS} ms or > Max + ${TOLERANCE_MS} ms`,
    )
    console.log('  CPU: utime + stime from /proc/<pid>/stat over the window, of the router process and every')
    console.log(
      '       descendant (ours: capture helpers, ip monitor, tsx esbuild service; radvd: its privsep child)',
    )
    console.log(
      `  ${''.padEnd(44)} ${'ours'.padStart(10)} ${'radvd'.padStart(10)} ${'ours/radvd'.padStart(10)}`,
    )
    console.log(row('RAs captured', o.adverts, d.adverts, 0))
    console.log(row('interval p50 (ms)', percentile(o.intervals, 50), percentile(d.intervals, 50)))
    console.log(row('interval p99 (ms)', percentile(o.intervals, 99), percentile(d.intervals, 99)))
    console.log(row('interval max (ms)', Math.max(...o.intervals), Math.max(...d.intervals)))
    console.log(row('interval min (ms)', Math.min(...o.intervals), Math.min(...d.intervals)))
    console.log(row(`intervals outside [Min, Max] by > ${TOLERANCE_MS} ms`, o.outside, d.outside, 0))
    console.log(row('  of which short right after a late one', o.shortAfterLate, d.shortAfterLate, 0))
    console.log(row('lateness p99 (ms)', percentile(o.lateness, 99), percentile(d.lateness, 99)))
    console.log(row('CPU seconds', o.cpuS, d.cpuS, 2))
    console.log(row('CPU % of one core', (100 * o.cpuS) / windowS, (100 * d.cpuS) / windowS, 2))
    console.log(`  CPU ours by process (s): ${breakdown(o.cpu)}`)
    console.log(`  CPU radvd by process (s): ${breakdown(d.cpu)}`)
  } finally {
    await lab.cleanup()
    tmp.remove()
  }
}

await main()
