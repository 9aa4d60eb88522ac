// Proxy Neighbor Discovery for away mobile nodes (RFC 6275 §10.4.1, RFC 4861 §7.2.8).
import { ALL_NODES, mustParse, UNSPECIFIED } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import {
  dadProbeFrom,
  HA_LINK_LOCAL,
  HA_MAC,
  HaHarness,
  HOA,
  icmpSends,
  NEIGHBOR,
  NEIGHBOR_MAC,
  neighborAdvert,
  neighborSolicit,
} from './testing/harness'

const naOf = (target: Uint8Array, flags: { solicited: boolean; override: boolean }) => ({
  kind: 'neighbor-advert',
  router: false,
  ...flags,
  target,
  options: [{ kind: 'target-lla', address: HA_MAC }],
})

describe('announcing a registration (RFC 6275 §10.4.1)', () => {
  it('multicasts MAX_NEIGHBOR_ADVERTISEMENT unsolicited NAs, RetransTimer apart, O set, our MAC', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    const sent = h.clock.log.filter(
      (t) => t.action.kind === 'send-icmp' && t.action.reason === 'proxy-announce',
    )
    expect(sent.map((t) => t.at)).toEqual([1000, 2000, 3000])
    expect(sent[0]?.action).toMatchObject({
      ifname: 'wlan0',
      source: HA_LINK_LOCAL,
      destination: ALL_NODES,
      hopLimit: 255,
      msg: naOf(HOA, { solicited: false, override: true }),
    })
  })

  it('announces again when the home link comes back up', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    h.input({ kind: 'link', ifname: 'wlan0', link: { up: false, mac: HA_MAC, linkLocal: HA_LINK_LOCAL } })
    const out = h.input({
      kind: 'link',
      ifname: 'wlan0',
      link: { up: true, mac: HA_MAC, linkLocal: HA_LINK_LOCAL },
    })
    expect(icmpSends(out, 'proxy-announce')).toHaveLength(1)
  })
})

describe('answering for a proxied address', () => {
  it('answers address resolution with a solicited NA, O clear (RFC 4861 §7.2.8), to the solicitor', () => {
    const h = new HaHarness()
    h.register()
    const [na] = icmpSends(h.input(neighborSolicit(HOA)), 'proxy-reply')
    expect(na).toMatchObject({
      ifname: 'wlan0',
      source: HA_LINK_LOCAL,
      destination: NEIGHBOR,
      destinationMac: NEIGHBOR_MAC,
      hopLimit: 255,
      msg: naOf(HOA, { solicited: true, override: false }),
    })
  })

  it('defends the home address against another node`s DAD: to all-nodes, S clear', () => {
    const h = new HaHarness()
    h.register()
    const out = h.input(dadProbeFrom(HOA))
    expect(icmpSends(out, 'dad-defence')).toMatchObject([
      { destination: ALL_NODES, msg: naOf(HOA, { solicited: false, override: false }) },
    ])
    expect(h.ha.bindings()).toHaveLength(1)
  })

  it('answers for the link-local address with L', () => {
    const h = new HaHarness()
    h.register({ linkLocalCompatibility: true })
    const ll = mustParse('fe80::beef')
    expect(
      icmpSends(h.input(neighborSolicit(ll, { source: mustParse('fe80::1') })), 'proxy-reply'),
    ).toHaveLength(1)
  })

  it('stays quiet for other targets, after deregistration, and on other links', () => {
    const h = new HaHarness()
    h.register({ sequence: 1 })
    expect(h.input(neighborSolicit(mustParse('2001:db8::77')))).toEqual([])
    expect(h.input(neighborSolicit(HOA, { ifname: 'wlan1' }))).toEqual([])
    h.bu({ sequence: 2, lifetimeUnits4s: 0 })
    expect(h.input(neighborSolicit(HOA))).toEqual([])
    expect(h.ha.counters.drops['not-home-link']).toBe(1)
  })

  it('drops solicitations that break RFC 4861 §7.1.1', () => {
    const h = new HaHarness()
    h.register()
    expect(h.input(neighborSolicit(HOA, { hopLimit: 64 }))).toEqual([])
    expect(h.input({ ...dadProbeFrom(HOA), destination: ALL_NODES } as never)).toEqual([])
    expect(h.ha.counters.drops['nd-invalid']).toBe(2)
  })

  it('reports another node advertising a proxied address, and keeps the binding', () => {
    const h = new HaHarness()
    h.register()
    const out = h.input(neighborAdvert(HOA, { source: HOA }))
    expect(out).toMatchObject([{ kind: 'log', level: 'warn' }])
    expect(h.ha.counters.proxyConflicts).toBe(1)
    expect(h.ha.bindings()).toHaveLength(1)
  })

  it('ignores its own advertisements heard back', () => {
    const h = new HaHarness()
    h.register()
    expect(h.input(neighborAdvert(HOA, { sourceMac: HA_MAC, source: HA_LINK_LOCAL }))).toEqual([])
    expect(h.ha.counters.proxyConflicts).toBe(0)
  })

  it('cannot announce without the link-layer address, and says so in the counters', () => {
    const h = new HaHarness()
    h.input({ kind: 'link', ifname: 'wlan0', link: { up: true, mac: undefined, linkLocal: undefined } })
    const out = h.register()
    expect(icmpSends(out, 'proxy-announce')).toEqual([])
    expect(h.input(neighborSolicit(HOA))).toEqual([])
    expect(h.ha.counters.drops['no-link-layer-address']).toBe(2)
    expect(out.find((a) => a.kind === 'send-icmp' && a.reason === 'dad-probe')).toMatchObject({
      source: UNSPECIFIED,
    })
  })
})
