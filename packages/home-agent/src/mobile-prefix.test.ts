// Mobile prefix discovery at the Home Agent (RFC 6275 §10.6).
import { BindingErrorStatus, type MobilePrefixAdvert, mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { HaAction } from './actions'
import { formatBindingCache } from './console-format'
import type { HaInput } from './inputs'
import type { HomePrefixSettings } from './settings'
import { COA, COA2, HA, HaHarness, HOA, homeLink, icmpSends, labSettings, mhSends } from './testing/harness'

function solicit(identifier = 77, source = COA, options: { withoutHao?: boolean } = {}): HaInput {
  const homeAddress = options.withoutHao === true ? undefined : HOA
  return {
    kind: 'mobile-prefix-solicit',
    ifname: 'wlan1',
    source,
    destination: HA,
    homeAddress,
    msg: { kind: 'mobile-prefix-solicit', code: 0, checksum: 0, identifier, reserved: 0 },
  }
}

function adverts(actions: HaAction[]): MobilePrefixAdvert[] {
  return icmpSends(actions, 'mobile-prefix-advert').map((a) => a.msg as MobilePrefixAdvert)
}

const NEW_PREFIX: HomePrefixSettings = {
  prefix: { address: mustParse('2001:db8:2::'), length: 64 },
  validLifetimeS: 86_400,
  preferredLifetimeS: 14_400,
  onLink: true,
  autonomous: true,
}

describe('solicited advertisements (§10.6.1)', () => {
  it('answers a registered mobile node at its care-of address, home address in a type 2 routing header', () => {
    const h = new HaHarness(labSettings(), {})
    h.ha.configure({ ...labSettings(), homeLinks: [homeLink({ managed: true })] }, h.now)
    h.register()
    const out = h.input(solicit(77))
    expect(icmpSends(out, 'mobile-prefix-advert')).toMatchObject([
      { source: HA, destination: COA, type2Routing: HOA, hopLimit: undefined },
    ])
    expect(adverts(out)[0]).toMatchObject({
      kind: 'mobile-prefix-advert',
      identifier: 77,
      managed: true,
      other: false,
      options: [
        {
          kind: 'prefix-information',
          prefixLength: 64,
          onLink: true,
          autonomous: true,
          routerAddress: false,
          validLifetimeS: 86_400,
          preferredLifetimeS: 14_400,
          prefix: mustParse('2001:db8::'),
        },
      ],
    })
  })

  it('answers a solicitation without a binding with Binding Error status 1, and drops one without a HAO', () => {
    const h = new HaHarness()
    expect(mhSends(h.input(solicit()), 'binding-error')).toMatchObject([
      {
        destination: COA,
        msg: { status: BindingErrorStatus.unknownBindingForHomeAddressOption, homeAddress: HOA },
      },
    ])
    h.register()
    expect(mhSends(h.input(solicit(1, COA2)), 'binding-error')).toHaveLength(1)
    expect(h.input(solicit(1, COA, { withoutHao: true }))).toEqual([])
    expect(h.ha.counters.drops['mps-without-home-address-option']).toBe(1)
  })

  it('stays silent when mobile prefix discovery is off', () => {
    const h = new HaHarness(
      labSettings({
        mobilePrefix: {
          solicited: false,
          unsolicited: false,
          minMobPfxAdvIntervalS: 600,
          maxMobPfxAdvIntervalS: 86400,
        },
      }),
    )
    h.register()
    expect(h.input(solicit())).toEqual([])
  })
})

describe('unsolicited advertisements when a home prefix changes (§10.6.2)', () => {
  function changed(h: HaHarness) {
    return h.input({ kind: 'home-prefixes', ifname: 'wlan0', prefixes: [...homeLink().prefixes, NEW_PREFIX] })
  }

  it('schedules one after MinMobPfxAdvInterval + random up to the preferred lifetime, then retransmits', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    const start = h.now
    changed(h)
    const at = h.ha.nextTimeout()!
    expect(at - start).toBeGreaterThanOrEqual(600_000)
    expect(at - start).toBeLessThan(14_400_000)
    h.advance(at - start + 30_000)
    const sent = h.clock.log.filter(
      (t) => t.action.kind === 'send-icmp' && t.action.reason === 'mobile-prefix-advert',
    )
    expect(sent.map((t) => t.at - at)).toEqual([0, 3000, 9000, 21000])
    const first = sent[0]?.action
    expect(first).toMatchObject({ destination: COA, type2Routing: HOA })
    expect(
      first?.kind === 'send-icmp' && first.msg.kind === 'mobile-prefix-advert' && first.msg.options,
    ).toHaveLength(2)
  })

  it('stops retransmitting when the mobile node solicits', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    const start = h.now
    changed(h)
    const at = h.ha.nextTimeout()!
    h.advance(at - start)
    expect(adverts(h.input(solicit(5)))).toHaveLength(1)
    expect(adverts(h.advance(60_000))).toEqual([])
  })

  it('shows the schedule in `bc` as mip6d does', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    expect(formatBindingCache(h.ha.bindings(), h.now)).toContain(' mpa - / 0 retry 0\n')
    changed(h)
    const delay = Math.trunc((h.ha.nextTimeout()! - h.now) / 1000)
    h.advance(10_000)
    expect(formatBindingCache(h.ha.bindings(), h.now)).toContain(` mpa ${delay - 10} / ${delay} retry 0\n`)
  })

  it('does nothing when the prefixes did not change, or when unsolicited advertisements are off', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    expect(h.input({ kind: 'home-prefixes', ifname: 'wlan0', prefixes: homeLink().prefixes })).toEqual([])
    expect(h.ha.nextTimeout()).toBe(h.now + 86_400_000 - 5000)
    const off = new HaHarness(
      labSettings({
        mobilePrefix: {
          solicited: true,
          unsolicited: false,
          minMobPfxAdvIntervalS: 600,
          maxMobPfxAdvIntervalS: 86400,
        },
      }),
    )
    off.register()
    changed(off)
    expect(adverts(off.advance(20_000_000))).toEqual([])
  })

  it('reacts the same to a configuration reload', () => {
    const h = new HaHarness()
    h.register()
    h.advance(5000)
    const link = homeLink()
    link.prefixes.push(NEW_PREFIX)
    const out = h.ha.configure({ ...labSettings(), homeLinks: [link] }, h.now)
    expect(out).toMatchObject([{ kind: 'log', level: 'info' }])
    expect(h.ha.nextTimeout()! - h.now).toBeGreaterThanOrEqual(600_000)
  })
})
