import { describe, expect, it } from 'vitest'
import { addressText, bindingJson, eventBody, redactMac } from './payloads'
import { topicMatches, topicTree } from './topics'

describe('payloads', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0001:0000:0000:0000:0000:0100', '2001:db8:1::100'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8::0:1', '2001:db8::1'],
  ])('writes the home address %s as %s (RFC 5952), so one binding has one topic', (input, text) => {
    expect(addressText(input)).toBe(text)
    expect(topicTree('mip6', 'denali').binding(addressText(input))).toBe(`mip6/denali/bindings/${text}`)
  })

  it('takes addresses as bytes too, and refuses text that is no address', () => {
    const bytes = new Uint8Array(16)
    bytes[0] = 0x20
    bytes[1] = 0x01
    bytes[15] = 1
    expect(addressText(bytes)).toBe('2001::1')
    expect(() => addressText('2001:db8::g')).toThrow(RangeError)
  })

  it('gives a binding its lifetime left and wall-clock times', () => {
    const j = bindingJson(
      {
        homeAddress: '2001:db8:1::100',
        careOfAddress: '2001:db8:2::1',
        sequence: 9,
        flags: {
          acknowledge: true,
          homeRegistration: true,
          linkLocalCompatibility: false,
          keyManagementCompatibility: true,
        },
        grantedLifetimeS: 420,
        expiresAt: 10_000 + 300_400,
        registeredAtWallMs: Date.UTC(2026, 4, 1),
      },
      10_000,
      Date.UTC(2026, 4, 1, 0, 2),
    )
    expect(j).toEqual({
      homeAddress: '2001:db8:1::100',
      careOfAddress: '2001:db8:2::1',
      sequence: 9,
      flags: {
        acknowledge: true,
        homeRegistration: true,
        linkLocalCompatibility: false,
        keyManagementCompatibility: true,
      },
      lifetimeS: 420,
      lifetimeLeftS: 300,
      expiresAt: '2026-05-01T00:07:00.400Z',
      registeredAt: '2026-05-01T00:00:00.000Z',
      updatedAt: '2026-05-01T00:02:00.000Z',
    })
  })

  it('redacts station MACs to the last two octets when asked', () => {
    expect(redactMac('02:AA:bb:cc:DD:ee')).toBe('xx:xx:xx:xx:dd:ee')
    expect(redactMac('nonsense')).toBe('xx:xx:xx:xx:xx:xx')
    expect(
      eventBody({ kind: 'station-leave', ifname: 'wlan0', mac: '02:AA:bb:cc:DD:ee' }, false),
    ).toMatchObject({
      mac: '02:aa:bb:cc:dd:ee',
    })
    expect(
      eventBody({ kind: 'station-leave', ifname: 'wlan0', mac: '02:AA:bb:cc:DD:ee' }, true),
    ).toMatchObject({
      mac: 'xx:xx:xx:xx:dd:ee',
    })
  })
})

describe('topics', () => {
  it('puts everything under <prefix>/<id>/', () => {
    const t = topicTree('lab/mip6', 'denali')
    expect([
      t.status,
      t.info,
      t.events,
      t.stats,
      t.health('home-agent'),
      t.stations('wlan1'),
      t.command('reload-config'),
    ]).toEqual([
      'lab/mip6/denali/status',
      'lab/mip6/denali/info',
      'lab/mip6/denali/events',
      'lab/mip6/denali/stats',
      'lab/mip6/denali/health/home-agent',
      'lab/mip6/denali/stations/wlan1',
      'lab/mip6/denali/cmd/reload-config',
    ])
    expect(() => t.stations('wlan#')).toThrow(RangeError)
  })

  it('matches filters as MQTT does (3.1.1 §4.7.1)', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true)
    expect(topicMatches('a/+', 'a/b/c')).toBe(false)
    expect(topicMatches('a/#', 'a/b/c')).toBe(true)
    expect(topicMatches('a/+/+/config', 'a/x/y/config')).toBe(true)
    expect(topicMatches('a/b', 'a/b/c')).toBe(false)
  })
})
