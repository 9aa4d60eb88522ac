// End to end on virtual time: the mobile node roams seed 002's links with RAs at the Mobile
// IPv6 rates of the product card (MaxRtrAdvInterval 70 ms) and a stand-in home agent 10 ms
// away, as `mip6-router lab` will run it.
import { addressEquals } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { COA, COA2, HOME_LINK, SimLab, VISITED_LINK, VISITED_LINK_2 } from './testing/harness'

function eventNames(lab: SimLab): string[] {
  return lab.log.flatMap((t) => (t.action.kind === 'event' ? [t.action.event] : []))
}

describe('roaming', () => {
  it('goes home -> visited -> visited 2 -> home, each handover within a few RA intervals plus a round trip', () => {
    const lab = new SimLab()
    lab.attach(HOME_LINK)
    lab.run(2000)
    expect(lab.mn.currentLink()?.atHome).toBe(true)

    for (const [link, careOf] of [
      [VISITED_LINK, COA],
      [VISITED_LINK_2, COA2],
    ] as const) {
      lab.attach(link)
      lab.run(5000)
      expect(lab.mn.careOfAddress()).toEqual(careOf)
      const binding = lab.homeAgentBinding()
      expect(binding !== undefined && addressEquals(binding.careOf, careOf)).toBe(true)
    }
    lab.attach(HOME_LINK)
    lab.run(5000)
    expect(lab.homeAgentBinding()).toBeUndefined()
    expect(lab.mn.currentLink()?.atHome).toBe(true)

    const [start, ...moves] = lab.handovers
    expect(start?.from).toBeUndefined()
    expect(moves.map((m) => [m.from, m.to])).toEqual([
      ['2001:db8::/64', '2001:db8:1::/64'],
      ['2001:db8:1::/64', '2001:db8:2::/64'],
      ['2001:db8:2::/64', '2001:db8::/64'],
    ])
    // Detection waits for the old router's interval (70 ms) after the new RA (<= 70 ms), then
    // the BU's round trip; the first registration adds the home agent's 1 s DAD.
    expect(moves[0]?.blackoutMs).toBeGreaterThan(1000)
    expect(moves[0]?.blackoutMs).toBeLessThan(1200)
    expect(moves[1]?.blackoutMs).toBeLessThan(200)
    expect(moves[2]?.blackoutMs).toBeLessThan(200)
    expect(eventNames(lab).filter((e) => e === 'movement-detected')).toHaveLength(4)
  })

  it('keeps its binding refreshed on a link for hours', () => {
    const lab = new SimLab({ haMaxLifetimeS: 600 })
    lab.attach(VISITED_LINK)
    lab.run(3 * 3600_000)
    const refreshed = lab.log.filter((t) => t.action.kind === 'event' && t.action.event === 'registered')
    // Every 540 s (90 % of 600 s) after the first registration.
    expect(refreshed.length).toBe(Math.floor((3 * 3600 - 1) / 540) + 1)
    expect(eventNames(lab)).not.toContain('binding-expired')
  })

  it('finds its home agent by DHAAD when none is configured', () => {
    const lab = new SimLab({
      settings: { ...new SimLab().options.settings, homeAgent: undefined },
    })
    lab.attach(VISITED_LINK)
    lab.run(3000)
    expect(eventNames(lab)).toEqual(expect.arrayContaining(['home-agent-discovered', 'registered']))
  })

  it('registers on the next link after a gap in coverage', () => {
    const lab = new SimLab()
    lab.attach(VISITED_LINK)
    lab.run(3000)
    lab.attach(undefined)
    lab.run(2000)
    lab.attach(VISITED_LINK_2)
    lab.run(5000)
    const binding = lab.homeAgentBinding()
    expect(binding !== undefined && addressEquals(binding.careOf, COA2)).toBe(true)
  })
})
