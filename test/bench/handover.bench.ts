// Handover blackout as the correspondent sees it: `mip6-router lab --json` (the README's
// `npm start`: this program as router and as mobile node, in namespaces) with ten moves,
// once with Mobile IPv6 RA intervals (0.05-0.07 s) and once with the seed's own (1-10 s,
// seed 002 lost about four pings at one a second). Prints the median and the worst blackout
// and loss per timing; never fails on timing.
//
// Environment:
//   HANDOVER_BENCH_MOVES   moves per timing (10)
//   HANDOVER_BENCH_DWELL   seconds at each place (3 with fast RAs; the seed's timing gets 4 more)
import { spawnSync } from 'node:child_process'
import { requireRoot } from '@mip6/netio/testing'
import { hasCommand, requireTool } from '@mip6/wire/testing'
import { BIN } from '../ra/support/tools'

const SUITE = 'handover bench'
const MOVES = Number(process.env.HANDOVER_BENCH_MOVES ?? 10)
const DWELL_S = Number(process.env.HANDOVER_BENCH_DWELL ?? 3)
/** The aim with 0.05 s RAs. */
const AIM_BLACKOUT_MS = 150
const PING_INTERVAL_MS = 10

const TIMINGS = [
  { name: 'RAs every 0.05-0.07 s', ra: '0.05:0.07', dwellS: DWELL_S },
  { name: "RAs every 1-10 s (the seed's)", ra: '1:10', dwellS: DWELL_S + 4 },
]

interface Summary {
  ok: boolean
  dataplane: string
  handovers: Array<{ from: string; to: string; blackoutMs?: number; lostPackets?: number }>
  problems: string[]
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)]!
}

function main(): void {
  if (!requireRoot(SUITE) || !requireTool(hasCommand('ping', 'iputils-ping'), SUITE)) return
  console.log(`${MOVES} moves per timing, the correspondent pinging every ${PING_INTERVAL_MS} ms`)
  for (const t of TIMINGS) {
    const args = [BIN, 'lab', '--json', '--moves', String(MOVES), '--dwell', String(t.dwellS)]
    args.push('--ra-interval', t.ra, '--ping-interval', String(PING_INTERVAL_MS))
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' })
    const last = r.stdout.trim().split('\n').at(-1) ?? ''
    let summary: Summary
    try {
      summary = JSON.parse(last) as Summary
    } catch {
      console.log(`${t.name}: no summary (exit ${r.status})\n${r.stderr.slice(-2000)}`)
      continue
    }
    const done = summary.handovers.filter((h) => h.blackoutMs !== undefined)
    const blackouts = done.map((h) => h.blackoutMs!)
    const losses = done.map((h) => h.lostPackets!)
    const line = (what: string, xs: number[], unit: string) =>
      `${what} median ${median(xs)}${unit}, worst ${Math.max(...xs)}${unit}`
    console.log(
      `\n${t.name} (${summary.dataplane} data plane): ${done.length} of ${summary.handovers.length} handovers completed`,
    )
    console.log(`  ${line('blackout', blackouts, ' ms')}; ${line('lost', losses, ' pings')}`)
    for (const dir of ['home→visited', 'visited→home']) {
      const [from, to] = dir.split('→')
      const these = done.filter((h) => h.from === from && h.to === to).map((h) => h.blackoutMs!)
      if (these.length > 0) console.log(`  ${dir}: ${line('blackout', these, ' ms')}`)
    }
    if (t.ra === '0.05:0.07') {
      const worst = Math.max(...blackouts)
      console.log(
        `  aim: blackout under ${AIM_BLACKOUT_MS} ms: ${worst < AIM_BLACKOUT_MS ? 'met' : 'NOT met'} (worst ${worst} ms)`,
      )
    }
    for (const p of summary.problems) console.log(`  problem: ${p}`)
  }
}

main()
