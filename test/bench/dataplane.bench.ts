// The userspace data plane's throughput next to plain kernel forwarding over the same path,
// in the same run: seed 002's router (the bundle, --dataplane userspace, no telemetry) between
// a correspondent on the home link and a mobile node registered from the visited link. The
// correspondent sends 1,400-octet UDP datagrams as fast as it can, once to the mobile node's
// care-of address (the kernel forwards them: the reference) and once to its home address
// (into the tunnel). nftables counters in the mobile node's namespace count what arrives,
// before its stack: plain datagrams, and tunnel packets (its kernel has no ip6_tunnel).
// Prints figures and the ratio; never fails on timing.
//
//   hh0 (correspondent, 2001:db8::2) ── wlan0 [router] wlan1 ── mn0 (mobile node, 2001:db8:1::2)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetnsLab, requireRoot, waitUntil } from '@mip6/netio/testing'
import { DEBIAN_PYTHON, hasCommand, hasScapy, requireTool } from '@mip6/wire/testing'
import { bindingUpdate, MAC as HA_LAB_MAC } from '../ha/support/packets'
import { OurRouter } from '../ra/support/routers'
import { BUNDLE, FIXTURES, ROOT } from '../ra/support/tools'
import { MAC } from './support/bu-traffic'
import { seedLinks } from './support/seed-links'

const SUITE = 'data plane bench'
const SECONDS = Number(process.env.DATAPLANE_BENCH_SECONDS ?? 5)
/** Offered datagrams a second; 0 is as fast as the sender goes. */
const RATES = (process.env.DATAPLANE_BENCH_RATES ?? '0,5000,10000,20000,40000').split(',').map(Number)
/** A paced step is carried when less than this share is lost. */
const MAX_LOSS = 0.01
/** Sending starts this long before the counted window and goes on this long after it. */
const WARM_UP_MS = 1_000
const COOL_DOWN_MS = 500
/** Between steps: what the router still holds drains before the next one. */
const SETTLE_MS = 2_000
const PAYLOAD = 1400
const PORT = 5201
const CORRESPONDENT = '2001:db8::2'
const HOA = '2001:db8::beef'
const COA = '2001:db8:1::2'
/** The aim: the userspace path carries at least this share of kernel forwarding (flat out). */
const AIM_RATIO = 0.25
const FLOOD = join(import.meta.dirname, 'support', 'udp-flood.mjs')

const COUNTERS = `table ip6 bench {
  counter plain {}
  counter tunnelled {}
  chain prerouting {
    type filter hook prerouting priority raw; policy accept;
    udp dport ${PORT} counter name "plain" drop
    meta l4proto ipv6 counter name "tunnelled" drop
  }
}
`

interface Figures {
  sentPps: number
  receivedPps: number
  mbps: number
}

async function main(): Promise<void> {
  if (
    !requireRoot(SUITE) ||
    !requireTool(hasScapy(), SUITE) ||
    !requireTool(hasCommand('nft', 'nftables'), SUITE)
  )
    return
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' })
  const lab = new NetnsLab('dpbench')
  const dir = mkdtempSync(join(tmpdir(), 'mip6-dp-bench-'))
  try {
    const { routerNs, homeNs, genNs } = await seedLinks(lab)
    await lab.addAddress(homeNs, 'hh0', `${CORRESPONDENT}/64`, { nodad: true })
    await lab.ip(homeNs, ['-6', 'route', 'add', 'default', 'via', '2001:db8::'])
    await lab.addAddress(genNs, 'mn0', `${COA}/64`, { nodad: true })
    const nft = join(dir, 'counters.nft')
    writeFileSync(nft, COUNTERS)
    await lab.exec(genNs, ['nft', '-f', nft])

    const router = OurRouter.start(
      lab,
      routerNs,
      [
        '--radvd-conf',
        join(FIXTURES, 'seed-002-radvd.conf'),
        '--mip6d-conf',
        join(FIXTURES, 'seed-002-mip6d-ha.conf'),
        '--state-dir',
        join(dir, 'state'),
        '--mqtt',
        'none',
        '--dataplane',
        'userspace',
      ],
      BUNDLE,
    )
    await router.waitLog((l) => l.msg === 'started', 'router started', 20_000)
    await register(lab, genNs)
    await waitUntil(
      async () => (await lab.ip(routerNs, ['-6', 'route', 'show', `${HOA}/128`])) !== '',
      10_000,
      'the route to the home address',
    )

    const steps: Array<{ rate: number; kernel: Figures; userspace: Figures }> = []
    for (const rate of RATES) {
      const kernel = await flood(lab, homeNs, genNs, COA, 'plain', rate)
      const userspace = await flood(lab, homeNs, genNs, HOA, 'tunnelled', rate)
      steps.push({ rate, kernel, userspace })
    }
    const loss = (f: Figures) => (f.sentPps > 0 ? 1 - f.receivedPps / f.sentPps : 0)
    const cell = (f: Figures) =>
      `${f.receivedPps.toFixed(0).padStart(8)} ${f.mbps.toFixed(1).padStart(7)} ${(loss(f) * 100).toFixed(1).padStart(5)}%`
    console.log(`\n${SECONDS} s steps of ${PAYLOAD}-octet UDP, correspondent → mobile node`)
    console.log(
      `${'offered/s'.padEnd(10)} | kernel forwarding: recv/s Mbit/s loss | userspace tunnel: recv/s Mbit/s loss`,
    )
    for (const { rate, kernel, userspace } of steps) {
      const offered = rate === 0 ? `max ${kernel.sentPps.toFixed(0)}` : String(rate)
      console.log(`${offered.padEnd(10)} | ${cell(kernel).padStart(34)} | ${cell(userspace).padStart(33)}`)
    }
    const carried = (pick: (s: (typeof steps)[number]) => Figures) =>
      Math.max(
        0,
        ...steps.filter((s) => s.rate > 0 && loss(pick(s)) < MAX_LOSS).map((s) => pick(s).receivedPps),
      )
    const flatOut = steps.find((s) => s.rate === 0)
    if (flatOut) {
      const ratio = flatOut.userspace.receivedPps / flatOut.kernel.receivedPps
      console.log(
        `flat out: userspace ${flatOut.userspace.receivedPps.toFixed(0)}/s (${flatOut.userspace.mbps.toFixed(1)} Mbit/s), ` +
          `kernel ${flatOut.kernel.receivedPps.toFixed(0)}/s (${flatOut.kernel.mbps.toFixed(1)} Mbit/s): ` +
          `ratio ${ratio.toFixed(2)} (aim >= ${AIM_RATIO}: ${ratio >= AIM_RATIO ? 'met' : 'NOT met'})`,
      )
    }
    console.log(
      `carried with < ${MAX_LOSS * 100} % loss: userspace ${carried((s) => s.userspace).toFixed(0)}/s, ` +
        `kernel ${carried((s) => s.kernel).toFixed(0)}/s (the top paced step bounds both)`,
    )
    console.log(await lab.exec(routerNs, [process.execPath, BUNDLE, 'console', 'stats']).catch(() => ''))
  } finally {
    await lab.cleanup()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The mobile node's home registration, sent by scapy (the BA is not waited for: the route tells). */
async function register(lab: NetnsLab, ns: string): Promise<void> {
  const frame = bindingUpdate({
    coa: COA,
    hoa: HOA,
    seq: 1,
    srcMac: MAC.generator,
    dstMac: HA_LAB_MAC.routerVisited,
  })
  await lab.exec(ns, [
    DEBIAN_PYTHON,
    '-c',
    `from scapy.all import *\nsendp(${frame}, iface="mn0", verbose=0)`,
  ])
}

/**
 * Sends for WARM_UP + SECONDS + COOL_DOWN and counts what arrives in the middle SECONDS only:
 * a queue that fills at the start or drains after the end does not count as throughput.
 */
async function flood(
  lab: NetnsLab,
  from: string,
  to: string,
  dst: string,
  counter: string,
  rate: number,
): Promise<Figures> {
  const total = (WARM_UP_MS + COOL_DOWN_MS) / 1000 + SECONDS
  const argv = [process.execPath, FLOOD, dst, String(PORT), String(total), String(PAYLOAD), String(rate)]
  const sender = lab.exec(from, argv)
  await sleep(WARM_UP_MS)
  const before = await count(lab, to, counter)
  const t0 = performance.now()
  await sleep(SECONDS * 1000)
  const received = (await count(lab, to, counter)) - before
  const seconds = (performance.now() - t0) / 1000
  const sent = JSON.parse(await sender) as { sent: number; seconds: number }
  await sleep(SETTLE_MS)
  return {
    sentPps: sent.sent / sent.seconds,
    receivedPps: received / seconds,
    mbps: (received * PAYLOAD * 8) / seconds / 1e6,
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

async function count(lab: NetnsLab, ns: string, name: string): Promise<number> {
  const json = JSON.parse(await lab.exec(ns, ['nft', '-j', 'list', 'counter', 'ip6', 'bench', name])) as {
    nftables: Array<{ counter?: { packets: number } }>
  }
  return json.nftables.find((e) => e.counter)?.counter?.packets ?? 0
}

await main()
