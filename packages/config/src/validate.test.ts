// validate(): each rule, its message, and the position it names in either file format.
import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { type Diagnostic, formatDiagnostic } from './diagnostic'
import { defaultRaConfig, defaultRouterConfig, newPrefix, newRoute } from './draft'
import { loadConfig } from './load'
import type { RaInterfaceConfig, RouterConfig } from './schema'
import { usesMobileIpv6, validate } from './validate'

/** Diagnostics of a radvd.conf interface body. */
function radvd(body: string): string[] {
  const r = loadConfig({ radvdConf: { file: 'radvd.conf', text: `interface eth0 {\n${body}\n};\n` } })
  return r.diagnostics.map(formatDiagnostic)
}

/** Diagnostics of a YAML `ra` body. */
function yaml(body: string): string[] {
  const text = `interfaces:\n  eth0:\n    ra:\n${body.replace(/^/gm, '      ')}\n`
  return loadConfig({ config: { file: 'config.yaml', text } }).diagnostics.map(formatDiagnostic)
}

/** Diagnostics of a config built in code (no source map). */
function built(ra: Partial<RaInterfaceConfig>, name = 'eth0'): Diagnostic[] {
  const config: RouterConfig = {
    ...defaultRouterConfig(),
    router: { stateDir: '/x', dataplane: 'auto', logLevel: 'info' },
    interfaces: [{ name, ra: { ...defaultRaConfig(), ...ra } }],
  }
  return validate(config)
}

describe('validate: RA intervals (RFC 4861 §6.2.1, RFC 6275 §7.5)', () => {
  it('accepts the defaults', () => {
    expect(built({})).toEqual([])
  })

  it('refuses MinRtrAdvInterval below 3 s and names the settings that allow less', () => {
    expect(radvd('\tMaxRtrAdvInterval 10;\n\tMinRtrAdvInterval 1;')).toEqual([
      'radvd.conf:3:20: error: MinRtrAdvInterval 1 s on eth0 is below 3 s; Mobile IPv6 allows down to 0.03 s when AdvIntervalOpt, AdvHomeAgentFlag or AdvHomeAgentInfo is on, or a prefix has AdvRouterAddr on (setting MinRtrAdvInterval, value 1, allowed 3..7.5)',
    ])
    expect(yaml('maxRtrAdvInterval: 10\nminRtrAdvInterval: 1')).toEqual([
      'config.yaml:5:26: error: minRtrAdvInterval 1 s on eth0 is below 3 s; Mobile IPv6 allows down to 0.03 s when advIntervalOpt, advHomeAgentFlag or advHomeAgentInfo is on, or a prefix has advRouterAddr on (setting minRtrAdvInterval, value 1, allowed 3..7.5)',
    ])
  })

  it('lowers the minimums when AdvIntervalOpt, AdvHomeAgentFlag, AdvHomeAgentInfo or a prefix AdvRouterAddr is on', () => {
    const fast = '\tMaxRtrAdvInterval 0.07;\n\tMinRtrAdvInterval 0.03;\n\tMinDelayBetweenRAs 0.03;'
    for (const mipv6 of [
      'AdvIntervalOpt on;',
      'AdvHomeAgentFlag on;',
      'AdvHomeAgentFlag on; AdvHomeAgentInfo on;',
      'prefix 2001:db8::1/64 { AdvRouterAddr on; };',
    ]) {
      expect(radvd(`${fast}\n\t${mipv6}\n\tAdvDefaultLifetime 1800;`), mipv6).toEqual([])
    }
  })

  it('does not lower them for AdvMobRtrSupportFlag, as radvd does not', () => {
    const ra = { ...defaultRaConfig(), advMobRtrSupportFlag: true }
    expect(usesMobileIpv6(ra)).toBe(false)
  })

  it('refuses values under the Mobile IPv6 minimums', () => {
    expect(
      radvd(
        '\tAdvIntervalOpt on;\n\tMaxRtrAdvInterval 0.05;\n\tMinRtrAdvInterval 0.02;\n\tMinDelayBetweenRAs 0.02;',
      ),
    ).toEqual([
      'radvd.conf:3:20: error: MaxRtrAdvInterval 0.05 s on eth0 is below 0.07 s, the Mobile IPv6 minimum (RFC 6275 §7.5) (setting MaxRtrAdvInterval, value 0.05, allowed 0.07..1800)',
      'radvd.conf:4:20: error: MinRtrAdvInterval 0.02 s on eth0 is below 0.03 s, the Mobile IPv6 minimum (RFC 6275 §7.5) (setting MinRtrAdvInterval, value 0.02, allowed 0.03..0.038)',
      'radvd.conf:5:21: error: MinDelayBetweenRAs 0.02 s on eth0 is below 0.03 s (setting MinDelayBetweenRAs, value 0.02, allowed 0.03..)',
    ])
  })

  it('refuses MaxRtrAdvInterval outside 4..1800 s', () => {
    expect(radvd('\tMaxRtrAdvInterval 1801;')).toEqual([
      'radvd.conf:2:20: error: MaxRtrAdvInterval 1801 s on eth0 is above 1800 s (RFC 4861 §6.2.1) (setting MaxRtrAdvInterval, value 1801, allowed 4..1800)',
    ])
    expect(radvd('\tMaxRtrAdvInterval 0.05;\n\tMinRtrAdvInterval 3;')[0]).toBe(
      'radvd.conf:2:20: error: MaxRtrAdvInterval 0.05 s on eth0 is below 4 s (setting MaxRtrAdvInterval, value 0.05, allowed 4..1800)',
    )
  })

  it('refuses MinRtrAdvInterval above 3/4 of MaxRtrAdvInterval', () => {
    expect(radvd('\tMaxRtrAdvInterval 10;\n\tMinRtrAdvInterval 8;')).toEqual([
      'radvd.conf:3:20: error: MinRtrAdvInterval 8 s on eth0 is more than 3/4 of MaxRtrAdvInterval (7.5 s) (setting MinRtrAdvInterval, value 8, allowed 3..7.5)',
    ])
  })

  it('explains a defaulted MinRtrAdvInterval that is too short, at the interface', () => {
    expect(radvd('\tMaxRtrAdvInterval 5;')).toEqual([
      'radvd.conf:1:1: error: MinRtrAdvInterval on eth0 defaults to 0.33 × MaxRtrAdvInterval = 1.65 s, which is below 3 s; Mobile IPv6 allows down to 0.03 s when AdvIntervalOpt, AdvHomeAgentFlag or AdvHomeAgentInfo is on, or a prefix has AdvRouterAddr on (setting MinRtrAdvInterval, value 1.65, allowed 3..3.75)',
    ])
  })

  it('refuses MinDelayBetweenRAs below 3 s without Mobile IPv6', () => {
    expect(yaml('minDelayBetweenRAs: 1')).toEqual([
      'config.yaml:4:27: error: minDelayBetweenRAs 1 s on eth0 is below 3 s; Mobile IPv6 allows down to 0.03 s when advIntervalOpt, advHomeAgentFlag or advHomeAgentInfo is on, or a prefix has advRouterAddr on (setting minDelayBetweenRAs, value 1, allowed 3..)',
    ])
  })

  it('warns when the default MinDelayBetweenRAs makes solicited RAs slower than unsolicited ones', () => {
    expect(
      radvd(
        '\tAdvSendAdvert on;\n\tAdvIntervalOpt on;\n\tMaxRtrAdvInterval 0.07;\n\tMinRtrAdvInterval 0.03;\n\tAdvDefaultLifetime 1;',
      ),
    ).toEqual([
      'radvd.conf:1:1: warning: MinDelayBetweenRAs on eth0 is the default 3 s, longer than MaxRtrAdvInterval (0.07 s): a Router Solicitation is answered at most every 3 s while unsolicited RAs come every 0.03..0.07 s, so a mobile node gains nothing by soliciting; set it to 0.03 or less (setting MinDelayBetweenRAs, value 3, allowed 0.03..0.07)',
    ])
  })

  it('does not warn about MinDelayBetweenRAs on an interface that sends no RAs', () => {
    expect(
      built({ advIntervalOpt: true, maxRtrAdvIntervalS: 1, minRtrAdvIntervalS: 0.5, minDelayBetweenRasS: 3 }),
    ).toEqual([])
  })
})

describe('validate: RA header and options', () => {
  it('refuses AdvLinkMTU below 1280 other than 0', () => {
    expect(radvd('\tAdvLinkMTU 1279;')).toEqual([
      'radvd.conf:2:13: error: AdvLinkMTU 1279 on eth0 is below the IPv6 minimum MTU of 1280; use 0 to send no MTU option (setting AdvLinkMTU, value 1279, allowed 0 or 1280..link MTU)',
    ])
    expect(built({ advLinkMtu: 0 })).toEqual([])
    expect(built({ advLinkMtu: 1280 })).toEqual([])
  })

  it('refuses AdvRAMTU outside 1280..131072', () => {
    expect(yaml('advRAMTU: 1000').map((d) => d.replace(/ \(.*/, ''))).toEqual([
      'config.yaml:4:17: error: advRAMTU 1000 on eth0 is outside 1280..131072',
    ])
  })

  it('refuses AdvReachableTime over an hour', () => {
    expect(radvd('\tAdvReachableTime 3600001;')).toEqual([
      'radvd.conf:2:19: error: AdvReachableTime 3600001 ms on eth0 is more than one hour (setting AdvReachableTime, value 3600001, allowed 0..3600000)',
    ])
  })

  it('refuses AdvCurHopLimit over 255', () => {
    expect(radvd('\tAdvCurHopLimit 256;')).toEqual([
      'radvd.conf:2:17: error: AdvCurHopLimit 256 on eth0 does not fit the 8-bit Cur Hop Limit field (setting AdvCurHopLimit, value 256, allowed 0..255)',
    ])
  })

  it('refuses AdvDefaultLifetime other than 0 or MaxRtrAdvInterval..9000', () => {
    expect(radvd('\tMaxRtrAdvInterval 10;\n\tAdvDefaultLifetime 9;')).toEqual([
      'radvd.conf:3:21: error: AdvDefaultLifetime 9 s on eth0 is shorter than MaxRtrAdvInterval (10 s); 0 means "not a default router" (setting AdvDefaultLifetime, value 9, allowed 0 or 10..9000)',
    ])
    expect(radvd('\tAdvDefaultLifetime 9001;')[0]).toMatch(/is above 9000 s;.*allowed 0 or 600\.\.9000\)$/)
    expect(built({ advDefaultLifetimeS: 0 })).toEqual([])
  })

  it('explains a defaulted AdvDefaultLifetime out of range, at the interface', () => {
    expect(radvd('\tMaxRtrAdvInterval 3100;\n\tMinRtrAdvInterval 1000;').slice(0, 1)).toEqual([
      'radvd.conf:1:1: error: AdvDefaultLifetime on eth0 defaults to 3 × MaxRtrAdvInterval = 9300 s, which is above 9000 s; 0 means "not a default router" (setting AdvDefaultLifetime, value 9300, allowed 0 or 3100..9000)',
    ])
  })
})

describe('validate: Mobile IPv6 home agent settings (RFC 6275 §7.4)', () => {
  const ha = '\tAdvHomeAgentFlag on;\n\tAdvHomeAgentInfo on;'

  it('refuses HomeAgentLifetime 0 and above 65520', () => {
    expect(radvd(`${ha}\n\tHomeAgentLifetime 0;`)).toEqual([
      'radvd.conf:4:20: error: HomeAgentLifetime 0 s on eth0 is out of range: RFC 6275 §7.4 forbids 0 (setting HomeAgentLifetime, value 0, allowed 1..65520)',
    ])
    expect(radvd(`${ha}\n\tHomeAgentLifetime 65521;`)).toEqual([
      'radvd.conf:4:20: error: HomeAgentLifetime 65521 s on eth0 is out of range: the maximum is 18.2 hours (setting HomeAgentLifetime, value 65521, allowed 1..65520)',
    ])
  })

  it('explains a HomeAgentLifetime that defaults to a router lifetime of 0', () => {
    expect(radvd(`${ha}\n\tAdvDefaultLifetime 0;`)).toEqual([
      'radvd.conf:1:1: error: HomeAgentLifetime on eth0 defaults to AdvDefaultLifetime, 0 s, but RFC 6275 §7.4 forbids 0; set HomeAgentLifetime (setting HomeAgentLifetime, value 0, allowed 1..65520)',
    ])
  })

  it('checks HomeAgentLifetime only when the option is sent', () => {
    expect(radvd('\tHomeAgentLifetime 0;')).toEqual([])
  })

  it('refuses AdvHomeAgentInfo without AdvHomeAgentFlag', () => {
    expect(radvd('\tAdvHomeAgentInfo on;')).toEqual([
      'radvd.conf:2:19: error: AdvHomeAgentInfo on eth0 needs AdvHomeAgentFlag on: the option describes a home agent (RFC 6275 §7.4) (setting AdvHomeAgentInfo, value on)',
    ])
  })

  it('refuses AdvMobRtrSupportFlag without AdvHomeAgentInfo', () => {
    expect(yaml('advMobRtrSupportFlag: true')).toEqual([
      'config.yaml:4:29: error: advMobRtrSupportFlag on eth0 needs advHomeAgentInfo on: the flag is sent in the Home Agent Information option (RFC 3963 §7.1) (setting advMobRtrSupportFlag, value on)',
    ])
  })

  it('holds HomeAgentPreference to a signed 16-bit number', () => {
    expect(yaml('homeAgentPreference: -32768')).toEqual([])
    expect(yaml('homeAgentPreference: 32768')).toEqual([
      'config.yaml:4:28: error: homeAgentPreference 32768 on eth0 does not fit the signed 16-bit field (RFC 6275 §7.4) (setting homeAgentPreference, value 32768, allowed -32768..32767)',
    ])
  })
})

describe('validate: prefixes, routes, DNS, 6LoWPAN', () => {
  it('refuses AdvPreferredLifetime longer than AdvValidLifetime', () => {
    expect(radvd('\tprefix 2001:db8::/64 { AdvValidLifetime 100; AdvPreferredLifetime infinity; };')).toEqual(
      [
        'radvd.conf:2:68: error: AdvPreferredLifetime infinity of prefix 2001:db8::/64 on eth0 is longer than its AdvValidLifetime (100) (setting AdvPreferredLifetime, value infinity, allowed 0..100)',
      ],
    )
  })

  it('refuses Base6Interface on a prefix that is not a /64', () => {
    expect(
      radvd(
        '\tprefix 2001:db8::/64 { Base6Interface eth1; };\n\tprefix 2001:db8::/56 { Base6Interface eth1; AdvAutonomous off; };',
      ),
    ).toEqual([
      'radvd.conf:3:40: error: Base6Interface needs a /64 prefix; prefix 2001:db8::/56 on eth0 is a /56 (setting Base6Interface, value eth1, allowed /64 prefixes)',
    ])
  })

  it('warns about an autonomous prefix that is not a /64', () => {
    expect(yaml('prefixes:\n  - prefix: 2001:db8::/48')).toEqual([
      'config.yaml:5:11: warning: prefix 2001:db8::/48 on eth0 has advAutonomous on but is not a /64, so hosts on Ethernet-like links will not form addresses from it (RFC 4862 §5.5.3) (setting advAutonomous, value on)',
    ])
  })

  it('warns about a prefix listed twice', () => {
    expect(radvd('\tprefix 2001:db8::/64;\n\tprefix 2001:db8::/64;')).toEqual([
      'radvd.conf:3:9: warning: prefix 2001:db8::/64 is listed twice on eth0; both are sent (setting prefix)',
    ])
  })

  it('warns when the ::/0 route and the router lifetime disagree about being a default router', () => {
    expect(radvd('\troute ::/0 { AdvRouteLifetime 0; };')).toEqual([
      "radvd.conf:2:32: warning: route ::/0 on eth0 has AdvRouteLifetime 0 but the router lifetime is 1800 s: hosts' default routes will flap (setting AdvRouteLifetime, value 0)",
    ])
  })

  it('warns about RDNSS and DNSSL lifetimes shorter than MaxRtrAdvInterval', () => {
    expect(
      yaml(
        'rdnss:\n  - addresses: [2001:db8::53]\n    advRDNSSLifetime: 60\ndnssl:\n  - suffixes: [example.org]\n    advDNSSLLifetime: 0',
      ),
    ).toEqual([
      'config.yaml:6:29: warning: advRDNSSLifetime 60 s on eth0 is shorter than MaxRtrAdvInterval (600 s): hosts may drop the entry between two RAs (RFC 8106 §5.1 suggests 3 × MaxRtrAdvInterval) (setting advRDNSSLifetime, value 60, allowed 0 or 600..)',
    ])
  })

  it('refuses RDNSS options with no or too many addresses', () => {
    const addresses = Array.from({ length: 128 }, (_, i) => mustParse(`2001:db8::${(i + 1).toString(16)}`))
    expect(
      built({ rdnss: [{ addresses, advRdnssLifetimeS: 600, flushRdnss: true }] }).map((d) => d.message),
    ).toEqual(['an RDNSS option on eth0 carries 128 addresses'])
  })

  it('refuses DNSSL suffixes that are not domain names', () => {
    expect(yaml('dnssl:\n  - suffixes: [lab_1.example, a..b, ok.example.]')).toEqual([
      'config.yaml:5:22: error: DNSSL suffix "lab_1.example" on eth0 may hold only letters, digits, "-" and "." (setting suffixes, value lab_1.example, allowed letters, digits, "-" and "." in labels of 1..63 characters)',
      'config.yaml:5:37: error: DNSSL suffix "a..b" on eth0 has an empty label (setting suffixes, value a..b, allowed letters, digits, "-" and "." in labels of 1..63 characters)',
    ])
    expect(
      built({
        dnssl: [{ suffixes: [`${'a'.repeat(64)}.example`], advDnsslLifetimeS: 600, flushDnssl: true }],
      })[0]!.message,
    ).toBe(`DNSSL suffix "${'a'.repeat(64)}.example" on eth0 has a label longer than 63 characters`)
  })

  it('holds 6LoWPAN context and ABRO fields to their widths (RFC 6775 §4.2, §4.3)', () => {
    expect(
      radvd(
        '\tlowpanco { AdvContextLength 129; AdvContextID 16; AdvLifeTime 65536; };\n\tabro fe80::1 { AdvVersionLow 65536; };',
      )
        .filter((d) => d.includes('error'))
        .map((d) => d.replace(/ \(setting.*/, '')),
    ).toEqual([
      'radvd.conf:2:30: error: AdvContextLength 129 on eth0 is longer than an IPv6 address',
      'radvd.conf:2:48: error: AdvContextID 16 on eth0 does not fit the 4-bit CID (RFC 6775 §4.2)',
      'radvd.conf:2:64: error: AdvLifeTime 65536 on eth0 does not fit 16 bits (RFC 6775 §4.2)',
      'radvd.conf:3:31: error: AdvVersionLow 65536 on eth0 does not fit 16 bits (RFC 6775 §4.3)',
    ])
  })
})

describe('validate: 6LoWPAN options', () => {
  it('says abro and lowpanco are accepted but not advertised', () => {
    expect(
      radvd('\tlowpanco { AdvContextLength 64; };\n\tabro fe80::1 { };').filter((d) => d.includes('warning')),
    ).toEqual([
      expect.stringContaining('warning: lowpanco on eth0 is accepted but not advertised'),
      expect.stringContaining('warning: abro on eth0 is accepted but not advertised'),
    ])
  })
})

describe('validate: interfaces', () => {
  it('refuses an interface configured twice, naming the first', () => {
    expect(radvd('};\ninterface eth0 {')).toEqual([
      'radvd.conf:3:1: error: interface eth0 is configured twice (first at radvd.conf:1:1)',
    ])
  })

  it('refuses names Linux cannot have', () => {
    expect(built({}, 'a-very-long-interface').map((d) => d.message)).toEqual([
      'interface name "a-very-long-interface" is longer than 15 characters (Linux IFNAMSIZ)',
    ])
    expect(built({}, 'eth/0').map((d) => d.message)).toEqual([
      'interface name "eth/0" is not a valid Linux interface name (no "/", ":" or white space)',
    ])
  })

  it('reports without positions for a config built in code', () => {
    const [d] = built({ advCurHopLimit: 300 })
    expect(d).toMatchObject({
      file: '',
      line: 0,
      col: 0,
      setting: 'advCurHopLimit',
      interface: 'eth0',
      value: '300',
    })
    expect(formatDiagnostic(d!)).toBe(
      'error: advCurHopLimit 300 on eth0 does not fit the 8-bit Cur Hop Limit field (setting advCurHopLimit, value 300, allowed 0..255)',
    )
  })

  it('checks every interface, routes included', () => {
    const config: RouterConfig = {
      ...defaultRouterConfig(),
      router: { stateDir: '/x', dataplane: 'auto', logLevel: 'info' },
      interfaces: [
        {
          name: 'a',
          ra: {
            ...defaultRaConfig(),
            prefixes: [newPrefix({ address: mustParse('2001:db8::'), length: 129 })],
          },
        },
        {
          name: 'b',
          ra: { ...defaultRaConfig(), routes: [newRoute({ address: mustParse('::'), length: 130 }, 600)] },
        },
      ],
    }
    expect(validate(config).map((d) => d.message)).toEqual([
      'prefix length 129 on a is more than 128',
      'route prefix length 130 on b is more than 128',
    ])
  })
})
