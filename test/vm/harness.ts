// Runs shell checks where the kernel has what the development and CI kernel lacks (ip6_tunnel,
// IPV6_MIP6, mac80211_hwsim): on the host when it runs a Debian kernel that can load modules,
// else in one qemu VM booted from the installed Debian kernel (linux-image-amd64), with the
// host root shared read-only under an overlay (see ../../shared/vm/README.md for the recipe).
// Every check runs in the same boot, one after the other; results come back through a share
// directory. A check without an exit status failed; a hard timeout kills qemu.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { release, tmpdir } from 'node:os'
import { join } from 'node:path'
import { hasCommand, type ToolCheck } from '@mip6/wire/testing'
import { buildInitramfs, type Kernel, staticBusybox } from './initramfs'

export const REPO = join(import.meta.dirname, '..', '..')
const RUNNER = join(import.meta.dirname, 'guest', 'run-checks.sh')
const QEMU = 'qemu-system-x86_64'
const NAME = /^[a-z0-9][a-z0-9._-]*$/
const KILL_GRACE_MS = 2_000
const CONSOLE_KEEP = 64 * 1024

export interface VmCheck {
  /** Lower case, digits, `.`, `_` and `-`: the name of its result files. */
  name: string
  /** A POSIX sh script, run as root with the repository as working directory. */
  script: string
  /** Killed (exit status 124) after this many seconds. Default 60. */
  timeoutS?: number
}

export interface CheckResult {
  name: string
  /** The script's exit status; null when it never finished (the guest died, the VM timed out). */
  code: number | null
  ok: boolean
  /** The check's own timeout killed it. */
  timedOut: boolean
  stdout: string
  stderr: string
  ms: number | null
}

export type Backend =
  | { kind: 'host'; reason: string; kernel: Kernel }
  | { kind: 'vm'; reason: string; kernel: Kernel }
  | { kind: 'none'; reason: string; missing: ToolCheck[] }

export interface RunResult {
  /** Where the checks ran, and why there. */
  path: 'host' | 'vm'
  reason: string
  kernel: string
  /** Every check finished with status 0. */
  ok: boolean
  results: Map<string, CheckResult>
  /** Wall time of the VM around the checks: qemu's start, firmware, kernel, /init, power-off. */
  bootMs: number | null
  /** The guest kernel's uptime when the first check started. */
  guestUptimeMs: number | null
  /** From qemu's start (or the first check on the host) to the last result. */
  wallMs: number
  initramfsMs: number | null
  /** The hard timeout killed qemu. */
  timedOut: boolean
  /** qemu's exit status (VM only). */
  exitCode: number | null
  /** The guest's serial console (kernel messages, init's errors); last 64 KiB. */
  console: string
}

export interface RunOptions {
  /** Kills qemu (or the host runner) after this long. Default: 90 s plus every check's timeout. */
  hardTimeoutMs?: number
  /** Guest memory in MiB. Default 1024. */
  memoryMiB?: number
  /**
   * Guest CPUs, each a busy host thread under TCG. Default 1: two were no faster for these
   * checks, and one leaves the host's other CPUs to the test files running beside.
   */
  cpus?: number
  /** Where to run: `auto` (default, MIP6_VM overrides it: host | vm), `host` or `vm`. */
  where?: 'auto' | 'host' | 'vm'
  /** The qemu binary (tests of the harness pass a stand-in). */
  qemu?: string
  /** Keep the temporary directory (initramfs, share) for a look afterwards. */
  keep?: boolean
}

/** The shell words of argv, quoted for sh: a check that runs one command (`node ...`). */
export function commandScript(argv: readonly string[]): string {
  return `exec ${argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')}\n`
}

/** The newest /boot/vmlinuz-<v> that has /lib/modules/<v>/modules.dep. */
export function installedKernel(): Kernel | undefined {
  let images: string[]
  try {
    images = readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-'))
  } catch {
    return undefined
  }
  const kernels = images
    .map((f) => f.slice('vmlinuz-'.length))
    .filter((v) => existsSync(`/lib/modules/${v}/modules.dep`))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
  const version = kernels[0]
  if (!version) return undefined
  return { version, image: `/boot/vmlinuz-${version}`, modulesDir: `/lib/modules/${version}` }
}

/** Why the running kernel cannot load Debian's modules here, or undefined when it can. */
export function hostModulesUnusable(): string | undefined {
  const version = release()
  if (!/Debian/.test(readOptional('/proc/version') ?? ''))
    return `the running kernel ${version} is not Debian's`
  if (!existsSync(`/lib/modules/${version}/modules.dep`)) return `/lib/modules/${version} is missing`
  if (!existsSync('/proc/modules')) return `kernel ${version} has no module support`
  if (readOptional('/proc/sys/kernel/modules_disabled')?.trim() !== '0')
    return 'module loading is disabled (kernel.modules_disabled=1)'
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(readOptional('/proc/self/status') ?? '')?.[1]
  if (!capEff || !((BigInt(`0x${capEff}`) >> 16n) & 1n))
    return 'no CAP_SYS_MODULE (not root, or in a container)'
  return undefined
}

/** Where checks would run: `MIP6_VM=host|vm` forces one, else the host when it can load modules. */
export function chooseBackend(where: RunOptions['where'] = 'auto'): Backend {
  const forced = where === 'auto' ? process.env.MIP6_VM : where
  const unusable = hostModulesUnusable()
  if (forced !== 'vm' && !unusable) {
    const version = release()
    return {
      kind: 'host',
      reason: `the running kernel ${version} is Debian's and loads modules: no VM needed`,
      kernel: { version, image: '', modulesDir: `/lib/modules/${version}` },
    }
  }
  if (forced === 'host') {
    const reason = `MIP6_VM=host, but ${unusable}`
    return { kind: 'none', reason, missing: [{ available: false, reason }] }
  }
  const kernel = installedKernel()
  const missing = [...vmTools(), ...(kernel ? [] : [{ available: false, reason: KERNEL_MISSING }])]
  if (!kernel || missing.length) {
    return { kind: 'none', reason: missing.map((m) => m.reason).join('; '), missing }
  }
  const because = forced === 'vm' ? 'MIP6_VM=vm' : unusable
  return { kind: 'vm', reason: `${because}: booting Debian's kernel ${kernel.version} in qemu (TCG)`, kernel }
}

const KERNEL_MISSING = 'no Debian kernel with its modules in /boot (apt-get install linux-image-amd64)'

/** What booting the VM needs on the host, each missing one with its Debian package. */
export function vmTools(): ToolCheck[] {
  const checks = [hasCommand(QEMU, 'qemu-system-x86'), hasCommand('timeout', 'coreutils')]
  if (!staticBusybox())
    checks.push({
      available: false,
      reason: 'busybox-static is not installed (apt-get install busybox-static)',
    })
  return checks.filter((c) => !c.available)
}

/** Runs every check in one boot (or on the host) and returns each one's result. */
export async function runChecks(checks: readonly VmCheck[], options: RunOptions = {}): Promise<RunResult> {
  const seen = new Set<string>()
  for (const c of checks) {
    if (!NAME.test(c.name) || seen.has(c.name)) throw new Error(`bad or repeated check name: ${c.name}`)
    seen.add(c.name)
  }
  const backend = chooseBackend(options.where)
  if (backend.kind === 'none') throw new Error(`cannot run kernel checks: ${backend.reason}`)
  if (/\s/.test(REPO)) throw new Error(`the repository path has white space: ${REPO}`)

  const work = mkdtempSync(join(tmpdir(), 'mip6-vm-'))
  const share = join(work, 'share')
  try {
    mkdirSync(join(share, 'checks'), { recursive: true })
    mkdirSync(join(share, 'results'))
    writeFileSync(join(share, 'run-checks.sh'), readFileSync(RUNNER))
    for (const c of checks) writeFileSync(join(share, 'checks', `${c.name}.sh`), c.script)
    writeFileSync(
      join(share, 'checks', 'list'),
      checks.map((c) => `${c.name} ${c.timeoutS ?? 60}\n`).join(''),
    )
    const hardTimeoutMs =
      options.hardTimeoutMs ?? 90_000 + checks.reduce((s, c) => s + ((c.timeoutS ?? 60) + 5) * 1000, 0)

    let initramfsMs: number | null = null
    let run: Spawned
    if (backend.kind === 'host') {
      run = await spawnAndWait('sh', [join(share, 'run-checks.sh'), share, 'host'], hardTimeoutMs, {
        ...process.env,
        MIP6_REPO: REPO,
      })
    } else {
      const t0 = performance.now()
      const initrd = join(work, 'initrd.cpio')
      buildInitramfs(backend.kernel, initrd)
      initramfsMs = Math.round(performance.now() - t0)
      run = await spawnAndWait(
        options.qemu ?? QEMU,
        qemuArgs(backend.kernel, initrd, share, options.memoryMiB ?? 1024, options.cpus ?? 1),
        hardTimeoutMs,
      )
    }

    const results = collectResults(
      share,
      checks.map((c) => c.name),
    )
    const boot = readOptional(join(share, 'results', 'boot-seconds'))
    return {
      path: backend.kind,
      reason: backend.reason,
      kernel: backend.kernel.version,
      ok: !run.timedOut && [...results.values()].every((r) => r.ok),
      results,
      bootMs:
        backend.kind === 'vm'
          ? run.wallMs - [...results.values()].reduce((s, r) => s + (r.ms ?? 0), 0)
          : null,
      guestUptimeMs: boot === undefined ? null : Math.round(Number.parseFloat(boot) * 1000),
      wallMs: run.wallMs,
      initramfsMs,
      timedOut: run.timedOut,
      exitCode: backend.kind === 'vm' ? run.code : null,
      console: run.output,
    }
  } finally {
    if (options.keep) console.warn(`mip6 vm: kept ${work}`)
    else rmSync(work, { recursive: true, force: true })
  }
}

/**
 * One script in a boot of its own: `runScript('ip -V')`, `runScript(commandScript(['node', 'x.mjs']))`.
 * Suites run their checks together with runChecks instead: a boot costs ~8 s.
 */
export async function runScript(
  script: string,
  options: RunOptions & { timeoutS?: number } = {},
): Promise<CheckResult & { run: RunResult }> {
  const run = await runChecks([{ name: 'script', script, timeoutS: options.timeoutS ?? 60 }], options)
  return { ...run.results.get('script')!, run }
}

/** The results of `names` in share/results; a check without a .code file failed. */
export function collectResults(share: string, names: readonly string[]): Map<string, CheckResult> {
  const results = new Map<string, CheckResult>()
  for (const name of names) {
    const file = (ext: string) => readOptional(join(share, 'results', `${name}.${ext}`))
    const codeText = file('code')?.trim()
    const code = codeText && /^\d+$/.test(codeText) ? Number(codeText) : null
    const ms = file('ms')?.trim()
    results.set(name, {
      name,
      code,
      ok: code === 0,
      timedOut: code === 124 || code === 137,
      stdout: file('out') ?? '',
      stderr: file('err') ?? (code === null ? 'no exit status: the check never finished' : ''),
      ms: ms && /^\d+$/.test(ms) ? Number(ms) : null,
    })
  }
  return results
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function qemuArgs(
  kernel: Kernel,
  initrd: string,
  share: string,
  memoryMiB: number,
  cpuCount: number,
): string[] {
  const virtfs = (path: string, tag: string, readonly: boolean) => [
    '-virtfs',
    `local,path=${path},mount_tag=${tag},security_model=none,multidevs=remap${readonly ? ',readonly=on' : ''}`,
  ]
  return [
    ...['-accel', 'tcg', '-cpu', 'max', '-smp', String(Math.max(1, cpuCount)), '-m', String(memoryMiB)],
    ...[
      '-nodefaults',
      '-display',
      'none',
      '-serial',
      'stdio',
      '-monitor',
      'none',
      '-no-reboot',
      '-nic',
      'none',
    ],
    ...['-kernel', kernel.image, '-initrd', initrd],
    ...['-append', `console=ttyS0 panic=-1 quiet MIP6_REPO=${REPO}`],
    ...virtfs('/', 'root', true),
    ...virtfs(REPO, 'repo', true),
    ...virtfs(share, 'share', false),
  ]
}

interface Spawned {
  code: number | null
  timedOut: boolean
  wallMs: number
  output: string
}

const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL')
})

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    child.kill(signal)
  }
}

/** Runs a command to its end, or kills it (TERM, then KILL) after timeoutMs. */
function spawnAndWait(
  cmd: string,
  args: string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<Spawned> {
  const t0 = performance.now()
  return new Promise((resolve) => {
    let output = ''
    let timedOut = false
    // Its own process group, so a timeout also ends what the host runner started.
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ?? process.env,
      detached: true,
    })
    live.add(child)
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-CONSOLE_KEEP)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child, 'SIGTERM')
      setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref()
    }, timeoutMs)
    const finish = (code: number | null, note = '') => {
      clearTimeout(timer)
      live.delete(child)
      resolve({ code, timedOut, wallMs: Math.round(performance.now() - t0), output: output + note })
    }
    child.on('error', (e) => finish(null, `\n${cmd}: ${e.message}\n`))
    child.on('close', (code) => finish(code))
  })
}
