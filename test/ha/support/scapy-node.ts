// A node played by python3-scapy in a namespace (the mobile node, the host on the home link):
// scapy_node.py runs there for the whole suite, so scapy is imported once, and builds and
// sends what the tests write as scapy expressions. It only sends; a capture on the same
// interface sees both what it sent and what came back.
import { createConnection, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type NetnsLab, waitUntil } from '@mip6/netio/testing'
import { DEBIAN_PYTHON } from '@mip6/wire/testing'

const AGENT = fileURLToPath(new URL('./scapy_node.py', import.meta.url))
/** Importing scapy takes a second or two; more on a loaded machine. */
const START_TIMEOUT_MS = 20_000

interface Answer {
  id: number
  error?: string
  frames?: string[]
  [field: string]: unknown
}

export interface FuzzReport {
  sent: number
  /** How many of the mutated frames the router's capture filter lets through (POOL_FILTER). */
  passFilter: number
  byMutation: Record<string, number>
  seconds: number
}

export interface ScapyChecksum {
  /** The scapy layer that carries the checksum, e.g. MIP6MH_BA. */
  layer: string
  stated: number
  computed: number
}

export class ScapyNode {
  #nextId = 1
  #buffer = ''
  readonly #pending = new Map<number, (a: Answer) => void>()

  private constructor(
    readonly ns: string,
    readonly iface: string,
    private readonly socket: Socket,
  ) {
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (this.#buffer + chunk).split('\n')
      this.#buffer = lines.pop() ?? ''
      for (const line of lines) {
        const answer = JSON.parse(line) as Answer
        this.#pending.get(answer.id)?.(answer)
        this.#pending.delete(answer.id)
      }
    })
  }

  /** Starts scapy in `ns`, talking over a Unix socket at `socketPath`; sends on `iface`. */
  static async start(lab: NetnsLab, ns: string, iface: string, socketPath: string): Promise<ScapyNode> {
    const child = lab.spawn(ns, [DEBIAN_PYTHON, '-u', AGENT, socketPath])
    let out = ''
    let err = ''
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s
    })
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      err += s
    })
    await waitUntil(
      () => out.includes('ready') || child.exitCode !== null,
      START_TIMEOUT_MS,
      `scapy in ${ns}`,
    )
    if (!out.includes('ready')) throw new Error(`scapy in ${ns} exited: ${err}`)
    const socket = createConnection(socketPath)
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new ScapyNode(ns, iface, socket)
  }

  /** Builds each expression and sends it once, in order; resolves with the frames sent. */
  send(...exprs: string[]): Promise<Uint8Array[]> {
    return this.sendVia(this.iface, ...exprs)
  }

  /** As send(), on another interface of the node. */
  async sendVia(iface: string, ...exprs: string[]): Promise<Uint8Array[]> {
    const answer = await this.request({ op: 'send', iface, exprs })
    return answer.frames!.map((h) => Uint8Array.from(Buffer.from(h, 'hex')))
  }

  /** The bytes of each expression, not sent. */
  async build(...exprs: string[]): Promise<Uint8Array[]> {
    const answer = await this.request({ op: 'build', exprs })
    return answer.frames!.map((h) => Uint8Array.from(Buffer.from(h, 'hex')))
  }

  /** scapy's view of each frame's upper-layer checksum: as stated, and as it computes it. */
  async checksums(...frames: Uint8Array[]): Promise<Array<ScapyChecksum | null>> {
    const answer = await this.request({
      op: 'checksums',
      frames: frames.map((f) => Buffer.from(f).toString('hex')),
    })
    return answer.checksums as Array<ScapyChecksum | null>
  }

  /** `count` random mutations of the expressions' frames, spread over `durationMs`. */
  async fuzz(exprs: string[], count: number, durationMs: number, seed: number): Promise<FuzzReport> {
    const answer = await this.request({ op: 'fuzz', iface: this.iface, exprs, count, durationMs, seed })
    return answer as unknown as FuzzReport
  }

  close(): void {
    this.socket.destroy()
  }

  private request(req: Record<string, unknown>): Promise<Answer> {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (a) =>
        a.error ? reject(new Error(`scapy in ${this.ns}: ${a.error}`)) : resolve(a),
      )
      this.socket.write(`${JSON.stringify({ ...req, id })}\n`)
    })
  }
}
