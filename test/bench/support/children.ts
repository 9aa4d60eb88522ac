// The bench's own child processes, parent side: the load generator and the echo (forked with
// the TypeScript loader, their packet I/O in a namespace through LinkSocket's helpers), and
// the probe that reads a running router's V8 heap through its inspector.
import { type ChildProcess, execFile, fork } from 'node:child_process'
import { join } from 'node:path'
import type { ChildReply, ChildRequest, PhaseRequest, PhaseResult } from './bu-traffic'

const HERE = import.meta.dirname
const READY_TIMEOUT_MS = 20_000
const PROBE_TIMEOUT_MS = 20_000

export class BenchChild {
  private readonly waiting: Array<(r: ChildReply) => void> = []
  private exit: string | undefined

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (r: ChildReply) => this.waiting.shift()?.(r))
    child.on('exit', (code, signal) => {
      this.exit = `exited (${signal ?? code})`
      for (const w of this.waiting.splice(0)) w({ op: 'error', message: `child ${this.exit}` })
    })
  }

  /** `script`: load-generator.ts or frame-echo.ts; resolves once its socket is open. */
  static async start(
    script: 'load-generator' | 'frame-echo',
    netns: string,
    ifname: string,
  ): Promise<BenchChild> {
    const child = fork(join(HERE, `${script}.ts`), [JSON.stringify({ netns, ifname })], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const c = new BenchChild(child)
    const ready = await c.next(READY_TIMEOUT_MS)
    if (ready.op !== 'ready') throw new Error(`${script}: ${'message' in ready ? ready.message : ready.op}`)
    return c
  }

  get pid(): number {
    return this.child.pid!
  }

  async phase(phase: PhaseRequest): Promise<PhaseResult> {
    const r = await this.ask({ op: 'phase', phase })
    if (r.op !== 'phase') throw new Error(`generator: ${'message' in r ? r.message : r.op}`)
    return r.result
  }

  async stats(): Promise<Record<string, number>> {
    const r = await this.ask({ op: 'stats' })
    return r.op === 'stats' ? r.stats : {}
  }

  /** Asks it to close its socket and leave; kills it if it does not within a few seconds. */
  async close(): Promise<void> {
    if (this.exit !== undefined) return
    const gone = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.send({ op: 'close' } satisfies ChildRequest)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000)
    await gone
    clearTimeout(timer)
  }

  private ask(request: ChildRequest): Promise<ChildReply> {
    if (this.exit !== undefined) return Promise.resolve({ op: 'error', message: `child ${this.exit}` })
    const reply = this.next()
    this.child.send(request)
    return reply
  }

  private next(timeoutMs?: number): Promise<ChildReply> {
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => resolve({ op: 'error', message: `no answer within ${timeoutMs} ms` }), timeoutMs)
      this.waiting.push((r) => {
        clearTimeout(timer)
        resolve(r)
      })
    })
  }
}

export interface HeapReading {
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  rss: number
}

/**
 * The router's process.memoryUsage() after a full garbage collection, through its inspector:
 * SIGUSR1 opens it (Node's default handler) on 127.0.0.1:9229 in the router's namespace, and
 * heap-probe.ts, run there, asks over the DevTools protocol.
 */
export async function readHeap(netns: string, pid: number): Promise<HeapReading> {
  process.kill(pid, 'SIGUSR1')
  const argv = [
    'netns',
    'exec',
    netns,
    process.execPath,
    '--experimental-websocket',
    '--no-warnings',
    '--import',
    'tsx',
    join(HERE, 'heap-probe.ts'),
  ]
  const out = await new Promise<string>((resolve, reject) =>
    execFile('ip', argv, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS }, (error, stdout, stderr) =>
      error ? reject(new Error(`heap probe: ${stderr.trim() || error.message}`)) : resolve(stdout),
    ),
  )
  return JSON.parse(out) as HeapReading
}
