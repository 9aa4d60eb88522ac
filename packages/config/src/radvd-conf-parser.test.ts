// radvd.conf import: every option and every block kind lands in the native schema.
import { formatAddress, formatPrefix, mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { PREFIX_DEFAULTS, RA_DEFAULTS } from './defaults'
import type { Diagnostic } from './diagnostic'
import { defaultRaConfig } from './draft'
import { INTERFACE_OPTIONS } from './options'
import { parseRadvdConf } from './radvd-conf-parser'
import { INFINITE_LIFETIME } from './schema'

function parse(body: string, name = 'eth0') {
  const r = parseRadvdConf(`interface ${name} {\n${body}\n};\n`, 'radvd.conf')
  return { ...r, ra: r.config.interfaces[0]!.ra, errors: r.diagnostics.filter((d) => d.severity === 'error') }
}

const messages = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.col}: ${d.severity}: ${d.message}`)

describe('radvd.conf parser: interface options', () => {
  // One radvd value per option, and what the schema holds for it.
  const cases: Array<[string, string, unknown]> = [
    ['IgnoreIfMissing', 'off', false],
    ['AdvSendAdvert', 'on', true],
    ['UnicastOnly', 'on', true],
    ['AdvRASolicitedUnicast', 'off', false],
    ['MaxRtrAdvInterval', '0.07', 0.07],
    ['MinRtrAdvInterval', '1', 1],
    ['MinDelayBetweenRAs', '0.03', 0.03],
    ['AdvManagedFlag', 'on', true],
    ['AdvOtherConfigFlag', 'on', true],
    ['AdvLinkMTU', '1400', 1400],
    ['AdvRAMTU', '1500', 1500],
    ['AdvReachableTime', '30000', 30000],
    ['AdvRetransTimer', '1000', 1000],
    ['AdvCurHopLimit', '32', 32],
    ['AdvDefaultLifetime', '90', 90],
    ['AdvDefaultPreference', 'high', 'high'],
    ['AdvSourceLLAddress', 'off', false],
    ['AdvHomeAgentFlag', 'on', true],
    ['AdvHomeAgentInfo', 'on', true],
    ['HomeAgentLifetime', '1200', 1200],
    ['HomeAgentPreference', '10', 10],
    ['AdvMobRtrSupportFlag', 'on', true],
    ['AdvIntervalOpt', 'on', true],
  ]

  it('covers every radvd interface option of the table', () => {
    const radvd = INTERFACE_OPTIONS.flatMap((o) => (o.radvd ? [o.radvd] : []))
    expect(cases.map(([k]) => k).sort()).toEqual(radvd.sort())
  })

  for (const [keyword, value, expected] of cases) {
    it(`reads ${keyword} ${value}`, () => {
      const { ra, diagnostics, sourceMap } = parse(`\t${keyword} ${value};`)
      const spec = INTERFACE_OPTIONS.find((o) => o.radvd === keyword)!
      expect(diagnostics).toEqual([])
      expect((ra as unknown as Record<string, unknown>)[spec.field]).toEqual(expected)
      expect(sourceMap.get(`interfaces[0].ra.${spec.field}`)).toMatchObject({
        file: 'radvd.conf',
        line: 2,
        col: keyword.length + 3,
        name: keyword,
        dialect: 'radvd',
      })
    })
  }

  it('gives an interface without options radvd defaults', () => {
    const { ra, diagnostics } = parse('')
    expect(diagnostics).toEqual([])
    expect(ra).toEqual(defaultRaConfig())
    expect(ra).toMatchObject({
      ...RA_DEFAULTS,
      minRtrAdvIntervalS: 198,
      advDefaultLifetimeS: 1800,
      homeAgentLifetimeS: 1800,
    })
  })

  it('derives MinRtrAdvInterval, AdvDefaultLifetime and HomeAgentLifetime from the final values', () => {
    const { ra } = parse('\tAdvDefaultLifetime 40;\n\tMaxRtrAdvInterval 10;')
    expect(ra.minRtrAdvIntervalS).toBeCloseTo(3.3)
    expect(ra.advDefaultLifetimeS).toBe(40)
    expect(ra.homeAgentLifetimeS).toBe(40)
  })

  it('reads negative preferences the way radvd puts them in the Prf bits', () => {
    expect(parse('\tAdvDefaultPreference -1;').ra.advDefaultPreference).toBe('low')
    expect(parse('\tAdvDefaultPreference -0;').ra.advDefaultPreference).toBe('medium')
    expect(parse('\tAdvDefaultPreference -3;').ra.advDefaultPreference).toBe('high')
    expect(messages(parse('\tAdvDefaultPreference -2;').errors)).toEqual([
      '2:23: error: AdvDefaultPreference -2 puts the reserved value 10 in the Prf field, which RFC 4191 §2.2 forbids sending',
    ])
  })

  it('reads HomeAgentPreference 32768..65535 as the negative number radvd sends', () => {
    expect(parse('\tHomeAgentPreference 65535;').ra.homeAgentPreference).toBe(-1)
    expect(parse('\tHomeAgentPreference 32768;').ra.homeAgentPreference).toBe(-32768)
    expect(parse('\tHomeAgentPreference 32767;').ra.homeAgentPreference).toBe(32767)
  })

  it('holds AdvRAMTU to 1280..131072 as radvd does, with a warning', () => {
    const low = parse('\tAdvRAMTU 100;')
    expect(low.ra.advRaMtu).toBe(1280)
    expect(messages(low.diagnostics)).toEqual(['2:11: warning: radvd changes AdvRAMTU 100 to 1280'])
    expect(parse('\tAdvRAMTU 200000;').ra.advRaMtu).toBe(131072)
  })

  it('warns when a setting is given twice and keeps the last value', () => {
    const r = parse('\tAdvSendAdvert on;\n\tAdvSendAdvert off;')
    expect(r.ra.advSendAdvert).toBe(false)
    expect(messages(r.diagnostics)).toEqual([
      '3:2: warning: AdvSendAdvert is set again (first at 2:16); the last value counts',
    ])
  })

  it('reads the interface name, quoted or not', () => {
    expect(parse('', 'eth0.100').config.interfaces[0]!.name).toBe('eth0.100')
    expect(parse('', 'eth0#lab').config.interfaces[0]!.name).toBe('eth0#lab')
    const quoted = parse('', '"wlan 0"')
    expect(quoted.config.interfaces[0]!.name).toBe('wlan 0')
    expect(messages(quoted.diagnostics)).toEqual([
      '1:11: warning: radvd 2.19 keeps the quotes and would look for an interface named "wlan 0"',
    ])
  })

  it('reads several interfaces in order', () => {
    const r = parseRadvdConf('interface a {};\ninterface b { AdvSendAdvert on; };', 'x')
    expect(r.config.interfaces.map((i) => [i.name, i.ra.advSendAdvert])).toEqual([
      ['a', false],
      ['b', true],
    ])
    expect(r.sourceMap.get('interfaces[1]')).toMatchObject({ line: 2, col: 1 })
  })
})

describe('radvd.conf parser: blocks', () => {
  it('reads a prefix with every option', () => {
    const { ra, diagnostics, sourceMap } = parse(`\tprefix 2001:db8::1/64 {
\t\tAdvOnLink off; AdvAutonomous off; AdvRouterAddr on;
\t\tAdvValidLifetime infinity; AdvPreferredLifetime 604800;
\t\tDeprecatePrefix on; DecrementLifetimes on;
\t\tBase6Interface eth1; Base6to4Interface ppp0;
\t};`)
    expect(diagnostics).toEqual([])
    const p = ra.prefixes[0]!
    expect(formatPrefix(p.prefix)).toBe('2001:db8::1/64')
    expect(p).toMatchObject({
      advOnLink: false,
      advAutonomous: false,
      advRouterAddr: true,
      advValidLifetimeS: INFINITE_LIFETIME,
      advPreferredLifetimeS: 604800,
      deprecatePrefix: true,
      decrementLifetimes: true,
      base6Interface: 'eth1',
      base6to4Interface: 'ppp0',
    })
    expect(sourceMap.get('interfaces[0].ra.prefixes[0]')).toMatchObject({ line: 2, col: 2, name: 'prefix' })
    expect(sourceMap.get('interfaces[0].ra.prefixes[0].prefix')).toMatchObject({ line: 2, col: 9 })
  })

  it('reads "prefix X/N;" and "prefix X/N {};" with the prefix defaults', () => {
    const { ra, diagnostics } = parse('\tprefix 2001:db8::/64;\n\tprefix 2001:db8:1::/64 {};')
    expect(diagnostics).toEqual([])
    expect(ra.prefixes.map((p) => ({ ...p, prefix: formatPrefix(p.prefix) }))).toEqual([
      { prefix: '2001:db8::/64', ...PREFIX_DEFAULTS },
      { prefix: '2001:db8:1::/64', ...PREFIX_DEFAULTS },
    ])
  })

  it('reads a route with every option', () => {
    const { ra, diagnostics } = parse(
      '\troute 2001:db8:f00::/48 { AdvRoutePreference low; AdvRouteLifetime infinity; RemoveRoute off; };',
    )
    expect(diagnostics).toEqual([])
    expect(ra.routes[0]).toMatchObject({
      advRoutePreference: 'low',
      advRouteLifetimeS: INFINITE_LIFETIME,
      removeRoute: false,
    })
    expect(formatPrefix(ra.routes[0]!.prefix)).toBe('2001:db8:f00::/48')
  })

  it('gives routes, RDNSS and DNSSL the lifetimes of the MaxRtrAdvInterval set before them, as radvd does', () => {
    const { ra } = parse(`\troute ::/0 {};\n\tRDNSS 2001:db8::53 {};\n\tDNSSL a.example {};
\tMaxRtrAdvInterval 10;
\troute 2001:db8::/48 {};\n\tRDNSS 2001:db8::54 {};\n\tDNSSL b.example {};`)
    expect(ra.routes.map((r) => r.advRouteLifetimeS)).toEqual([1800, 30])
    expect(ra.rdnss.map((r) => r.advRdnssLifetimeS)).toEqual([600, 10])
    expect(ra.dnssl.map((d) => d.advDnsslLifetimeS)).toEqual([600, 10])
  })

  it('reads an RDNSS line with several addresses and every option', () => {
    const { ra, diagnostics } = parse(
      '\tRDNSS 2001:db8::1 2001:db8::2 2001:db8::3 { AdvRDNSSLifetime 1200; FlushRDNSS off; };',
    )
    expect(diagnostics).toEqual([])
    expect(ra.rdnss[0]!.addresses.map(formatAddress)).toEqual(['2001:db8::1', '2001:db8::2', '2001:db8::3'])
    expect(ra.rdnss[0]).toMatchObject({ advRdnssLifetimeS: 1200, flushRdnss: false })
  })

  it('accepts and ignores the obsolete RDNSS preference and open flag', () => {
    const { ra, diagnostics } = parse('\tRDNSS 2001:db8::1 { AdvRDNSSPreference 8; AdvRDNSSOpen on; };')
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning'])
    expect(Object.keys(ra.rdnss[0]!).sort()).toEqual(['addresses', 'advRdnssLifetimeS', 'flushRdnss'])
  })

  it('refuses a fourth address on one RDNSS line, as radvd 2.19 does', () => {
    const { errors } = parse('\tRDNSS 2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 {};')
    expect(messages(errors)).toEqual([
      '2:44: error: radvd takes at most 3 addresses per RDNSS block; start another "RDNSS ... { };" for the rest',
    ])
  })

  it('reads a DNSSL line with several suffixes and every option', () => {
    const { ra, diagnostics } = parse(
      '\tDNSSL example.org lab.example.org a-b.example { AdvDNSSLLifetime 1200; FlushDNSSL off; };',
    )
    expect(diagnostics).toEqual([])
    expect(ra.dnssl[0]).toEqual({
      suffixes: ['example.org', 'lab.example.org', 'a-b.example'],
      advDnsslLifetimeS: 1200,
      flushDnssl: false,
    })
  })

  it('replaces a DNSSL lifetime below MaxRtrAdvInterval with it, as radvd 2.19 does', () => {
    const { ra, diagnostics } = parse('\tMaxRtrAdvInterval 10;\n\tDNSSL example.org { AdvDNSSLLifetime 4; };')
    expect(ra.dnssl[0]!.advDnsslLifetimeS).toBe(10)
    expect(messages(diagnostics)).toEqual([
      '3:39: warning: radvd 2.19 replaces AdvDNSSLLifetime 4, below MaxRtrAdvInterval, with 10',
    ])
  })

  it('reads clients and AdvRASrcAddress lists, over several blocks', () => {
    const { ra, diagnostics, sourceMap } = parse(
      '\tclients { fe80::1; fe80::2; };\n\tclients { fe80::3; };\n\tAdvRASrcAddress { fe80::a; };',
    )
    expect(diagnostics).toEqual([])
    expect(ra.clients.map(formatAddress)).toEqual(['fe80::1', 'fe80::2', 'fe80::3'])
    expect(ra.advRaSrcAddresses.map(formatAddress)).toEqual(['fe80::a'])
    expect(sourceMap.get('interfaces[0].ra.clients[2]')).toMatchObject({ line: 3, col: 12 })
  })

  it('reads abro blocks, ignoring a prefix length with a warning', () => {
    const { ra, diagnostics } = parse(
      '\tabro fe80::a200:0:0:1 { AdvVersionLow 10; AdvVersionHigh 2; AdvValidLifeTime 2; };\n\tabro fe80::2/64 {};',
    )
    expect(messages(diagnostics)).toEqual([
      '3:15: warning: abro takes an address, not a prefix: radvd ignores "/64" (remove it)',
    ])
    expect(ra.abro.map((a) => ({ ...a, address: formatAddress(a.address) }))).toEqual([
      { address: 'fe80::a200:0:0:1', advVersionLow: 10, advVersionHigh: 2, advValidLifetimeMin: 2 },
      { address: 'fe80::2', advVersionLow: 0, advVersionHigh: 0, advValidLifetimeMin: 0 },
    ])
  })

  it('reads lowpanco blocks', () => {
    const { ra, diagnostics } = parse(
      '\tlowpanco { AdvContextLength 64; AdvContextCompressionFlag on; AdvContextID 1; AdvLifeTime 100; };',
    )
    expect(diagnostics).toEqual([])
    expect(ra.lowpanco).toEqual([
      { advContextLength: 64, advContextCompressionFlag: true, advContextId: 1, advLifetimeMin: 100 },
    ])
  })

  it('keeps every kind of block in the order written', () => {
    const { ra } = parse('\tprefix 2001:db8:2::/64;\n\tprefix 2001:db8:1::/64;')
    expect(ra.prefixes.map((p) => formatAddress(p.prefix.address))).toEqual(['2001:db8:2::', '2001:db8:1::'])
    expect(mustParse('2001:db8:2::')).toEqual(ra.prefixes[0]!.prefix.address)
  })
})
