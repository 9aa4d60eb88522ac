import { describe, expect, it } from 'vitest'
import { handovers } from './handover-stats'
import { parsePingLine } from './ping-replies'

/** Replies every 20 ms from t=0 for `seqs`, as ping numbers them. */
function replies(seqs: number[]) {
  return seqs.map((seq) => ({ seq, atMs: seq * 20 }))
}

describe('handovers', () => {
  it('counts the unanswered requests and the silence beyond one interval', () => {
    // Replies 1-10, then 15 on: requests 11-14 were lost across the move at 205 ms.
    const r = replies([...Array.from({ length: 10 }, (_, i) => i + 1), 15, 16, 17])
    expect(handovers([{ from: 'home', to: 'visited', atMs: 205 }], r, 20, 360)).toEqual([
      { from: 'home', to: 'visited', blackoutMs: 80, lostPackets: 4 },
    ])
  })

  it('finds the silence where it is when replies still came for a moment after the move', () => {
    // The move starts at 50 ms, replies 3-5 still come over the old link, 6-9 are lost.
    const r = replies([1, 2, 3, 4, 5, 10, 11])
    expect(handovers([{ from: 'home', to: 'visited', atMs: 50 }], r, 20, 240)).toEqual([
      { from: 'home', to: 'visited', blackoutMs: 80, lostPackets: 4 },
    ])
  })

  it('has no figure for a move after which the replies stopped for good', () => {
    // Replies 3-4 still came over the old link; nothing after, to the end at 2 s.
    const r = replies([1, 2, 3, 4])
    expect(handovers([{ from: 'home', to: 'visited', atMs: 50 }], r, 20, 2_000)).toEqual([
      { from: 'home', to: 'visited', blackoutMs: undefined, lostPackets: undefined },
    ])
  })

  it('gives 0 and 0 for a move that lost nothing', () => {
    expect(handovers([{ from: 'visited', to: 'home', atMs: 50 }], replies([1, 2, 3, 4, 5]), 20, 120)).toEqual(
      [{ from: 'visited', to: 'home', blackoutMs: 0, lostPackets: 0 }],
    )
  })

  it('leaves blackout and loss undefined when no reply came before the next move', () => {
    const moves = [
      { from: 'home', to: 'visited', atMs: 50 },
      { from: 'visited', to: 'home', atMs: 200 },
    ] as const
    const r = replies([1, 2, 11, 12])
    expect(handovers(moves, r, 20, 260)).toEqual([
      { from: 'home', to: 'visited', blackoutMs: undefined, lostPackets: undefined },
      { from: 'visited', to: 'home', blackoutMs: 160, lostPackets: 8 },
    ])
  })
})

describe('parsePingLine', () => {
  it('reads replies and unanswered requests of ping -D -O, and nothing else', () => {
    expect(
      parsePingLine('[1796583800.869626] 64 bytes from 2001:db8::beef: icmp_seq=1 ttl=63 time=0.130 ms'),
    ).toEqual({
      kind: 'reply',
      reply: { seq: 1, atMs: 1796583800869.626 },
    })
    expect(parsePingLine('[1796583800.9] no answer yet for icmp_seq=7')).toEqual({
      kind: 'no-answer',
      seq: 7,
      atMs: 1796583800900,
    })
    expect(parsePingLine('PING 2001:db8::beef(2001:db8::beef) 56 data bytes')).toBeUndefined()
    expect(parsePingLine('3 packets transmitted, 3 received, 0% packet loss, time 48ms')).toBeUndefined()
  })
})
