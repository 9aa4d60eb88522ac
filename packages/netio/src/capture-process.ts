// One run of capture-helper.mjs: one libpcap handle on one interface, from open to exit.
// LinkSocket decides when to start and stop runs; this file only speaks the pipe protocol.
import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { fileURLToPath } from 'node:url'
import { frameRecord, RecordKind, RecordReader } from './records'

/** Beside this module in the tree, and beside the bundle on a board (image build copies it). */
export const CAPTURE_HELPER = fileURLToPath(new URL('./capture-helper.mjs', import.meta.url))

export interface CaptureConfig {
  ifname: string
  /** Compiled by libpcap into the kernel BPF program. */
  filter: string
  /** Leave out frames whose source is the interface's MAC, i.e. those this host sends. */
  dropOwn: boolean
  bufferSize: number
  netns: string | undefined
  helper: string
}

export interface CapturedFrame {
  frame: Uint8Array
  /** CLOCK_MONOTONIC milliseconds at delivery by libpcap, see monotonicNowMs(). */
  receivedAtMs: number
  truncated: boolean
}

export interface CaptureProcessEvents {
  /** `mac`: the source MAC the kernel filter leaves out, if any. */
  ready: [ifindex: number, mac: string | undefined, linkType: string]
  frame: [CapturedFrame]
  sendError: [message: string]
  exit: [reason: string]
}

const STDERR_KEEP = 1024
const KILL_GRACE_MS = 500
const READY_IFINDEX_AT = 1
const READY_MAC_LENGTH_AT = 5
const READY_MAC_AT = 6
const FRAME_FLAGS_AT = 1
const FRAME_TIME_AT = 2
const FRAME_BYTES_AT = 10
const TRUNCATED = 1

export class CaptureProcess extends EventEmitter<CaptureProcessEvents> {
  readonly #child: ChildProcess
  #stderr = ''
  #fatal: string | undefined
  #exited = false
  #batch: Buffer[] = []
  #batchBytes = 0

  constructor(config: CaptureConfig) {
    super()
    // RLIMIT_CORE 0: the helper aborts by design when its link goes down; no core files.
    const command = ['sh', '-c', 'ulimit -c 0; exec "$0" "$@"', process.execPath, config.helper]
    const { ifname, filter, bufferSize, dropOwn } = config
    const json = JSON.stringify({ ifname, filter, bufferSize, dropOwn })
    const argv = config.netns ? ['ip', 'netns', 'exec', config.netns, ...command, json] : [...command, json]
    this.#child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] })
    const reader = new RecordReader((body) => this.#onRecord(body))
    this.#child.stdout!.on('data', (chunk: Buffer) => reader.push(chunk))
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-STDERR_KEEP)
    })
    // A dead helper makes writes fail with EPIPE; 'close' (after stdout drained) tells the story.
    this.#child.stdin!.on('error', () => {})
    this.#child.on('error', (e) => this.#onExit(`helper did not start: ${e.message}`))
    this.#child.on('close', (code, signal) => this.#onExit(this.#exitReason(code, signal)))
  }

  get queuedBytes(): number {
    return (this.#child.stdin?.writableLength ?? 0) + this.#batchBytes
  }

  /**
   * Frames sent in one turn of the event loop (the answers to a burst of received frames)
   * leave in one pipe write: a write per frame was a fifth of the router's time under load.
   */
  send(frame: Uint8Array): void {
    const record = frameRecord(frame)
    this.#batch.push(record)
    this.#batchBytes += record.length
    if (this.#batch.length === 1) queueMicrotask(() => this.#flush())
  }

  #flush(): void {
    if (this.#batch.length === 0) return
    const records = this.#batch
    this.#batch = []
    this.#batchBytes = 0
    this.#child.stdin!.write(records.length === 1 ? records[0]! : Buffer.concat(records))
  }

  /** Ends the helper: closing stdin lets it close libpcap; SIGKILL if it does not. */
  stop(): Promise<void> {
    if (this.#exited) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), KILL_GRACE_MS)
      this.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      this.#flush()
      this.#child.stdin!.end()
    })
  }

  #onRecord(body: Buffer): void {
    const kind = body[0]
    if (kind === RecordKind.frame) {
      const ns = body.readBigUInt64BE(FRAME_TIME_AT)
      this.emit('frame', {
        // A copy: the record lives in a pipe chunk shared with other frames.
        frame: new Uint8Array(body.subarray(FRAME_BYTES_AT)),
        receivedAtMs: Number(ns / 1000n) / 1000,
        truncated: (body[FRAME_FLAGS_AT]! & TRUNCATED) !== 0,
      })
    } else if (kind === RecordKind.ready) {
      const macLength = body[READY_MAC_LENGTH_AT]!
      const mac = body.subarray(READY_MAC_AT, READY_MAC_AT + macLength)
      const macText = macLength ? [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':') : undefined
      this.emit(
        'ready',
        body.readUInt32BE(READY_IFINDEX_AT),
        macText,
        body.subarray(READY_MAC_AT + macLength).toString('utf8'),
      )
    } else if (kind === RecordKind.error) {
      this.emit('sendError', body.subarray(1).toString('utf8'))
    } else if (kind === RecordKind.fatal) {
      this.#fatal = body.subarray(1).toString('utf8')
    }
  }

  #exitReason(code: number | null, signal: NodeJS.Signals | null): string {
    if (this.#fatal) return this.#fatal
    const last = this.#stderr.trim().split('\n').at(-1)
    const how = signal ? `signal ${signal}` : `code ${code}`
    return last ? `helper exited (${how}): ${last}` : `helper exited (${how})`
  }

  #onExit(reason: string): void {
    if (this.#exited) return
    this.#exited = true
    this.emit('exit', reason)
  }
}
