// `mip6-router lab` as a user runs it (the README's `npm start`): the JSON summary of a run
// with two moves, the cleanup after Ctrl-C, a run after a crashed one, and the refusal
// without root. Each run is the real command in its own process.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { requireRoot } from '@mip6/netio/testing'
import { hasCommand, requireTool } from '@mip6/wire/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { BIN } from '../ra/support/tools'

const SUITE = 'mip6-router lab'
const OK =
  requireRoot(SUITE) &&
  requireTool(hasCommand('ping', 'iputils-ping'), SUITE) &&
  requireTool(hasCommand('nft', 'nftables'), SUITE) &&
  requireTool(hasCommand('setpriv', 'util-linux'), SUITE)

/** A two-move run takes ~15 s here; the margin is for a loaded CI machine. */
const RUN_TIMEOUT_MS = 120_000

interface Summary {
  ok: boolean
  dataplane: string
  handovers: { from: string; to: string; blackoutMs: number; lostPackets: number }[]
}

interface LabRun {
  child: ChildProcess
  out: () => string
  done: Promise<number | null>
}

/** Namespaces `mip6-router lab` owns (its prefix), alive now. */
function labNamespaces(): string[] {
  try {
    return readdirSync('/run/netns').filter((n) => n.startsWith('m6lab-'))
  } catch {
    return []
  }
}

/** A process as `/proc/PID/stat` tells it: its start time tells it from a later one reusing the pid. */
interface Proc {
  pid: number
  parent: number
  started: string
  /** Z: exited, waiting for its parent (init, for an orphan) to reap it. */
  state: string
}

function processTable(): Proc[] {
  const table: Proc[] = []
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      // pid (comm) state ppid ... starttime (field 22): comm may hold spaces, the last ')' ends it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.push({ pid: Number(entry), parent: Number(fields[1]), started: fields[19]!, state: fields[0]! })
    } catch {}
  }
  return table
}

/** Every process below `pid` now (the router, the mobile node, ping, their `ip netns exec`). */
function descendantsOf(pid: number): string[] {
  const table = processTable()
  const found: string[] = []
  const walk = (p: number) => {
    for (const c of table.filter((t) => t.parent === p)) found.push(`${c.pid}@${c.started}`) && walk(c.pid)
  }
  walk(pid)
  return found
}

/** Which of `seen` still run. */
function stillAlive(seen: Set<string>): string[] {
  const now = new Set(
    processTable()
      .filter((p) => p.state !== 'Z')
      .map((p) => `${p.pid}@${p.started}`),
  )
  return [...seen].filter((p) => now.has(p))
}

function startLab(args: string[], running: ChildProcess[]): LabRun {
  const child = spawn(process.execPath, [BIN, 'lab', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  running.push(child)
  let out = ''
  const keep = (d: Buffer) => {
    out += d
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, out: () => out, done }
}

async function waitForOutput(run: LabRun, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS / 2
  while (!pattern.test(run.out())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the lab's output:\n${run.out()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Every process the run has had below it so far, looked for every 100 ms while it runs. */
function watchProcesses(run: LabRun): Set<string> {
  const seen = new Set<string>()
  const look = () => {
    for (const pid of descendantsOf(run.child.pid!)) seen.add(pid)
  }
  const timer = setInterval(look, 100)
  void run.done.then(() => clearInterval(timer))
  return seen
}

/** No namespace of the lab's, and none of the processes a run had (it had a few). */
async function expectNothingLeft(processes: Set<string>): Promise<void> {
  expect(labNamespaces()).toEqual([])
  expect(processes.size).toBeGreaterThan(2)
  // A killed process is gone once the kernel has torn it down: a moment on a loaded machine.
  for (let i = 0; i < 20 && stillAlive(processes).length > 0; i++)
    await new Promise((r) => setTimeout(r, 100))
  expect(stillAlive(processes)).toEqual([])
}

describe.runIf(OK)('mip6-router lab', () => {
  const running: ChildProcess[] = []
  afterEach(() => {
    for (const c of running.splice(0)) c.kill('SIGKILL')
  })

  it(
    '--json: two handovers, home → visited → home, each with its blackout and losses, and nothing left behind',
    async () => {
      const run = startLab(['--moves', '2', '--dwell', '3', '--json'], running)
      const processes = watchProcesses(run)
      const code = await run.done
      const summary = JSON.parse(run.out().trim().split('\n').at(-1)!) as Summary
      expect(summary.ok, run.out()).toBe(true)
      expect(code, run.out()).toBe(0)
      expect(summary.dataplane).toBe('userspace')
      expect(
        summary.handovers.map((h) => `${h.from}>${h.to}`),
        run.out(),
      ).toEqual(['home>visited', 'visited>home'])
      for (const h of summary.handovers) {
        expect(h.blackoutMs, run.out()).toBeGreaterThanOrEqual(0)
        expect(Number.isInteger(h.lostPackets), run.out()).toBe(true)
      }
      await expectNothingLeft(processes)
    },
    RUN_TIMEOUT_MS,
  )

  it(
    'prints the timeline as it happens, and Ctrl-C removes every namespace and process',
    async () => {
      const run = startLab(['--moves', '4', '--dwell', '2'], running)
      const processes = watchProcesses(run)
      await waitForOutput(run, /through the tunnel/)
      for (const step of [/movement detected/, /BU sent/, /BA received/]) expect(run.out()).toMatch(step)
      run.child.kill('SIGINT')
      expect(await run.done).toBe(130)
      await expectNothingLeft(processes)
    },
    RUN_TIMEOUT_MS,
  )

  it(
    'runs again after a run was killed outright (SIGKILL), sweeping what that one left',
    async () => {
      const crashed = startLab(['--moves', '1', '--dwell', '2'], running)
      const orphans = watchProcesses(crashed)
      await waitForOutput(crashed, /echo reply/)
      crashed.child.kill('SIGKILL')
      await crashed.done
      const next = startLab(['--moves', '1', '--dwell', '2', '--json'], running)
      expect(await next.done, next.out()).toBe(0)
      await expectNothingLeft(orphans)
    },
    RUN_TIMEOUT_MS,
  )

  it('says it needs root when run without', () => {
    const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups']
    const r = spawnSync('setpriv', [...nobody, process.execPath, BIN, 'lab'], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('needs root')
  })
})
