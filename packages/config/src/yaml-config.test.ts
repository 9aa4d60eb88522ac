// The native YAML format: keys, values, and every error at FILE:LINE:COL.
import { formatAddress, formatPrefix } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { defaultRaConfig, defaultRouterConfig } from './draft'
import { INTERFACE_OPTIONS } from './options'
import { INFINITE_LIFETIME } from './schema'
import { decodeYamlConfig } from './yaml-config'

const decode = (text: string) => decodeYamlConfig(text, 'config.yaml')
const errors = (text: string) => decode(text).diagnostics.map(formatDiagnostic)
const ra = (body: string) => `interfaces:\n  eth0:\n    ra:\n${body.replace(/^/gm, '      ')}\n`

describe('YAML config: values', () => {
  it('reads an empty file as the defaults', () => {
    expect(decode('')).toMatchObject({ config: defaultRouterConfig(), diagnostics: [] })
    expect(decode('# nothing yet\n').config).toEqual(defaultRouterConfig())
  })

  it('reads the router section', () => {
    const r = decode(
      'router:\n  id: denali\n  stateDir: /srv/state\n  dataplane: userspace\n  logLevel: debug\n',
    )
    expect(r.diagnostics).toEqual([])
    expect(r.config!.router).toEqual({
      id: 'denali',
      stateDir: '/srv/state',
      dataplane: 'userspace',
      logLevel: 'debug',
    })
  })

  it('names every interface option after radvd, in lowerCamelCase', () => {
    for (const o of INTERFACE_OPTIONS) {
      if (o.radvd) expect(o.yaml).toBe(o.radvd[0]!.toLowerCase() + o.radvd.slice(1))
    }
  })

  it('reads every interface option', () => {
    const sample = { switch: true, uint32: 1300, seconds: 0.5, preference: 'low', signed16: -5 } as const
    const body = INTERFACE_OPTIONS.map((o) => `${o.yaml}: ${sample[o.kind as keyof typeof sample]}`).join(
      '\n',
    )
    const r = decode(ra(body))
    expect(r.diagnostics).toEqual([])
    const got = r.config!.interfaces[0]!.ra as unknown as Record<string, unknown>
    for (const o of INTERFACE_OPTIONS)
      expect(got[o.field], o.field).toEqual(sample[o.kind as keyof typeof sample])
  })

  it('gives an interface without settings the radvd defaults', () => {
    expect(decode('interfaces:\n  eth0:\n').config!.interfaces).toEqual([
      { name: 'eth0', ra: defaultRaConfig() },
    ])
  })

  it('accepts on/off for booleans, as radvd users write them', () => {
    const r = decode(ra('advSendAdvert: on\nadvManagedFlag: off'))
    expect(r.config!.interfaces[0]!.ra).toMatchObject({ advSendAdvert: true, advManagedFlag: false })
  })

  it('reads every block kind', () => {
    const r = decode(
      ra(`maxRtrAdvInterval: 10
prefixes:
  - prefix: 2001:db8::/64
    advValidLifetime: infinity
    advPreferredLifetime: .inf
    base6to4Interface: ppp0
routes:
  - prefix: ::/0
    advRoutePreference: high
rdnss:
  - addresses: [2001:db8::53, 2001:db8::54]
    advRDNSSLifetime: 30
  - addresses: 2001:db8::55
dnssl:
  - suffixes: [example.org, lab.example.org]
    flushDNSSL: false
clients: [fe80::1, fe80::2]
advRASrcAddress: [fe80::a]
abro:
  - address: fe80::1
    advValidLifeTime: 60
lowpanco:
  - advContextLength: 64
    advContextID: 3`),
    )
    expect(r.diagnostics).toEqual([])
    const x = r.config!.interfaces[0]!.ra
    expect(formatPrefix(x.prefixes[0]!.prefix)).toBe('2001:db8::/64')
    expect(x.prefixes[0]).toMatchObject({
      advValidLifetimeS: INFINITE_LIFETIME,
      advPreferredLifetimeS: INFINITE_LIFETIME,
      base6to4Interface: 'ppp0',
    })
    expect(x.routes[0]).toMatchObject({ advRoutePreference: 'high', advRouteLifetimeS: 30 })
    expect(x.rdnss.map((d) => [d.addresses.map(formatAddress), d.advRdnssLifetimeS])).toEqual([
      [['2001:db8::53', '2001:db8::54'], 30],
      [['2001:db8::55'], 10],
    ])
    expect(x.dnssl).toEqual([
      { suffixes: ['example.org', 'lab.example.org'], advDnsslLifetimeS: 10, flushDnssl: false },
    ])
    expect(x.clients.map(formatAddress)).toEqual(['fe80::1', 'fe80::2'])
    expect(x.advRaSrcAddresses.map(formatAddress)).toEqual(['fe80::a'])
    expect(x.abro[0]).toMatchObject({ advValidLifetimeMin: 60 })
    expect(x.lowpanco[0]).toMatchObject({ advContextLength: 64, advContextId: 3 })
  })

  it('derives block lifetimes from the final MaxRtrAdvInterval, wherever it is written', () => {
    const r = decode(ra('routes: [{ prefix: 2001:db8::/48 }]\nmaxRtrAdvInterval: 20'))
    expect(r.config!.interfaces[0]!.ra.routes[0]!.advRouteLifetimeS).toBe(60)
  })

  it('maps each setting to the line and column of its value', () => {
    const r = decode(ra('advSendAdvert: true\nprefixes:\n  - prefix: 2001:db8::/64\n    advOnLink: false'))
    expect(r.sourceMap.get('interfaces[0]')).toMatchObject({ line: 2, col: 3, name: 'eth0', dialect: 'yaml' })
    expect(r.sourceMap.get('interfaces[0].ra')).toMatchObject({ line: 3, col: 5 })
    expect(r.sourceMap.get('interfaces[0].ra.advSendAdvert')).toMatchObject({
      line: 4,
      col: 22,
      name: 'advSendAdvert',
    })
    expect(r.sourceMap.get('interfaces[0].ra.prefixes[0]')).toMatchObject({ line: 6, col: 11 })
    expect(r.sourceMap.get('interfaces[0].ra.prefixes[0].prefix')).toMatchObject({ line: 6, col: 19 })
    expect(r.sourceMap.get('interfaces[0].ra.prefixes[0].advOnLink')).toMatchObject({ line: 7, col: 22 })
  })
})

describe('YAML config: errors', () => {
  it('reports YAML syntax errors with their line and column', () => {
    const r = decode('router:\n  id: [denali\n')
    expect(r.config).toBeUndefined()
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 'config.yaml', line: 3 })
  })

  it('reports a key given twice', () => {
    expect(errors('router:\n  id: a\n  id: b\n')[0]).toMatch(
      /^config\.yaml:3:3: error: YAML: Map keys must be unique/,
    )
  })

  it('reports unknown keys with the key meant', () => {
    expect(errors(ra('advSendAdvrt: true\nAdvIntervalOpt: true'))).toEqual([
      'config.yaml:4:7: error: unknown key "advSendAdvrt" in ra of interface eth0; did you mean advSendAdvert? (setting advSendAdvrt)',
      'config.yaml:5:7: error: unknown key "AdvIntervalOpt" in ra of interface eth0; keys are radvd\'s names in lowerCamelCase: advIntervalOpt (setting AdvIntervalOpt)',
    ])
    expect(errors('routers: {}\n')).toEqual([
      'config.yaml:1:1: error: unknown key "routers" in the config; did you mean router? (setting routers)',
    ])
  })

  it('reports values of the wrong type', () => {
    expect(
      errors(
        ra(
          'advSendAdvert: yes\nadvLinkMTU: 1280.5\nmaxRtrAdvInterval: "10"\nadvCurHopLimit: -1\nadvDefaultPreference: 1',
        ),
      ),
    ).toEqual([
      'config.yaml:4:22: error: advSendAdvert takes true or false, not "yes" (setting advSendAdvert, value yes)',
      'config.yaml:5:19: error: advLinkMTU takes a whole number 0..4294967295, not 1280.5 (setting advLinkMTU, value 1280.5)',
      'config.yaml:6:26: error: maxRtrAdvInterval takes a number of seconds (fractions allowed), not "10" (setting maxRtrAdvInterval, value 10)',
      'config.yaml:7:23: error: advCurHopLimit takes a whole number 0..4294967295, not -1 (setting advCurHopLimit, value -1)',
      'config.yaml:8:29: error: advDefaultPreference takes low, medium or high, not 1 (setting advDefaultPreference, value 1)',
    ])
  })

  it('reports a setting without a value at its key', () => {
    expect(errors(ra('advSendAdvert:'))).toEqual([
      'config.yaml:4:21: error: advSendAdvert takes true or false, not nothing (setting advSendAdvert)',
    ])
  })

  it('reports bad addresses and prefixes', () => {
    expect(
      errors(
        ra(
          'prefixes:\n  - prefix: 2001:db8::1\nclients: [fe80::1::2]\nrdnss:\n  - addresses: [2001:db8:::53]',
        ),
      ),
    ).toEqual([
      'config.yaml:5:19: error: prefix: bad IPv6 prefix "2001:db8::1": missing "/length" (setting prefix, value 2001:db8::1)',
      'config.yaml:6:17: error: clients: bad IPv6 address "fe80::1::2": more than one "::" (setting clients, value fe80::1::2)',
      'config.yaml:8:23: error: addresses: bad IPv6 address "2001:db8:::53": bad group "" (setting addresses, value 2001:db8:::53)',
    ])
  })

  it('explains that YAML needs quotes around addresses ending in "::"', () => {
    expect(errors(ra('clients: [2001:db8::]'))).toEqual([
      'config.yaml:4:17: error: clients: quote IPv6 addresses that end in "::" in YAML, e.g. "2001:db8::" (setting clients)',
    ])
    expect(errors(ra('prefixes:\n  - prefix: 2001:db8::\n'))[0]).toMatch(
      /quote IPv6 addresses that end in "::"/,
    )
    expect(decode(ra('clients: ["2001:db8::"]')).diagnostics).toEqual([])
  })

  it('reports a block entry that lacks its main key', () => {
    expect(errors(ra('routes:\n  - advRoutePreference: high'))).toEqual([
      'config.yaml:5:11: error: a routes entry needs "prefix", e.g. "- prefix: 2001:db8::/64"',
    ])
  })

  it('reports interfaces written as a list', () => {
    expect(errors('interfaces:\n  - name: wlan0\n')).toEqual([
      'config.yaml:2:3: error: interfaces maps each interface name to its settings, e.g. "interfaces: { wlan0: { ra: { ... } } }"',
    ])
  })

  it('reports a bad router setting', () => {
    expect(errors('router:\n  dataplane: dpdk\n  stateDir: 5\n')).toEqual([
      'config.yaml:2:14: error: dataplane must be one of auto, kernel, userspace, not "dpdk" (setting dataplane, value dpdk, allowed auto, kernel, userspace)',
      'config.yaml:3:13: error: stateDir takes a string, not 5 (setting stateDir, value 5)',
    ])
  })

  it('reports many errors of one file at once', () => {
    const r = decode(
      ra(
        'advSendAdvert: maybe\nfoo: 1\nprefixes:\n  - prefix: nope\n  - prefix: 2001:db8::/64\n    advOnLink: 3',
      ),
    )
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['4:22', '5:7', '7:19', '9:22'])
  })
})
