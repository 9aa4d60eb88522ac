// `bc` and `hal` in mip6d's layout (seed 002, UMIP vt.c / ha.c).
import { formatAddressUncompressed, mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { BindingView } from './binding-lifecycle'
import { formatBindingCache, formatHomeAgentsList } from './console-format'
import { homeAgentSettings } from './settings'
import { COA, HA, HaHarness, HOA, homeLink } from './testing/harness'

describe('bc', () => {
  it('prints seed 002`s binding exactly as denali`s mip6d did', () => {
    const now = 1_000_000
    const view: BindingView = {
      state: 'registered',
      homeAddress: HOA,
      careOfAddress: COA,
      haAddress: HA,
      ifname: 'wlan0',
      sequence: 19429,
      flags: {
        acknowledge: true,
        homeRegistration: true,
        linkLocalCompatibility: false,
        keyManagementCompatibility: false,
      },
      grantedLifetimeS: 262140,
      registeredAt: now - 72_000,
      expiresAt: now - 72_000 + 262_140_000,
      registeredAtWallMs: 0,
      proxied: [HOA],
      mpa: { anchorAt: now - 88_000, delayMs: 13_221_000, retries: 0, retransmitting: false },
    }
    expect(formatBindingCache([view], now)).toBe(
      [
        'hoa 2001:db8:0:0:0:0:0:beef status registered',
        ' coa 2001:db8:1:0:205:5dff:fef2:db2b flags AH--',
        ' local 2001:db8:0:0:0:0:0:0',
        ' lifetime 262068 / 262140 seq 19429 unreach 0 mpa 13133 / 13221 retry 0',
        '',
      ].join('\n'),
    )
  })

  it('prints the engine`s bindings: a DAD in progress, then the registration counting down', () => {
    const link = homeLink()
    link.prefixes[0]!.validLifetimeS = 0xffffffff
    const h = new HaHarness(homeAgentSettings([link]))
    h.bu({ sequence: 19429, linkLocalCompatibility: true })
    expect(formatBindingCache(h.ha.bindings(), h.now)).toBe(
      [
        'hoa 2001:db8:0:0:0:0:0:beef status dad',
        ' coa 2001:db8:1:0:205:5dff:fef2:db2b flags AHL-',
        ' local 2001:db8:0:0:0:0:0:0',
        ' lifetime - / 262140 seq 19429 unreach 0',
        '',
      ].join('\n'),
    )
    h.advance(1000 + 72_000)
    expect(formatBindingCache(h.ha.bindings(), h.now)).toContain(
      ' lifetime 262068 / 262140 seq 19429 unreach 0 mpa - / 0 retry 0\n',
    )
    expect(formatBindingCache(h.ha.bindings(), h.now, { unsolicitedMobilePrefixAdverts: false })).toContain(
      ' unreach 0\n',
    )
  })

  it('prints nothing for an empty cache, and addresses uncompressed', () => {
    expect(formatBindingCache([], 0)).toBe('')
    expect(formatAddressUncompressed(mustParse('fe80::202:6fff:fe06:bcf'))).toBe(
      'fe80:0:0:0:202:6fff:fe06:bcf',
    )
  })
})

describe('hal', () => {
  it('lists our own entry and those heard, by preference, as mip6d does', () => {
    const h = new HaHarness(homeAgentSettings([homeLink({ homeAgentPreference: 10 })]))
    h.input({
      kind: 'home-agent-heard',
      ifname: 'wlan0',
      linkLocal: mustParse('fe80::2'),
      addresses: [mustParse('2001:db8::2')],
      preference: 20,
      lifetimeS: 600,
    })
    expect(formatHomeAgentsList(h.ha.homeAgents(h.now))).toBe(
      [
        'wlan0 2001:db8:0:0:0:0:0:2',
        ' preference 20 lifetime 600',
        'wlan0 2001:db8:0:0:0:0:0:0',
        ' preference 10 lifetime 1800',
        '',
      ].join('\n'),
    )
  })
})
