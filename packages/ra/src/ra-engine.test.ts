import { seededRng, VirtualClock } from '@mip6/engine-kit/testing'
import { ALL_NODES, formatAddress, mustParse, type RouterAdvert, type RouterSolicit } from '@mip6/wire'
import { routerAdvert, routerPrefixInformation } from '@mip6/wire/testing/nd'
import { describe, expect, it } from 'vitest'
import type { RaAction, SendAdvert } from './actions'
import { RaEngine } from './ra-engine'
import type { RaInterfaceSettings } from './settings'
import { interfaceSettings, linkUp, prefixSettings } from './testing/settings'

const sends = (actions: RaAction[]) => actions.filter((a): a is SendAdvert => a.kind === 'send')

function start(settings: RaInterfaceSettings[] = [interfaceSettings()], seed = 1) {
  const engine = new RaEngine({ rng: seededRng(seed) })
  const clock = new VirtualClock<RaAction>(engine)
  clock.record(engine.configure(settings, 0))
  for (const s of settings) clock.record(engine.handle({ kind: 'link', ifname: s.name, link: linkUp() }, 0))
  clock.runUntil(0)
  return { engine, clock }
}

function sendTimes(clock: VirtualClock<RaAction>, reason: SendAdvert['reason'] = 'unsolicited'): number[] {
  return clock.log.filter((t) => t.action.kind === 'send' && t.action.reason === reason).map((t) => t.at)
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!)

const rs = (options: RouterSolicit['options'] = []): RouterSolicit => ({
  kind: 'router-solicit',
  code: 0,
  checksum: 0,
  reserved: 0,
  options,
})

const mobileIpv6 = interfaceSettings({
  maxRtrAdvIntervalMs: 70,
  minRtrAdvIntervalMs: 50,
  minDelayBetweenRasMs: 50,
  advIntervalOpt: true,
  advHomeAgentFlag: true,
  prefixes: [prefixSettings('2001:db8::/64', { advRouterAddr: true })],
})

describe('unsolicited Router Advertisements (RFC 4861 §6.2.4)', () => {
  it('sends the first RA as soon as the interface can advertise, from its link-local address', () => {
    const { clock } = start()
    const first = sends(clock.log.map((t) => t.action))[0]!
    expect(clock.log.find((t) => t.action.kind === 'send')?.at).toBe(0)
    expect(formatAddress(first.source)).toBe('fe80::202:6fff:fe06:bcf')
    expect(first.destination).toEqual(ALL_NODES)
  })

  it('spaces RAs uniformly within [MinRtrAdvInterval, MaxRtrAdvInterval] at Mobile IPv6 rates', () => {
    const { clock } = start([mobileIpv6])
    clock.runUntil(60_000)
    const intervals = gaps(sendTimes(clock))
    expect(intervals.length).toBeGreaterThan(800)
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(50)
    expect(Math.max(...intervals)).toBeLessThanOrEqual(70)
    const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length
    expect(mean).toBeGreaterThan(59)
    expect(mean).toBeLessThan(61)
    // Uniform: each quarter of the window holds about a quarter of the intervals.
    const quarters = [0, 0, 0, 0]
    for (const i of intervals) quarters[Math.min(3, Math.floor((i - 50) / 5))]!++
    for (const q of quarters) expect(q / intervals.length).toBeCloseTo(0.25, 1)
  })

  it('caps the first MAX_INITIAL_RTR_ADVERTISEMENTS intervals at 16 s, not later ones', () => {
    const { clock } = start([
      interfaceSettings({ maxRtrAdvIntervalMs: 600_000, minRtrAdvIntervalMs: 200_000 }),
    ])
    clock.runUntil(3_600_000)
    const intervals = gaps(sendTimes(clock))
    expect(intervals.slice(0, 2)).toEqual([16_000, 16_000])
    for (const i of intervals.slice(2)) expect(i).toBeGreaterThanOrEqual(200_000)
  })

  it('hands out the same advert until something changes, so adapters can cache its encoding', () => {
    const { engine, clock } = start([mobileIpv6])
    clock.runUntil(5000)
    const msgs = sends(clock.log.map((t) => t.action)).map((s) => s.msg)
    expect(new Set(msgs).size).toBe(1)
    clock.record(engine.configure([{ ...mobileIpv6, advManagedFlag: true }], clock.now))
    const after = sends(clock.advance(1000)).map((s) => s.msg)
    expect(after[0]).not.toBe(msgs[0])
    expect(after[0]!.managed).toBe(true)
  })

  it('replays exactly from the same seed', () => {
    const a = start([mobileIpv6], 7)
    const b = start([mobileIpv6], 7)
    a.clock.runUntil(5000)
    b.clock.runUntil(5000)
    expect(sendTimes(a.clock)).toEqual(sendTimes(b.clock))
  })
})

describe('solicited Router Advertisements (RFC 4861 §6.2.6)', () => {
  const slow = interfaceSettings({ maxRtrAdvIntervalMs: 600_000, minRtrAdvIntervalMs: 200_000 })
  const host = mustParse('fe80::205:5dff:fef2:db2b')
  const solicit = (engine: RaEngine, clock: VirtualClock<RaAction>, source = host, hopLimit = 255) =>
    clock.record(
      engine.handle(
        {
          kind: 'router-solicit',
          ifname: 'wlan0',
          source,
          destination: mustParse('ff02::2'),
          hopLimit,
          sourceMac: undefined,
          msg: rs(),
        },
        clock.now,
      ),
    )

  it('answers with a multicast RA after a random delay of at most MAX_RA_DELAY_TIME', () => {
    const { engine, clock } = start([slow])
    clock.runUntil(100_000)
    const before = sendTimes(clock).length
    solicit(engine, clock)
    clock.advance(1000)
    const after = sendTimes(clock)
    expect(after.length).toBe(before + 1)
    expect(after.at(-1)! - 100_000).toBeGreaterThanOrEqual(0)
    expect(after.at(-1)! - 100_000).toBeLessThanOrEqual(500)
  })

  it('rate-limits multicast answers to one per MinDelayBetweenRAs', () => {
    const { engine, clock } = start([slow])
    clock.runUntil(100_000)
    for (let t = 0; t < 10_000; t += 100) {
      solicit(engine, clock)
      clock.advance(100)
    }
    const answers = sendTimes(clock).filter((t) => t >= 100_000)
    for (const g of gaps(answers)) expect(g).toBeGreaterThanOrEqual(3000)
    expect(answers.length).toBeGreaterThanOrEqual(3)
    expect(answers.length).toBeLessThanOrEqual(4)
  })

  it('sends nothing extra when the next unsolicited RA comes sooner', () => {
    const { engine, clock } = start([mobileIpv6])
    clock.runUntil(1000)
    solicit(engine, clock)
    clock.advance(1000)
    for (const g of gaps(sendTimes(clock))) expect(g).toBeGreaterThanOrEqual(50)
  })

  it('answers by unicast to the source and its link-layer address when AdvRASolicitedUnicast is on', () => {
    const { engine, clock } = start([interfaceSettings({ ...slow, advRaSolicitedUnicast: true })])
    const mac = new Uint8Array([0, 5, 0x5d, 0xf2, 0xdb, 0x2b])
    clock.record(
      engine.handle(
        {
          kind: 'router-solicit',
          ifname: 'wlan0',
          source: host,
          destination: mustParse('ff02::2'),
          hopLimit: 255,
          sourceMac: undefined,
          msg: rs([{ kind: 'source-lla', address: mac }]),
        },
        clock.now,
      ),
    )
    const answer = sends(clock.advance(1000)).find((s) => s.reason === 'solicited')!
    expect(answer.destination).toEqual(host)
    expect(answer.destinationMac).toEqual(mac)
  })

  it('drops a solicitation with a hop limit other than 255 and counts it', () => {
    const { engine, clock } = start([slow])
    clock.runUntil(100_000)
    solicit(engine, clock, host, 64)
    expect(sends(clock.advance(1000))).toEqual([])
    expect(engine.counters.invalidReceived).toBe(1)
  })

  it('answers only listed clients, by unicast, and sends them the unsolicited RAs', () => {
    const client = mustParse('fe80::1')
    const { engine, clock } = start([interfaceSettings({ ...slow, clients: [client] })])
    expect(sends(clock.log.map((t) => t.action)).map((s) => formatAddress(s.destination))).toEqual([
      'fe80::1',
    ])
    clock.runUntil(100_000)
    solicit(engine, clock)
    expect(sends(clock.advance(1000)).filter((s) => s.reason === 'solicited')).toEqual([])
    expect(engine.counters.solicitationsIgnored).toBe(1)
  })

  it('answers unlisted hosts by unicast with UnrestrictedUnicast, still sending listed ones the RAs', () => {
    const client = mustParse('fe80::1')
    const { engine, clock } = start([
      interfaceSettings({ ...slow, clients: [client], unrestrictedUnicast: true }),
    ])
    clock.runUntil(100_000)
    solicit(engine, clock)
    const answer = sends(clock.advance(1000)).filter((s) => s.reason === 'solicited')
    expect(answer.map((s) => formatAddress(s.destination))).toEqual([formatAddress(host)])
  })

  it('never multicasts with UnicastOnly', () => {
    const { engine, clock } = start([interfaceSettings({ ...slow, unicastOnly: true })])
    clock.runUntil(100_000)
    expect(sendTimes(clock)).toEqual([])
    solicit(engine, clock)
    const answer = sends(clock.advance(1000))
    expect(answer.map((s) => formatAddress(s.destination))).toEqual([formatAddress(host)])
  })
})

describe('what the RA says', () => {
  function firstAdvert(settings: RaInterfaceSettings): RouterAdvert {
    const { clock } = start([settings])
    return sends(clock.log.map((t) => t.action))[0]!.msg
  }

  it('carries the Mobile IPv6 parts: H flag, Advertisement Interval in ms, R flag with the router address', () => {
    const ra = firstAdvert(mobileIpv6)
    expect(ra.homeAgent).toBe(true)
    expect(ra.options.find((o) => o.kind === 'advertisement-interval')).toMatchObject({ advIntervalMs: 70 })
    const prefix = ra.options.find((o) => o.kind === 'prefix-information')
    expect(prefix).toMatchObject({ routerAddress: true, onLink: true, autonomous: true, prefixLength: 64 })
    expect(prefix?.kind === 'prefix-information' && formatAddress(prefix.prefix)).toBe('2001:db8::')
  })

  it('puts options in radvd order with SLLA, MTU, RDNSS, DNSSL, routes', () => {
    const ra = firstAdvert(
      interfaceSettings({
        advLinkMtu: 1400,
        prefixes: [prefixSettings('2001:db8::/64')],
        routes: [
          {
            prefix: { address: mustParse('2001:db8:f::'), length: 48 },
            advRoutePreference: 'high',
            advRouteLifetimeS: 1800,
            removeRoute: true,
          },
        ],
        rdnss: [{ addresses: [mustParse('2001:db8::53')], advRdnssLifetimeS: 1200, flushRdnss: true }],
        dnssl: [{ suffixes: ['lab.example'], advDnsslLifetimeS: 1200, flushDnssl: true }],
        advIntervalOpt: true,
      }),
    )
    expect(ra.options.map((o) => o.kind)).toEqual([
      'prefix-information',
      'route-information',
      'rdnss',
      'dnssl',
      'mtu',
      'source-lla',
      'advertisement-interval',
    ])
  })

  it('adds Home Agent Information only when it differs from what hosts assume (RFC 6275 §7.4)', () => {
    const plain = firstAdvert(
      interfaceSettings({ ...mobileIpv6, advHomeAgentInfo: true, homeAgentLifetimeS: 100 }),
    )
    expect(plain.options.find((o) => o.kind === 'home-agent-information')).toMatchObject({
      homeAgentLifetimeS: 100,
    })
    const same = interfaceSettings({ ...mobileIpv6, advHomeAgentInfo: true })
    expect(
      firstAdvert({ ...same, homeAgentLifetimeS: same.advDefaultLifetimeS }).options.some(
        (o) => o.kind === 'home-agent-information',
      ),
    ).toBe(false)
    const preferred = firstAdvert({
      ...same,
      homeAgentLifetimeS: same.advDefaultLifetimeS,
      homeAgentPreference: -5,
    })
    expect(preferred.options.find((o) => o.kind === 'home-agent-information')).toMatchObject({
      homeAgentPreference: -5,
    })
  })

  it('counts decrementing prefix lifetimes down and drops the prefix when preferred reaches 0', () => {
    const s = interfaceSettings({
      maxRtrAdvIntervalMs: 4000,
      minRtrAdvIntervalMs: 3000,
      prefixes: [
        prefixSettings('2001:db8::/64', {
          decrementLifetimes: true,
          advValidLifetimeS: 30,
          advPreferredLifetimeS: 20,
        }),
      ],
    })
    const { engine, clock } = start([s])
    clock.runUntil(10_000)
    const ra = engine.currentAdvert('wlan0', clock.now)!
    expect(ra.options.find((o) => o.kind === 'prefix-information')).toMatchObject({
      validLifetimeS: 20,
      preferredLifetimeS: 10,
    })
    clock.runUntil(20_000)
    expect(
      engine.currentAdvert('wlan0', clock.now)!.options.some((o) => o.kind === 'prefix-information'),
    ).toBe(false)
  })

  it('sends from the first AdvRASrcAddress the interface has', () => {
    const second = mustParse('fe80::beef')
    const engine = new RaEngine({ rng: seededRng(1) })
    engine.configure([interfaceSettings({ advRaSrcAddresses: [mustParse('fe80::dead'), second] })], 0)
    const out = engine.handle(
      { kind: 'link', ifname: 'wlan0', link: linkUp({ linkLocals: [linkUp().linkLocal!, second] }) },
      0,
    )
    expect(sends([...out, ...engine.handleTimeout(0)]).map((s) => formatAddress(s.source))).toEqual([
      'fe80::beef',
    ])
  })

  it('warns when the RA outgrows AdvRAMTU (RFC 6980 §5)', () => {
    const engine = new RaEngine({ rng: seededRng(1) })
    engine.configure(
      [
        interfaceSettings({
          advRaMtu: 100,
          prefixes: [prefixSettings('2001:db8::/64'), prefixSettings('2001:db8:1::/64')],
        }),
      ],
      0,
    )
    const out = engine.handle({ kind: 'link', ifname: 'wlan0', link: linkUp() }, 0)
    expect(
      out.some((a) => a.kind === 'log' && a.level === 'warn' && a.message.includes('AdvRAMTU 100')),
    ).toBe(true)
  })

  it('advertises router lifetime 0 and warns while forwarding is off', () => {
    const { engine, clock } = start([interfaceSettings()])
    const actions = clock.record(engine.handle({ kind: 'forwarding', enabled: false }, 0))
    expect(
      actions.some((a) => a.kind === 'log' && a.level === 'warn' && a.message.includes('forwarding')),
    ).toBe(true)
    expect(engine.currentAdvert('wlan0', 0)!.routerLifetimeS).toBe(0)
  })
})

describe('links and configuration changing underneath (no restart, no storm)', () => {
  it('sends nothing when an address event leaves the RA unchanged', () => {
    const { engine, clock } = start([
      interfaceSettings({ maxRtrAdvIntervalMs: 600_000, minRtrAdvIntervalMs: 200_000 }),
    ])
    clock.runUntil(100_000)
    const before = clock.log.length
    for (let i = 0; i < 100; i++)
      clock.record(
        engine.handle(
          { kind: 'link', ifname: 'wlan0', link: linkUp({ addresses: [mustParse(`2001:db8:9::${i + 1}`)] }) },
          clock.now,
        ),
      )
    clock.advance(1000)
    expect(clock.log.length).toBe(before)
  })

  it('re-advertises soon, within the rate limit, when the RA content changes', () => {
    const s = interfaceSettings({ maxRtrAdvIntervalMs: 600_000, minRtrAdvIntervalMs: 200_000 })
    const { engine, clock } = start([s])
    clock.runUntil(100_000)
    clock.record(engine.configure([{ ...s, advManagedFlag: true }], clock.now))
    const next = sends(clock.advance(1000))
    expect(next).toHaveLength(1)
    expect(next[0]!.msg.managed).toBe(true)
  })

  it('stops when the link goes down and starts again when it comes back', () => {
    const { engine, clock } = start([mobileIpv6])
    clock.runUntil(1000)
    clock.record(engine.handle({ kind: 'link', ifname: 'wlan0', link: linkUp({ up: false }) }, clock.now))
    const silent = sends(clock.advance(5000))
    expect(silent).toEqual([])
    clock.record(engine.handle({ kind: 'link', ifname: 'wlan0', link: linkUp() }, clock.now))
    expect(sends(clock.advance(1000)).length).toBeGreaterThan(10)
    const events = clock.log
      .filter((t) => t.action.kind === 'event')
      .map((t) => (t.action.kind === 'event' ? t.action.event : ''))
    expect(events).toEqual(['ra-interface-up', 'ra-interface-down', 'ra-interface-up'])
  })

  it('waits for an interface that is absent at start', () => {
    const engine = new RaEngine({ rng: seededRng(1) })
    const clock = new VirtualClock<RaAction>(engine)
    clock.record(engine.configure([mobileIpv6], 0))
    expect(sends(clock.advance(5000))).toEqual([])
    clock.record(engine.handle({ kind: 'link', ifname: 'wlan0', link: linkUp() }, clock.now))
    expect(sends(clock.advance(1000)).length).toBeGreaterThan(10)
  })

  it('sends a final RA with router lifetime 0 when the interface leaves the configuration', () => {
    const { engine, clock } = start([mobileIpv6])
    clock.runUntil(1000)
    const final = sends(clock.record(engine.configure([], clock.now)))
    expect(final.map((s) => [s.reason, s.msg.routerLifetimeS])).toEqual([['final', 0]])
    expect(sends(clock.advance(5000))).toEqual([])
  })

  it('retires the old link-local address with a final RA and advertises from the new one (RFC 4861 §6.2.8)', () => {
    const { engine, clock } = start([mobileIpv6])
    clock.runUntil(1000)
    const newLl = mustParse('fe80::99')
    const out = sends(
      clock.record(
        engine.handle({ kind: 'link', ifname: 'wlan0', link: linkUp({ linkLocal: newLl }) }, clock.now),
      ),
    )
    expect(out.map((s) => [s.reason, formatAddress(s.source), s.msg.routerLifetimeS])).toEqual([
      ['final', 'fe80::202:6fff:fe06:bcf', 0],
    ])
    expect(sends(clock.advance(1000)).every((s) => formatAddress(s.source) === 'fe80::99')).toBe(true)
  })

  it('sends final RAs on stop with prefixes deprecated, routes removed and DNS flushed as configured', () => {
    const { engine, clock } = start([
      interfaceSettings({
        prefixes: [prefixSettings('2001:db8::/64', { deprecatePrefix: true })],
        routes: [
          {
            prefix: { address: mustParse('2001:db8:f::'), length: 48 },
            advRoutePreference: 'medium',
            advRouteLifetimeS: 1800,
            removeRoute: true,
          },
        ],
        rdnss: [{ addresses: [mustParse('2001:db8::53')], advRdnssLifetimeS: 1200, flushRdnss: true }],
      }),
    ])
    const [final] = sends(engine.stop(clock.now))
    expect(final!.msg.routerLifetimeS).toBe(0)
    expect(final!.msg.options.find((o) => o.kind === 'prefix-information')).toMatchObject({
      preferredLifetimeS: 0,
      validLifetimeS: 7200,
    })
    expect(final!.msg.options.find((o) => o.kind === 'route-information')).toMatchObject({
      routeLifetimeS: 0,
    })
    expect(final!.msg.options.find((o) => o.kind === 'rdnss')).toMatchObject({ lifetimeS: 0 })
    expect(engine.nextTimeout()).toBeUndefined()
  })
})

describe('other routers heard on the link (RFC 4861 §6.2.7, RFC 6275 §10.5.1)', () => {
  const peer = mustParse('fe80::2')
  const hear = (engine: RaEngine, msg: RouterAdvert) =>
    engine.handle(
      { kind: 'router-advert', ifname: 'wlan0', source: peer, destination: ALL_NODES, hopLimit: 255, msg },
      0,
    )

  it('reports another Home Agent with its preference, lifetime and router address', () => {
    const { engine } = start([mobileIpv6])
    const out = hear(
      engine,
      routerAdvert({
        homeAgent: true,
        options: [
          routerPrefixInformation(mustParse('2001:db8::2')),
          { kind: 'home-agent-information', reserved: 0, homeAgentPreference: 10, homeAgentLifetimeS: 600 },
        ],
      }),
    )
    const ha = out.find((a) => a.kind === 'home-agent-heard')
    expect(ha).toMatchObject({ preference: 10, lifetimeS: 600, linkLocal: peer })
    expect(ha?.kind === 'home-agent-heard' && ha.addresses.map(formatAddress)).toEqual(['2001:db8::2'])
  })

  it('defaults a Home Agent to preference 0 and the router lifetime without the option', () => {
    const { engine } = start([mobileIpv6])
    expect(
      hear(engine, routerAdvert({ homeAgent: true, routerLifetimeS: 3 })).find(
        (a) => a.kind === 'home-agent-heard',
      ),
    ).toMatchObject({ preference: 0, lifetimeS: 3 })
  })

  it('logs a disagreement once per change, not once per RA', () => {
    const { engine } = start([interfaceSettings()])
    const warnings = () =>
      hear(engine, routerAdvert({ managed: true, curHopLimit: 32 })).filter(
        (a) => a.kind === 'log' && a.level === 'warn',
      )
    expect(warnings()).toHaveLength(1)
    expect(warnings()).toHaveLength(0)
  })
})
