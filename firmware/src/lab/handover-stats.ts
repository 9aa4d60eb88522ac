// What a handover cost the correspondent, from its echo replies: the requests that went
// unanswered around the move and how long the replies stopped. Replies still come for a
// moment after the move starts (the old link takes a while to go), so the blackout is the
// longest silence from the last reply before the move to the next move, less the one ping
// interval that separates replies anyway: 0 when nothing was lost.
import type { PingReply } from './ping-replies'

/** Replies silent this many intervals at a window's end, longer than any gap before: gone. */
const NEVER_BACK_INTERVALS = 10

export interface Move {
  from: 'home' | 'visited'
  to: 'home' | 'visited'
  /** Wall clock, ms since the epoch, when the link changed. */
  atMs: number
}

export interface Handover {
  from: Move['from']
  to: Move['to']
  /** undefined: no reply came after the move before the next one (or the end). */
  blackoutMs: number | undefined
  lostPackets: number | undefined
}

/**
 * `replies` in arrival order; each move's window ends at the next move, the last one's at
 * `endMs` (when the correspondent stopped). A window whose replies stop for good (the path
 * never came back, whatever trickled in over the old link at first) has no blackout figure.
 */
export function handovers(
  moves: readonly Move[],
  replies: readonly PingReply[],
  intervalMs: number,
  endMs: number,
): Handover[] {
  return moves.map((move, i) => {
    const end = moves[i + 1]?.atMs ?? endMs
    const after = replies.filter((r) => r.atMs >= move.atMs && r.atMs < end)
    const before = lastBefore(replies, move.atMs)
    let silenceMs = before ? 0 : (after[0]?.atMs ?? end) - move.atMs
    let lostPackets = 0
    let previous = before
    let highest = before?.seq
    for (const r of after) {
      if (previous) silenceMs = Math.max(silenceMs, r.atMs - previous.atMs)
      if (highest !== undefined) lostPackets += Math.max(0, r.seq - highest - 1)
      highest = Math.max(highest ?? r.seq, r.seq)
      previous = r
    }
    const tailMs = end - (after.at(-1)?.atMs ?? end)
    if (after.length === 0 || tailMs > Math.max(silenceMs, NEVER_BACK_INTERVALS * intervalMs))
      return { from: move.from, to: move.to, blackoutMs: undefined, lostPackets: undefined }
    return {
      from: move.from,
      to: move.to,
      blackoutMs: Math.max(0, Math.round(silenceMs - intervalMs)),
      lostPackets,
    }
  })
}

function lastBefore(replies: readonly PingReply[], atMs: number): PingReply | undefined {
  let found: PingReply | undefined
  for (const r of replies) if (r.atMs < atMs) found = r
  return found
}
