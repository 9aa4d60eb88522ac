// RFC 6275 §11.5.1 and seed 001 §3.2.4 movement detection, through the engine.
import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import {
  bus,
  COA,
  COA2,
  events,
  HOME_LINK,
  icmpSends,
  kinds,
  LINK_LOCAL,
  MnHarness,
  routerAdvert,
  VISITED_LINK,
  VISITED_LINK_2,
} from './testing/harness'

const FAST = { advIntervalMs: 70 }

describe('movement detection', () => {
  it('detects movement when the router`s advertised interval passes without an RA', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    h.ra(VISITED_LINK, FAST)
    // Three intervals of silence (MISSED_ADVERT_INTERVALS) lose the router; an RS goes out.
    expect(h.advance(209)).toEqual([])
    const lost = h.advance(1)
    expect(kinds(lost)).toEqual(['event:router-lost', 'send-icmp'])
    expect(events(lost, 'router-lost')[0]).toMatchObject({
      reason: 'router-lost',
      router: mustParse('2001:db8:1::'),
    })
    expect(icmpSends(lost, 'router-solicit')[0]).toMatchObject({
      source: LINK_LOCAL,
      destination: mustParse('ff02::2'),
      hopLimit: 255,
      msg: { kind: 'router-solicit', options: [{ kind: 'source-lla' }] },
    })
    const moved = h.ra(VISITED_LINK_2, FAST)
    expect(events(moved, 'movement-detected')[0]).toMatchObject({
      reason: 'router-lost',
      from: { atHome: false, router: mustParse('2001:db8:1::') },
      to: { atHome: false, router: mustParse('2001:db8:2::') },
    })
    expect(bus(moved)[0]?.source).toEqual(COA2)
  })

  it('keeps soliciting routers RTR_SOLICITATION_INTERVAL apart, MAX_RTR_SOLICITATIONS in all', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, FAST)
    h.advance(60_000)
    const at = h.clock.log.filter((t) => t.action.kind === 'send-icmp').map((t) => t.at)
    expect(at).toEqual([210, 4210, 8210])
  })

  it('moves to a router of a new prefix once the current router misses one advertised interval', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, FAST)
    h.advance(20)
    expect(h.ra(VISITED_LINK_2, FAST)).toEqual([])
    const moved = h.advance(50)
    expect(h.now).toBe(70)
    expect(events(moved, 'movement-detected')[0]).toMatchObject({ now: 70, reason: 'new-router' })
  })

  it('stays when the current router speaks again within its interval (two routers, two prefixes)', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, FAST)
    h.advance(20)
    h.ra(VISITED_LINK_2, FAST)
    h.advance(40)
    h.ra(VISITED_LINK, FAST)
    expect(events(h.advance(100), 'movement-detected')).toEqual([])
    expect(h.mn.careOfAddress()).toEqual(COA)
  })

  it('moves at once to a new router of a new prefix when the current one sends no Advertisement Interval', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, { advIntervalMs: undefined })
    h.advance(10)
    expect(events(h.ra(VISITED_LINK_2), 'movement-detected')).toMatchObject([{ reason: 'new-router' }])
  })

  it('treats a second router advertising our prefix as the same link', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    const other = { router: mustParse('fe80::1:2'), routerAddress: mustParse('2001:db8:1::2') }
    expect(h.ra(VISITED_LINK, other)).toEqual([])
    // After the first router is lost, the second one is taken without a movement.
    h.advance(30_000)
    expect(kinds(h.ra(VISITED_LINK, other))).toEqual([])
    expect(h.mn.careOfAddress()).toEqual(COA)
  })

  it('tells routers apart by their R-flag address when their link-local addresses are equal', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, { advIntervalMs: undefined })
    const moved = h.ra(VISITED_LINK_2, { advIntervalMs: undefined, router: VISITED_LINK.router })
    expect(events(moved, 'movement-detected')).toMatchObject([{ reason: 'new-router' }])
  })

  it('loses the router when its Router Lifetime runs out', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, { advIntervalMs: undefined, routerLifetimeS: 30 })
    expect(events(h.advance(29_999), 'router-lost')).toEqual([])
    expect(events(h.advance(1), 'router-lost')).toMatchObject([{ reason: 'router-lifetime' }])
    expect(events(h.ra(VISITED_LINK_2), 'movement-detected')).toMatchObject([{ reason: 'router-lifetime' }])
  })

  it('loses the router on a final RA (Router Lifetime 0)', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    expect(events(h.ra(VISITED_LINK, { routerLifetimeS: 0 }), 'router-lost')).toMatchObject([
      { reason: 'router-lifetime' },
    ])
  })

  it('is at home when an on-link prefix equals the home prefix', () => {
    const h = new MnHarness()
    const out = h.ra(HOME_LINK)
    expect(events(out, 'movement-detected')[0]).toMatchObject({
      to: { atHome: true, prefix: { address: mustParse('2001:db8::'), length: 64 } },
    })
    expect(out.some((a) => a.kind === 'address-add' && a.role === 'care-of')).toBe(false)
  })

  it('forms a new care-of address when the router withdraws the prefix (valid lifetime 0)', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    const ra = routerAdvert(VISITED_LINK)
    const pio = ra.msg.options[0]!
    ra.msg.options = [
      { ...pio, kind: 'prefix-information', validLifetimeS: 0, preferredLifetimeS: 0 } as typeof pio,
      { ...pio, prefix: mustParse('2001:db8:5::'), routerAddress: false } as typeof pio,
    ]
    const out = h.input(ra)
    expect(events(out, 'movement-detected')).toMatchObject([{ reason: 'prefix-change' }])
    expect(bus(out)[0]?.source).toEqual(mustParse('2001:db8:5:0:205:5dff:fef2:db2b'))
  })

  it('drops the care-of address when its prefix expires and the router offers no other', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, {
      validLifetimeS: 60,
      preferredLifetimeS: 30,
      routerLifetimeS: 1800,
      advIntervalMs: undefined,
    })
    const out = h.advance(60_000)
    expect(out.filter((a) => a.kind === 'address-remove')).toMatchObject([{ address: COA, role: 'care-of' }])
  })

  it('solicits a router when the link comes up, and stays put when the same router answers', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    expect(kinds(h.input({ kind: 'link', ifname: 'wlan0', up: false }))).toEqual(['event:router-lost'])
    expect(icmpSends(h.input({ kind: 'link', ifname: 'wlan0', up: true }), 'router-solicit')).toHaveLength(1)
    expect(h.ra(VISITED_LINK)).toEqual([])
    expect(h.mn.bindingUpdateList()[0]?.state).toBe('registered')
  })

  it('reports a link change when another link answers after the link came back', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    h.input({ kind: 'link', ifname: 'wlan0', up: false })
    h.input({ kind: 'link', ifname: 'wlan0', up: true })
    expect(events(h.ra(VISITED_LINK_2), 'movement-detected')).toMatchObject([{ reason: 'link-change' }])
  })

  it('drops RAs that fail RFC 4861 §6.1.2 (hop limit below 255) or come on another interface', () => {
    const h = new MnHarness()
    expect(h.input({ ...routerAdvert(VISITED_LINK), hopLimit: 64 })).toEqual([])
    expect(h.input({ ...routerAdvert(VISITED_LINK), ifname: 'eth0' })).toEqual([])
    expect(h.mn.counters.drops).toEqual({ 'nd-invalid': 1, 'other-interface': 1 })
  })
})
