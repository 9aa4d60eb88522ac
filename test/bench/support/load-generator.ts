// The load generator, a child process of the bench (forked, driven over IPC): one LinkSocket on
// the visited-link interface of its namespace (libpcap in a helper there, the path the router
// itself uses), sending Binding Updates at a paced rate and timing the answers.
//
// argv[2]: JSON { netns, ifname }. Each phase's frames are encoded before its clock starts, so
// the pacing loop only hands frames to the socket. BUs go out in 1 ms ticks, as many as the
// rate says are due. An answer matches the BU it acknowledges by home address and sequence
// number; latency runs from the BU handed to the socket to the answer's libpcap delivery time
// (CLOCK_MONOTONIC both).
import { InterfaceWatcher, LinkSocket, monotonicNowMs, type ReceivedFrame } from '@mip6/netio'
import {
  answerOf,
  bindingUpdateFrame,
  type ChildReply,
  type ChildRequest,
  MAC,
  type PhaseRequest,
  type PhaseResult,
} from './bu-traffic'

const { netns, ifname } = JSON.parse(process.argv[2] ?? '{}') as { netns: string; ifname: string }
/** Mobile node numbers go up to this. */
const MAX_NODES = 1 << 20
const TICK_MS = 1
const POLL_MS = 20
/** The generator must not be what drops: a large kernel ring and send queue. */
const BUFFER_SIZE = 64 * 1024 * 1024
const MAX_QUEUED_BYTES = 64 * 1024 * 1024
const OPEN_TIMEOUT_MS = 10_000

/** The last sequence number sent to each mobile node (0: none yet, so the first BU is 1). */
const sequences = new Uint16Array(MAX_NODES + 1)

interface Running {
  req: PhaseRequest
  /** The mobile node of each slot. */
  node: (slot: number) => number
  /** The slot of a mobile node, or -1. */
  slotOf: (n: number) => number
  /** Sequence numbers before the phase, by slot. */
  base: Uint16Array
  sentAt: Float64Array
  answered: Uint8Array
  latencies: Float64Array
  handed: number
  refused: number
  answeredCount: number
  otherCount: number
  statuses: Record<number, number>
  stray: number
  startedAt: number
  lastSentAt: number
  lastAnswerAt: number
}

let running: Running | undefined

const send = (reply: ChildReply) => process.send!(reply)

/** The index in the phase of the BU that carried `sequence` to slot `slot`, or -1. */
function frameIndex(r: Running, slot: number, sequence: number): number {
  const { count, offset, total } = r.req
  const firstK = (((slot - offset) % count) + count) % count
  const round = (sequence - r.base[slot]! - 1) & 0xffff
  const k = firstK + round * count
  return k < r.handed + r.refused && k < total ? k : -1
}

function received(f: ReceivedFrame): void {
  const r = running
  const a = answerOf(f.frame)
  if (!r || !a) return
  const slot = r.slotOf(a.n)
  const k = slot >= 0 ? frameIndex(r, slot, a.sequence) : -1
  if (k < 0 || r.answered[k]) {
    r.stray++
    return
  }
  r.answered[k] = 1
  r.lastAnswerAt = f.receivedAtMs
  if (a.status === 0) r.latencies[r.answeredCount++] = f.receivedAtMs - r.sentAt[k]!
  else {
    r.otherCount++
    r.statuses[a.status] = (r.statuses[a.status] ?? 0) + 1
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

async function phase(socket: LinkSocket, req: PhaseRequest): Promise<PhaseResult> {
  const { first, only, offset, total, rate, quietMs } = req
  const count = only?.length ?? req.count
  const slots = only ? new Map(only.map((n, slot) => [n, slot])) : undefined
  const node = only ? (slot: number) => only[slot]! : (slot: number) => first + slot
  const slotOf = slots
    ? (n: number) => slots.get(n) ?? -1
    : (n: number) => (n >= first && n < first + count ? n - first : -1)
  const base = new Uint16Array(count)
  for (let s = 0; s < count; s++) base[s] = sequences[node(s)]!
  const frames: Uint8Array[] = new Array(total)
  for (let k = 0; k < total; k++) {
    const n = node((offset + k) % count)
    sequences[n] = (sequences[n]! + 1) & 0xffff
    frames[k] = bindingUpdateFrame(n, sequences[n]!)
  }
  const r: Running = {
    req: { ...req, count },
    node,
    slotOf,
    base,
    sentAt: new Float64Array(total),
    answered: new Uint8Array(total),
    latencies: new Float64Array(total),
    handed: 0,
    refused: 0,
    answeredCount: 0,
    otherCount: 0,
    statuses: {},
    stray: 0,
    startedAt: monotonicNowMs(),
    lastSentAt: 0,
    lastAnswerAt: 0,
  }
  running = r
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = monotonicNowMs()
      const due = Math.min(total, Math.floor(((now - r.startedAt) * rate) / 1000) + 1)
      for (let k = r.handed + r.refused; k < due; k++) {
        r.sentAt[k] = now
        if (socket.send(frames[k]!)) r.handed++
        else r.refused++
      }
      r.lastSentAt = now
      if (r.handed + r.refused < total) setTimeout(tick, TICK_MS)
      else resolve()
    }
    tick()
  })
  // Answers still on their way: until every BU has one, or none came for quietMs.
  await new Promise<void>((resolve) => {
    const poll = () => {
      const done = r.answeredCount + r.otherCount >= r.handed
      const quiet = monotonicNowMs() - Math.max(r.lastSentAt, r.lastAnswerAt) > quietMs
      if (done || quiet) resolve()
      else setTimeout(poll, POLL_MS)
    }
    poll()
  })
  running = undefined
  const sorted = r.latencies.subarray(0, r.answeredCount).sort()
  const unanswered: number[] = []
  if (req.listUnanswered) {
    // A mobile node is unanswered when none of its BUs in the phase got an answer.
    const got = new Uint8Array(count)
    for (let k = 0; k < total; k++) if (r.answered[k]) got[(offset + k) % count] = 1
    for (let s = 0; s < count; s++) if (!got[s]) unanswered.push(node(s))
  }
  return {
    ...(req.listUnanswered ? { unanswered } : {}),
    total,
    sent: r.handed,
    answered: r.answeredCount,
    statuses: r.statuses,
    stray: r.stray,
    sendS: (r.lastSentAt - r.startedAt) / 1000,
    answerS: r.lastAnswerAt > 0 ? (r.lastAnswerAt - r.startedAt) / 1000 : Number.NaN,
    latency: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
    },
  }
}

async function main(): Promise<void> {
  const watcher = new InterfaceWatcher({ netns })
  await watcher.start()
  const socket = new LinkSocket({
    ifname,
    watcher,
    netns,
    // BAs (type 2 routing header) and bounced BUs (Destination Options) from the router's MAC.
    filter: `ether src ${MAC.routerVisited} and ip6 and (ip6[6] == 43 or ip6[6] == 60)`,
    bufferSize: BUFFER_SIZE,
    maxQueuedBytes: MAX_QUEUED_BYTES,
  })
  socket.on('frame', received)
  await socket.whenOpen(OPEN_TIMEOUT_MS)
  let queue = Promise.resolve()
  process.on('message', (m: ChildRequest) => {
    queue = queue.then(async () => {
      try {
        if (m.op === 'phase') send({ op: 'phase', result: await phase(socket, m.phase) })
        else if (m.op === 'stats') send({ op: 'stats', stats: { ...socket.stats } })
        else {
          await socket.close()
          await watcher.close()
          process.exit(0)
        }
      } catch (e) {
        send({ op: 'error', message: (e as Error).stack ?? String(e) })
      }
    })
  })
  send({ op: 'ready' })
}

// The bench is gone: so is its generator.
process.on('disconnect', () => process.exit(0))
main().catch((e: Error) => {
  send({ op: 'error', message: e.stack ?? String(e) })
  process.exit(1)
})
