// Ethernet frames in and out of one interface, by name, for as long as the router runs: the
// interface may be absent at start, go down, be deleted, renamed or recreated. Each open is a
// CaptureProcess (see capture-helper.mjs for why libpcap lives in a child process); this
// file decides when to open and close, following the InterfaceWatcher, and keeps counters.
import { EventEmitter } from 'node:events'
import { CAPTURE_HELPER, type CapturedFrame, CaptureProcess } from './capture-process'
import type { InterfaceWatcher } from './interface-watcher'

export interface LinkSocketOptions {
  ifname: string
  watcher: InterfaceWatcher
  /** pcap-filter(7) expression run in the kernel; empty for every frame. */
  filter?: string
  /**
   * Also deliver frames this host sends (the kernel's and other sockets'). Off by default:
   * the kernel filter leaves out frames from the interface's own MAC, as pcap's PCAP_D_IN
   * would (cap has no setdirection); see capture-helper.mjs for why not `inbound`. Frames
   * injected through this socket itself never loop back to it either way (the kernel skips
   * the sending socket).
   */
  includeOutgoing?: boolean
  /** Open in a named network namespace through `ip netns exec` (tests). */
  netns?: string
  /**
   * libpcap's kernel ring, bytes. cap captures up to 65535 bytes a frame in immediate mode
   * (TPACKET_V2), so on interfaces with offloads (GSO/GRO: nearly all) each frame takes a
   * 128 KiB slot: the default 8 MiB absorbs a burst of 64 frames.
   */
  bufferSize?: number
  /** Frames queued towards the helper beyond this are dropped, not buffered without bound. */
  maxQueuedBytes?: number
  /** Path of capture-helper.mjs, for a bundle that ships it elsewhere. */
  helper?: string
}

export interface ReceivedFrame extends CapturedFrame {
  ifindex: number
}

export type LinkSocketState =
  | { state: 'waiting'; reason: string }
  | { state: 'open'; ifindex: number; linkType: string }
  | { state: 'closed' }

export interface LinkSocketStats {
  received: number
  /** Handed to libpcap; failed injections count in errors too. */
  sent: number
  /** send() while not open, or with the queue full. */
  dropped: number
  /** Failed injections, failed opens, and opens lost to the link going down or away. */
  errors: number
  opens: number
}

export interface LinkSocketEvents {
  frame: [ReceivedFrame]
  state: [LinkSocketState]
}

interface Run {
  capture: CaptureProcess
  open: boolean
  ifindex: number
  mac: string | undefined
  startedAt: number
}

const DEFAULT_BUFFER_SIZE = 8 * 1024 * 1024
const DEFAULT_MAX_QUEUED_BYTES = 4 * 1024 * 1024
const FIRST_RETRY_MS = 20
const MAX_RETRY_MS = 2_000
/** A run that lasted this long was healthy: the next failure starts the backoff afresh. */
const HEALTHY_RUN_MS = 2_000

export class LinkSocket extends EventEmitter<LinkSocketEvents> {
  readonly ifname: string
  readonly stats: LinkSocketStats = { received: 0, sent: 0, dropped: 0, errors: 0, opens: 0 }
  readonly #options: LinkSocketOptions
  readonly #filter: string
  #state: LinkSocketState = { state: 'waiting', reason: 'starting' }
  #run: Run | undefined
  #retryMs = FIRST_RETRY_MS
  #retry: NodeJS.Timeout | undefined
  readonly #onWatcher = (f: { name: string }, g?: { name: string }) => {
    if (f.name !== this.ifname && g?.name !== this.ifname) return
    // News about our interface beats the backoff: it may just have come back.
    clearTimeout(this.#retry)
    this.#retry = undefined
    this.#retryMs = FIRST_RETRY_MS
    this.#reconcile()
  }

  constructor(options: LinkSocketOptions) {
    super()
    this.ifname = options.ifname
    this.#options = options
    this.#filter = options.filter?.trim() ?? ''
    options.watcher.on('added', this.#onWatcher).on('removed', this.#onWatcher).on('changed', this.#onWatcher)
    this.#reconcile()
  }

  get state(): LinkSocketState {
    return this.#state
  }

  /** Injects one frame; false (and counted as dropped) when it cannot go out now. */
  send(frame: Uint8Array): boolean {
    const run = this.#run
    const maxQueued = this.#options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES
    if (!run?.open || run.capture.queuedBytes > maxQueued) {
      this.stats.dropped++
      return false
    }
    run.capture.send(frame)
    this.stats.sent++
    return true
  }

  /** Resolves when open (at once if open now); rejects when closed or after the timeout. */
  whenOpen(timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (s: LinkSocketState) => {
        if (s.state === 'waiting') return
        this.off('state', check)
        clearTimeout(timer)
        if (s.state === 'open') resolve(s.ifindex)
        else reject(new Error(`${this.ifname}: closed`))
      }
      const timer = setTimeout(() => {
        this.off('state', check)
        reject(new Error(`${this.ifname}: not open within ${timeoutMs} ms (${this.#describe()})`))
      }, timeoutMs)
      this.on('state', check)
      check(this.#state)
    })
  }

  async close(): Promise<void> {
    const watcher = this.#options.watcher
    watcher.off('added', this.#onWatcher).off('removed', this.#onWatcher).off('changed', this.#onWatcher)
    clearTimeout(this.#retry)
    this.#setState({ state: 'closed' })
    const run = this.#run
    this.#run = undefined
    await run?.capture.stop()
  }

  /** Brings the helper in line with the watcher's facts for our name. */
  #reconcile(): void {
    if (this.#state.state === 'closed') return
    const facts = this.#options.watcher.get(this.ifname)
    const wanted = facts?.adminUp ? facts : undefined
    const run = this.#run
    const dropOwn = !this.#options.includeOutgoing
    if (run?.open && (run.ifindex !== wanted?.ifindex || (dropOwn && run.mac !== wanted.mac))) {
      // Down, gone, renamed away, the name now belongs to another interface, or the MAC that
      // the kernel filter leaves out is no longer the interface's.
      this.#run = undefined
      void run.capture.stop()
      this.#setState({
        state: 'waiting',
        reason: !facts
          ? `${this.ifname} is absent`
          : wanted
            ? `${this.ifname} changed`
            : `${this.ifname} is down`,
      })
    }
    if (this.#run || this.#retry) return
    if (wanted === undefined) {
      const reason = facts ? `${this.ifname} is down` : `${this.ifname} is absent`
      if (this.#state.state !== 'waiting' || this.#state.reason !== reason) {
        this.#setState({ state: 'waiting', reason })
      }
      return
    }
    this.#start()
  }

  #start(): void {
    const capture = new CaptureProcess({
      ifname: this.ifname,
      filter: this.#filter,
      dropOwn: !this.#options.includeOutgoing,
      bufferSize: this.#options.bufferSize ?? DEFAULT_BUFFER_SIZE,
      netns: this.#options.netns,
      helper: this.#options.helper ?? CAPTURE_HELPER,
    })
    const run: Run = { capture, open: false, ifindex: 0, mac: undefined, startedAt: Date.now() }
    this.#run = run
    // Events of a run already told to stop (replaced, or the socket closed) are stale.
    capture.on('ready', (ifindex, mac, linkType) => {
      if (this.#run !== run) return
      run.ifindex = ifindex
      run.mac = mac
      run.open = true
      this.stats.opens++
      this.#setState({ state: 'open', ifindex, linkType })
      // The watcher may already know the name moved on while we were opening.
      this.#reconcile()
    })
    capture.on('frame', (f) => {
      if (this.#run !== run) return
      this.stats.received++
      this.emit('frame', { ...f, ifindex: run.ifindex })
    })
    capture.on('sendError', () => {
      this.stats.errors++
    })
    capture.on('exit', (reason) => {
      if (this.#run !== run) return
      this.#run = undefined
      this.stats.errors++
      if (Date.now() - run.startedAt > HEALTHY_RUN_MS) this.#retryMs = FIRST_RETRY_MS
      this.#setState({ state: 'waiting', reason })
      // Usually the link went down or away and the watcher will say so; retry in case not.
      this.#retry = setTimeout(() => {
        this.#retry = undefined
        this.#reconcile()
      }, this.#retryMs)
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS)
    })
  }

  #setState(s: LinkSocketState): void {
    this.#state = s
    this.emit('state', s)
  }

  #describe(): string {
    const s = this.#state
    return s.state === 'waiting' ? s.reason : s.state
  }
}
