// What a handover cost the correspondent, from its echo replies: the requests that went
// unanswered around the move and how long the replies stopped. Blackout is the silence
// between the last reply before the move and the first one after it, less the one ping
// interval that separates replies anyway: 0 when nothing was lost.
import type { PingReply } from './ping-replies'

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

/** `replies` in arrival order; each move's window ends at the next move. */
export function handovers(
  moves: readonly Move[],
  replies: readonly PingReply[],
  intervalMs: number,
): Handover[] {
  return moves.map((move, i) => {
    const end = moves[i + 1]?.atMs ?? Number.POSITIVE_INFINITY
    const before = lastBefore(replies, move.atMs)
    const after = replies.find((r) => r.atMs >= move.atMs && r.atMs < end)
    if (!after) return { from: move.from, to: move.to, blackoutMs: undefined, lostPackets: undefined }
    const silenceMs = before ? after.atMs - before.atMs : after.atMs - move.atMs
    return {
      from: move.from,
      to: move.to,
      blackoutMs: Math.max(0, Math.round(silenceMs - intervalMs)),
      lostPackets: before ? Math.max(0, after.seq - before.seq - 1) : 0,
    }
  })
}

function lastBefore(replies: readonly PingReply[], atMs: number): PingReply | undefined {
  let found: PingReply | undefined
  for (const r of replies) if (r.atMs < atMs) found = r
  return found
}
