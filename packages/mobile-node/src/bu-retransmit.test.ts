// RFC 6275 §11.8 on a virtual clock.
import { describe, expect, it } from 'vitest'
import { initialBindackTimeoutMs, nextBindackTimeoutMs, nextSequence } from './bu-retransmit'
import { bus, events, MnHarness, VISITED_LINK, VISITED_LINK_2 } from './testing/harness'

function sendTimes(h: MnHarness): number[] {
  return h.clock.log.filter((t) => t.action.kind === 'send-bu').map((t) => t.at)
}

describe('BU retransmission', () => {
  it('retransmits the first BU after 1.5 s, then doubles up to 32 s', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, { advIntervalMs: undefined, routerLifetimeS: 9000 })
    h.advance(150_000)
    // Gaps 1.5, 3, 6, 12, 24, then 32 s on and on (§11.8 "MAY continue ... indefinitely").
    expect(sendTimes(h)).toEqual([0, 1_500, 4_500, 10_500, 22_500, 46_500, 78_500, 110_500, 142_500])
    expect(
      events(
        h.clock.log.map((t) => t.action),
        'bu-sent',
      ).map((e) => e.attempt),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('retransmits a BU to a home agent that holds our binding after 1 s', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, { advIntervalMs: undefined })
    h.ack()
    h.advance(1000)
    h.ra(VISITED_LINK_2, { advIntervalMs: undefined })
    const moved = h.now
    h.advance(4000)
    expect(sendTimes(h).filter((t) => t >= moved)).toEqual([moved, moved + 1000, moved + 3000])
  })

  it('uses a new sequence number for every transmission, modulo 2^16', () => {
    // rng 0.99999 gives a first sequence number of 65535.
    const h = new MnHarness(undefined, { rng: () => 0.99999 })
    h.ra(VISITED_LINK, { advIntervalMs: undefined, routerLifetimeS: 9000 })
    h.advance(5000)
    expect(bus(h.clock.log.map((t) => t.action)).map((b) => b.msg.sequence)).toEqual([65_535, 0, 1])
  })

  it('stops retransmitting once the BA is in', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    expect(bus(h.advance(60_000))).toEqual([])
  })

  it('computes the timeouts of §11.8', () => {
    expect(initialBindackTimeoutMs(true)).toBe(1500)
    expect(initialBindackTimeoutMs(false)).toBe(1000)
    expect(nextBindackTimeoutMs(24_000)).toBe(32_000)
    expect(nextBindackTimeoutMs(32_000)).toBe(32_000)
    expect(nextSequence(0xffff)).toBe(0)
  })
})
