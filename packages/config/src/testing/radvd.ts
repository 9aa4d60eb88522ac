// Runs the real radvd 2.19 for the agreement tests, at its two checking stages:
// - `radvd --configtest` runs only the parser (gram.y). It does not look at interfaces: a
//   config for an interface that does not exist passes, and so does MinRtrAdvInterval 1
//   without Mobile IPv6.
// - the interval, MTU and lifetime rules (interface.c check_iface) run when radvd sets an
//   interface up. setupRadvd() starts radvd in a private network namespace (`unshare --net`)
//   where a veth of each configured name exists, and collects those errors. The namespace
//   dies with radvd, so nothing is left behind.
// A missing radvd (or root) is a printed skip on a developer machine and a failure under CI.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const RADVD = '/usr/sbin/radvd'

export interface ToolCheck {
  available: boolean
  reason: string
}

export function radvdCheck(): ToolCheck {
  if (!existsSync(RADVD))
    return { available: false, reason: `${RADVD} is not installed (apt-get install radvd)` }
  const r = spawnSync(RADVD, ['--version'], { encoding: 'utf8' })
  const version = /Version:?\s+(\S+)/i.exec(`${r.stdout}${r.stderr}`)?.[1]
  if (version !== '2.19')
    return { available: false, reason: `${RADVD} is version ${version ?? '?'}, the tests expect 2.19` }
  return { available: true, reason: '' }
}

export function namespaceCheck(): ToolCheck {
  if (process.getuid?.() !== 0) return { available: false, reason: 'needs root (network namespaces)' }
  const r = spawnSync('unshare', ['--net', 'ip', 'link', 'show', 'lo'], { encoding: 'utf8' })
  if (r.status !== 0)
    return { available: false, reason: `unshare --net fails: ${r.stderr || r.error?.message}` }
  return { available: true, reason: '' }
}

/** True when the suite may run; prints `SKIP <suite>: <reason>` otherwise; throws under CI. */
export function requireTool(check: ToolCheck, suite: string): boolean {
  if (check.available) return true
  if (process.env.CI) throw new Error(`${suite}: ${check.reason}; CI must provide it (.ci/run)`)
  console.warn(`SKIP ${suite}: ${check.reason}`)
  return false
}

export interface ConfigtestResult {
  accepted: boolean
  /** The line radvd blames, when it names one. */
  line: number | undefined
  output: string
}

export function radvdConfigtest(file: string): ConfigtestResult {
  const r = spawnSync(RADVD, ['--configtest', '-m', 'stderr', '-C', file], { encoding: 'utf8' })
  const output = `${r.stdout}${r.stderr}`
  const line = /:(\d+) error:|, line (\d+)|\.conf:(\d+)/.exec(output)
  return {
    accepted: r.status === 0,
    line: line ? Number(line[1] ?? line[2] ?? line[3]) : undefined,
    output,
  }
}

/** A check_iface error: the radvd setting it names, for which interface. */
export interface SetupError {
  iface: string
  setting: string
}

export interface SetupResult {
  errors: SetupError[]
  output: string
}

// radvd 2.19's check_iface messages and the setting each is about.
const SETUP_ERRORS: Array<[RegExp, string]> = [
  [/MinRtrAdvInterval for (\S+) \(/, 'MinRtrAdvInterval'],
  [/MaxRtrAdvInterval for (\S+) \(/, 'MaxRtrAdvInterval'],
  [/MinDelayBetweenRAs for (\S+) \(/, 'MinDelayBetweenRAs'],
  [/AdvLinkMTU for (\S+) \(/, 'AdvLinkMTU'],
  [/AdvReachableTime for (\S+) \(/, 'AdvReachableTime'],
  [/AdvDefaultLifetime for (\S+) \(/, 'AdvDefaultLifetime'],
  [/HomeAgentLifetime for (\S+) \(/, 'HomeAgentLifetime'],
  [/AdvHomeAgentFlag for (\S+) must be set with HomeAgentInfo/, 'AdvHomeAgentInfo'],
  [/AdvHomeAgentInfo for (\S+) must be set with AdvMobRtrSupportFlag/, 'AdvMobRtrSupportFlag'],
  [/AdvValidLifetime for (\S+) \(/, 'AdvPreferredLifetime'],
]

/** The settings whose checks radvd makes at set-up; compare only these. */
export const SETUP_CHECKED_SETTINGS = new Set(SETUP_ERRORS.map(([, s]) => s))

const SCRIPT = `
f=$1; p=$2; shift 2; i=0
echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad
echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
echo 1 > /proc/sys/net/ipv6/conf/all/forwarding
ip link set lo up
for n in "$@"; do
  ip link add "$n" type veth peer name "m6cfg$i" || exit 97
  ip link set "$n" up && ip link set "m6cfg$i" up || exit 97
  i=$((i+1))
done
exec ${RADVD} -n -d 5 -m stderr -C "$f" -p "$p"
`

/** Starts radvd on `file` where `interfaces` exist, until each is ready or refused. */
export async function setupRadvd(
  file: string,
  interfaces: string[],
  timeoutMs = 10_000,
): Promise<SetupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mip6-config-radvd-'))
  const child = spawn(
    'unshare',
    ['--net', 'sh', '-c', SCRIPT, 'sh', file, join(dir, 'radvd.pid'), ...interfaces],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const settled = new Set<string>()
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      for (const name of interfaces) {
        if (
          output.includes(`${name} is ready`) ||
          output.includes(`interface ${name} does not exist or is not set up`)
        ) {
          settled.add(name)
        }
      }
      if (settled.size === interfaces.length) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  await done
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.on('exit', () => resolve())
  })
  child.kill('SIGTERM')
  await exited
  rmSync(dir, { recursive: true, force: true })
  if (settled.size !== interfaces.length) {
    throw new Error(`radvd did not set up ${interfaces.join(', ')} in ${timeoutMs} ms:\n${output}`)
  }
  const errors: SetupError[] = []
  for (const line of output.split('\n')) {
    for (const [pattern, setting] of SETUP_ERRORS) {
      const m = pattern.exec(line)
      if (m) errors.push({ iface: m[1]!, setting })
    }
  }
  return { errors, output }
}
