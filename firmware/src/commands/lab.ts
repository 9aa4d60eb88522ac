// `mip6-router lab`: seed 002's lab in network namespaces with this program as the router
// and as the mobile node, a correspondent pinging the home address, and the mobile node
// moving between the home and the visited ESS on a schedule. The README's `npm start`.
import { spawnSync } from 'node:child_process'
import { DATAPLANES, type Dataplane, isDataplane } from '@mip6/config'
import { parseFlags, UsageError } from '../cli-args'
import { FAST_RAS, parseRaTiming, type RaTiming } from '../lab/lab-configs'
import { type LabOptions, LabRun } from '../lab/lab-run'

export const LAB_USAGE = `Usage: mip6-router lab [--moves N] [--dwell S] [--ra-interval MIN:MAX]
                       [--ping-interval MS] [--dataplane auto|kernel|userspace] [--json]

Builds seed 002's lab in network namespaces (needs root): the router "denali" with the home
link 2001:db8::/64 on wlan0 and the visited link 2001:db8:1::/64 on wlan1, the mobile node
"raven" with home address 2001:db8::beef, and a correspondent (2001:db8:2::2) that pings the
home address. The mobile node moves home -> visited -> home ... N times (default 2), S seconds
apart (default 4), and a timeline shows each step: movement detected, BU sent, BA received,
the first reply through the tunnel, and per handover the blackout and the packets lost.
RAs go out every MIN to MAX seconds (default 0.03:0.07; the seed's own are 1:10).
--json prints only one JSON object at the end:
  {"ok", "dataplane", "handovers": [{"from", "to", "blackoutMs", "lostPackets"}], ...}
Exit status 0 when every move was followed by replies again. Ctrl-C cleans up.`

/** Debian packages of the tools the lab runs, by command. */
const TOOLS: Record<string, string> = { ip: 'iproute2', ping: 'iputils-ping', nft: 'nftables' }

export async function lab(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    moves: { type: 'string' },
    dwell: { type: 'string' },
    'ra-interval': { type: 'string' },
    'ping-interval': { type: 'string' },
    dataplane: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    console.log(LAB_USAGE)
    return 0
  }
  const json = values.json === true
  const options: LabOptions = {
    moves: count('--moves', values.moves, 2),
    dwellS: seconds('--dwell', values.dwell, 4),
    ra: raTiming(values['ra-interval']),
    pingIntervalMs: count('--ping-interval', values['ping-interval'], 20),
    dataplane: dataplane(values.dataplane),
    print: json ? () => {} : (line) => console.log(line),
  }
  if (process.getuid?.() !== 0) {
    console.error('mip6-router lab: needs root, to build network namespaces (try: sudo npm start)')
    return 1
  }
  const missing = Object.entries(TOOLS).filter(([command]) => spawnSync(command, ['-V']).error !== undefined)
  if (missing.length > 0) {
    const packages = missing.map(([, pkg]) => pkg).join(' ')
    console.error(`mip6-router lab: needs ${missing.map(([c]) => c).join(', ')} (apt install ${packages})`)
    return 1
  }

  const run = new LabRun(options)
  const interrupted = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      console.error(`\nmip6-router lab: ${signal}, cleaning up`)
      void run.cleanup().then(() => resolve(130))
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  const finished = run.run().then(
    async (summary) => {
      await run.cleanup()
      if (json) console.log(JSON.stringify(summary))
      else for (const p of summary.problems) console.log(`problem: ${p}`)
      return summary.ok ? 0 : 1
    },
    async (e: Error) => {
      await run.cleanup()
      console.error(`mip6-router lab: ${e.message}`)
      if (json)
        console.log(JSON.stringify({ ok: false, dataplane: 'none', handovers: [], problems: [e.message] }))
      return 1
    },
  )
  return Promise.race([finished, interrupted])
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag}: "${text}" is not a whole number of at least 1`)
  return n
}

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: "${text}" is not a number of seconds`)
  return n
}

function raTiming(text: string | undefined): RaTiming {
  if (text === undefined) return FAST_RAS
  const t = parseRaTiming(text)
  if (!t)
    throw new UsageError(
      `--ra-interval: "${text}" is not MIN:MAX seconds with MIN >= 0.03, MAX >= 0.07, MIN <= 0.75 MAX`,
    )
  return t
}

function dataplane(text: string | undefined): Dataplane {
  if (text === undefined) return 'auto'
  if (isDataplane(text)) return text
  throw new UsageError(`--dataplane: "${text}" is none of ${DATAPLANES.join(', ')}`)
}
