// The mip6d.conf import: every statement of UMIP 1.0's grammar, what it fills in the schema,
// where the source map says it was, and what mip6d does that the router does not.
import { formatAddress, formatPrefix } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { parseMip6dConf } from './mip6d-conf-parser'
import { MIP6D_KEYWORDS } from './mip6d-conf-tokenizer'
import { MOBILITY_OPTIONS } from './mobility-options'
import { MOBILITY_DEFAULTS_SAMPLE } from './testing/mobility'

const parse = (text: string) => parseMip6dConf(text, 'mip6d.conf')
const lines = (text: string) => parse(text).diagnostics.map(formatDiagnostic)
const ha = (body: string) => `NodeConfig HA;\nUseMnHaIPsec disabled;\n${body}\n`
const mn = (body: string) => `NodeConfig MN;\nUseMnHaIPsec disabled;\n${body}\n`

describe('mip6d.conf parser: NodeConfig and the sections', () => {
  it('makes a home agent of NodeConfig HA', () => {
    const r = parse('NodeConfig HA;\nInterface "wlan0";\nUseMnHaIPsec disabled;\n')
    expect(r.diagnostics).toEqual([])
    expect(r.config.nodeConfig).toBe('ha')
    expect(r.config.homeAgent!.interfaces).toEqual(['wlan0'])
    expect(r.config.mobileNode).toBeUndefined()
    expect(r.sourceMap.get('nodeConfig')).toMatchObject({
      line: 1,
      col: 12,
      dialect: 'mip6d',
      name: 'NodeConfig',
    })
    expect(r.sourceMap.get('homeAgent.interfaces[0]')).toMatchObject({ line: 2, col: 11, name: 'Interface' })
  })

  it('makes a mobile node of NodeConfig MN and a correspondent node of NodeConfig CN', () => {
    expect(parse(mn('MnHomeLink "eth0" { HomeAddress 2001:db8::1/64; }')).config.mobileNode).toBeDefined()
    const cn = parse('NodeConfig CN;\nDoRouteOptimizationCN disabled;\n')
    expect(cn.diagnostics).toEqual([])
    expect(cn.config).toMatchObject({ nodeConfig: 'cn' })
    expect(cn.config.homeAgent).toBeUndefined()
  })

  it('runs as CN without NodeConfig, as mip6d does, and says so', () => {
    const r = parse('Interface "eth0";\nHaMaxBindingLife 3600;\n')
    expect(r.config.nodeConfig).toBe('cn')
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:1:1: warning: no NodeConfig: mip6d runs as a correspondent node (CN) by default, so home agent and mobile node settings are ignored; add "NodeConfig HA;" or "NodeConfig MN;"',
      'mip6d.conf:2:1: warning: HaMaxBindingLife is a home agent setting; mip6d ignores it with NodeConfig CN (setting HaMaxBindingLife)',
    ])
  })

  it('warns that UseMnHaIPsec defaults to enabled in mip6d, and that NodeConfig should come first', () => {
    expect(lines('Interface "wlan0";\nNodeConfig HA;\n')).toEqual([
      'mip6d.conf:2:1: warning: NodeConfig comes after Interface "wlan0" (line 1): mip6d sets an interface up for its role as it reads its Interface line; put NodeConfig first (setting NodeConfig)',
      'mip6d.conf:2:1: warning: UseMnHaIPsec is not set: mip6d protects binding updates with IPsec by default; the router has no IPsec and runs as with "UseMnHaIPsec disabled;" (add that line to say so) (setting UseMnHaIPsec)',
    ])
  })

  it('ignores, with a warning, the settings of the other role, as mip6d does', () => {
    expect(lines(ha('MnMaxHaBindingLife 600;\nMnHomeLink "eth0" { HomeAddress 2001:db8::1/64; }'))).toEqual([
      'mip6d.conf:3:1: warning: MnMaxHaBindingLife is a mobile node setting; mip6d ignores it with NodeConfig HA (setting MnMaxHaBindingLife)',
      'mip6d.conf:4:1: warning: MnHomeLink is a mobile node setting; mip6d ignores it with NodeConfig HA (setting MnHomeLink)',
    ])
    expect(
      lines(
        mn(
          'MnHomeLink "eth0" { HomeAddress 2001:db8::1/64; }\nHaMaxBindingLife 600;\nBindingAclPolicy 2001:db8::1 allow;\nDefaultBindingAclPolicy deny;\nHaServedPrefix 2001:db8::/48;',
        ),
      ),
    ).toEqual([
      'mip6d.conf:4:1: warning: HaMaxBindingLife is a home agent setting; mip6d ignores it with NodeConfig MN (setting HaMaxBindingLife)',
      'mip6d.conf:5:1: warning: BindingAclPolicy is a home agent setting; mip6d ignores it with NodeConfig MN (setting BindingAclPolicy)',
      'mip6d.conf:6:1: warning: DefaultBindingAclPolicy is a home agent setting; mip6d ignores it with NodeConfig MN (setting DefaultBindingAclPolicy)',
      'mip6d.conf:7:1: warning: HaServedPrefix is a home agent setting; mip6d ignores it with NodeConfig MN (setting HaServedPrefix)',
    ])
  })

  it('keeps the last value of a setting given twice, with a warning', () => {
    const r = parse(ha('HaMaxBindingLife 600;\nHaMaxBindingLife 1200;'))
    expect(r.config.homeAgent!.maxBindingLifetimeS).toBe(1200)
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:4:1: warning: HaMaxBindingLife is set again (first at 3:1); the last value counts (setting HaMaxBindingLife)',
    ])
  })
})

describe('mip6d.conf parser: settings with one value', () => {
  const sample = { bool: ['enabled', true], uint: ['1200', 1200], decimal: ['2.5', 2.5] } as const

  for (const section of ['homeAgent', 'mobileNode'] as const) {
    it(`reads every ${section} setting of MOBILITY_OPTIONS into its field, at its position`, () => {
      const options = MOBILITY_OPTIONS.filter((o) => o[section] !== undefined)
      const body = options.map((o) => `${o.mip6d} ${sample[o.kind][0]};`).join('\n')
      const r = parse(`NodeConfig ${section === 'homeAgent' ? 'HA' : 'MN'};\n${body}\n`)
      // The warnings are about values this router does not act on (checked in validate tests).
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      const got = r.config[section] as unknown as Record<string, unknown>
      options.forEach((o, i) => {
        expect(got[o[section]!], o.mip6d).toEqual(sample[o.kind][1])
        expect(r.sourceMap.get(`${section}.${o[section]}`), o.mip6d).toMatchObject({
          line: i + 2,
          col: o.mip6d.length + 2,
          name: o.mip6d,
        })
      })
    })
  }

  it('takes every boolean word of mip6d', () => {
    const words = {
      enabled: true,
      allow: true,
      true: true,
      disabled: false,
      deny: false,
      block: false,
      false: false,
    }
    for (const [w, v] of Object.entries(words)) {
      expect(parse(ha(`SendMobPfxAdvs ${w};`)).config.homeAgent!.sendMobPfxAdvs, w).toBe(v)
    }
  })

  it('has the defaults of mip6d, except for IPsec, route optimization and the binding cache', () => {
    expect(parse(ha('')).config.homeAgent).toMatchObject(MOBILITY_DEFAULTS_SAMPLE.homeAgent)
    expect(parse(mn('')).config.mobileNode).toMatchObject(MOBILITY_DEFAULTS_SAMPLE.mobileNode)
  })

  it('takes only a decimal where mip6d does', () => {
    expect(lines(mn('MnRouterProbeTimeout 1;\nInitialBindackTimeoutReReg 2.0;'))).toEqual([
      'mip6d.conf:3:22: error: MnRouterProbeTimeout takes a number of seconds with a decimal point, such as 1.5, not "1"; mip6d\'s grammar takes only a decimal here: write 1.0 (setting MnRouterProbeTimeout, value 1)',
    ])
    expect(lines(ha('HaMaxBindingLife 1.5;'))).toEqual([
      'mip6d.conf:3:18: error: HaMaxBindingLife takes a whole number, not "1.5" (mip6d takes no fraction here) (setting HaMaxBindingLife, value 1.5)',
    ])
  })

  it('names the boolean words when given others', () => {
    expect(lines(ha('UseMnHaIPsec off;\nHaAcceptMobRtr Enabled;'))).toEqual([
      'mip6d.conf:3:14: error: UseMnHaIPsec takes enabled or disabled, not "off" (mip6d says enabled or disabled) (setting UseMnHaIPsec, value off)',
      'mip6d.conf:4:16: error: HaAcceptMobRtr takes enabled or disabled, not "Enabled" (mip6d words are case-sensitive) (setting HaAcceptMobRtr, value Enabled)',
    ])
  })

  it('reads DebugLevel and DebugLogFile, and says the router does not use them', () => {
    expect(lines(ha('DebugLevel 0;'))).toEqual([])
    expect(lines(ha('DebugLevel 7;\nDebugLogFile "/var/log/mip6d.log";'))).toEqual([
      'mip6d.conf:3:1: warning: DebugLevel 7 is not used; for debug logs run the router with --log-level debug, or set router.logLevel: debug in the YAML config (setting DebugLevel, value 7)',
      'mip6d.conf:4:1: warning: DebugLogFile is not used: the router logs to stderr (the journal under systemd) (setting DebugLogFile, value /var/log/mip6d.log)',
    ])
  })

  it('reads UseMovementModule internal; a module path gets a warning, a policy module an error', () => {
    expect(lines(ha('UseMovementModule internal;'))).toEqual([])
    expect(lines(ha('UseMovementModule "/usr/lib/md.so";\nUsePolicyModule "/usr/lib/pol.so";'))).toEqual([
      'mip6d.conf:3:1: warning: UseMovementModule: mip6d ignores a module path and so does the router (movement detection is built in) (setting UseMovementModule, value /usr/lib/md.so)',
      'mip6d.conf:4:1: error: UsePolicyModule loads a mip6d shared object, which the router cannot; give the binding policy with BindingAclPolicy and DefaultBindingAclPolicy (setting UsePolicyModule, value /usr/lib/pol.so)',
    ])
  })

  it('reads include "PATTERN" (without ";") and refuses to follow it', () => {
    expect(lines(ha('include "/etc/mip6d.d/*.conf"'))).toEqual([
      'mip6d.conf:3:1: error: include "/etc/mip6d.d/*.conf": the router reads one mip6d.conf and does not follow includes; copy the included settings into this file (setting include, value /etc/mip6d.d/*.conf)',
    ])
    expect(lines(ha('include "/x";'))).toContain(
      'mip6d.conf:3:13: error: mip6d takes no ";" after include "PATTERN"; remove it',
    )
  })
})

describe('mip6d.conf parser: Interface', () => {
  it('reads Interface "NAME"; and Interface "NAME" { IfType; MnIfPreference; Tunnel; }', () => {
    const r = parse(
      mn(
        'Interface "wlan0";\nInterface "eth0" {\n\tMnIfPreference 2;\n\tTunnel enabled;\n\tIfType MN;\n}\nMnHomeLink "wlan0" { HomeAddress 2001:db8::1/64; }',
      ),
    )
    expect(r.diagnostics).toEqual([])
    expect(r.config.mobileNode!.interfaces).toEqual([
      { name: 'wlan0', preference: 10, tunnel: false },
      { name: 'eth0', preference: 2, tunnel: true },
    ])
    expect(r.sourceMap.get('mobileNode.interfaces[1].preference')).toMatchObject({
      line: 5,
      col: 17,
      name: 'MnIfPreference',
    })
    expect(r.sourceMap.get('mobileNode.interfaces[1].tunnel')).toMatchObject({ line: 6, col: 9 })
  })

  it('serves as home agent on the interfaces whose IfType is HA or unset (IfType narrows)', () => {
    const r = parse(
      ha(
        'Interface "wlan0";\nInterface "wlan1" { IfType CN; }\nInterface "wlan2" { IfType HA; }\nInterface "wlan3" { IfType MN; }',
      ),
    )
    expect(r.config.homeAgent!.interfaces).toEqual(['wlan0', 'wlan2'])
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:6:21: warning: IfType MN on a node configured as HA: mip6d does not use interface "wlan3" (setting IfType)',
    ])
  })

  it('refuses a tunnel interface for the home agent, as mip6d does, and ignores MnIfPreference there', () => {
    expect(lines(ha('Interface "tun0" { Tunnel enabled; MnIfPreference 1; }'))).toEqual([
      'mip6d.conf:3:20: error: Tunnel enabled on home agent interface "tun0": mip6d takes tunnel interfaces for a mobile node only (setting Tunnel)',
      'mip6d.conf:3:36: warning: MnIfPreference is a mobile node setting; mip6d ignores it with NodeConfig HA (setting MnIfPreference)',
    ])
  })

  it('wants interface names quoted, and an empty block written as ";"', () => {
    expect(lines(ha('Interface wlan0;\nInterface "eth0" { }'))).toEqual([
      'mip6d.conf:3:11: error: interface names are quoted in mip6d.conf: write Interface "wlan0" (setting Interface, value wlan0)',
      'mip6d.conf:4:1: error: Interface "eth0" { } is empty: mip6d needs at least one setting in the braces; write Interface "eth0"; instead',
    ])
  })
})

describe('mip6d.conf parser: home agent lists', () => {
  it('reads BindingAclPolicy with allow, deny, a BA status and mobile network prefixes', () => {
    const r = parse(
      ha(
        'BindingAclPolicy 2001:db8::1234 allow;\nBindingAclPolicy 2001:db8::1235 (2001:db8:2::/64, 2001:db8:3::/64) deny;\nBindingAclPolicy 2001:db8::1236 block;\nBindingAclPolicy 2001:db8::1237 133;\nDefaultBindingAclPolicy 129;',
      ),
    )
    expect(r.diagnostics).toEqual([])
    const acl = r.config.homeAgent!.bindingAcl
    expect(
      acl.map((e) => [formatAddress(e.homeAddress), e.mobileNetworkPrefixes.map(formatPrefix), e.policy]),
    ).toEqual([
      ['2001:db8::1234', [], 'allow'],
      ['2001:db8::1235', ['2001:db8:2::/64', '2001:db8:3::/64'], 'deny'],
      ['2001:db8::1236', [], 'deny'],
      ['2001:db8::1237', [], 133],
    ])
    expect(r.config.homeAgent!.defaultBindingAclPolicy).toBe(129)
    expect(r.sourceMap.get('homeAgent.bindingAcl[1].mobileNetworkPrefixes[1]')).toMatchObject({
      line: 4,
      col: 51,
    })
    expect(r.sourceMap.get('homeAgent.bindingAcl[3].policy')).toMatchObject({ line: 6, col: 33 })
  })

  it('reads HaServedPrefix lines into one list', () => {
    const r = parse(
      ha('HaAcceptMobRtr enabled;\nHaServedPrefix 2001:db8::/48;\nHaServedPrefix 2001:db8:100::/40;'),
    )
    expect(r.diagnostics).toEqual([])
    expect(r.config.homeAgent!.servedPrefixes.map(formatPrefix)).toEqual([
      '2001:db8::/48',
      '2001:db8:100::/40',
    ])
  })

  it('keeps an IPsecPolicySet and says it is not applied', () => {
    const r = parse(
      ha(`IPsecPolicySet {
	HomeAgentAddress 3ffe:2620:6:1::1;
	HomeAddress 3ffe:2620:6:1::1234/64;
	HomeAddress 3ffe:2620:6:1::1235/64;
	IPsecPolicy Mh UseESP 111 112;
	IPsecPolicy TunnelPayload UseESP 113;
	IPsecPolicy ICMP UseESP UseAH UseIPComp block;
	IPsecPolicy HomeRegBinding UseESP;
	IPsecPolicy MobPfxDisc UseESP;
	IPsecPolicy TunnelHomeTesting UseESP;
	IPsecPolicy TunnelMh UseESP;
	IPsecPolicy any UseESP;
}`),
    )
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:3:1: warning: IPsecPolicySet for home agent 3ffe:2620:6:1::1 and 3ffe:2620:6:1::1234/64, 3ffe:2620:6:1::1235/64 is kept but not applied: the router has no IPsec (setting IPsecPolicySet)',
    ])
    const set = r.config.homeAgent!.ipsecPolicySets[0]!
    expect(
      set.policies.map((p) => [p.type, p.protocols.join('+'), p.reqidToHa, p.reqidToMn, p.action]),
    ).toEqual([
      ['mh', 'esp', 111, 112, 'allow'],
      ['tunnelPayload', 'esp', 113, 113, 'allow'],
      ['icmp', 'esp+ah+ipcomp', 0, 0, 'block'],
      ['homeRegBinding', 'esp', 0, 0, 'allow'],
      ['mobPfxDisc', 'esp', 0, 0, 'allow'],
      ['tunnelHomeTesting', 'esp', 0, 0, 'allow'],
      ['tunnelMh', 'esp', 0, 0, 'allow'],
      ['any', 'esp', 0, 0, 'allow'],
    ])
  })

  it("holds IPsecPolicySet to mip6d's order and contents", () => {
    expect(
      lines(
        ha(
          'IPsecPolicySet {\n\tHomeAddress 2001:db8::2/64;\n\tHomeAgentAddress 2001:db8::1;\n\tIPsecPolicy Mh UseESP;\n}',
        ),
      ),
    ).toContain(
      'mip6d.conf:4:2: error: in IPsecPolicySet, HomeAgentAddress comes first, then the HomeAddress lines, then the IPsecPolicy lines',
    )
    expect(lines(ha('IPsecPolicySet {\n\tHomeAgentAddress 2001:db8::1;\n}'))).toContain(
      'mip6d.conf:3:1: error: IPsecPolicySet needs a HomeAddress, an IPsecPolicy',
    )
    expect(
      lines(
        ha(
          'IPsecPolicySet {\n\tHomeAgentAddress 2001:db8::1;\n\tHomeAddress 2001:db8::2/64;\n\tIPsecPolicy Mh 1 2;\n\tIPsecPolicy Mhh UseESP;\n}',
        ),
      ),
    ).toEqual([
      'mip6d.conf:3:1: warning: IPsecPolicySet for home agent 2001:db8::1 and 2001:db8::2/64 is kept but not applied: the router has no IPsec (setting IPsecPolicySet)',
      'mip6d.conf:6:17: error: IPsecPolicy takes UseESP (mip6d: "IPsecPolicy must set at least one protocol"), not "1" (setting IPsecPolicy, value 1)',
      'mip6d.conf:7:14: error: IPsecPolicy takes HomeRegBinding, Mh, MobPfxDisc, TunnelHomeTesting, TunnelMh, TunnelPayload, ICMP, any, not "Mhh"; did you mean Mh? (setting IPsecPolicy, value Mhh)',
    ])
  })

  it('reads CnBindingPolicySet entries', () => {
    const r = parse(
      ha('CnBindingPolicySet {\n\t2001:db8::9 2001:db8::1 enabled;\n\t2001:db8::10 disabled;\n}'),
    )
    expect(
      r.config.homeAgent!.cnBindingPolicies.map((p) => [
        formatAddress(p.peerHomeAddress),
        p.localAddress && formatAddress(p.localAddress),
        p.routeOptimization,
      ]),
    ).toEqual([
      ['2001:db8::9', '2001:db8::1', true],
      ['2001:db8::10', undefined, false],
    ])
    expect(lines(ha('CnBindingPolicySet {\n}'))).toEqual([
      'mip6d.conf:3:1: error: CnBindingPolicySet { } is empty: mip6d needs at least one "PEER_HOA [LOCAL_ADDRESS] enabled|disabled;" line',
    ])
  })
})

describe('mip6d.conf parser: MnHomeLink', () => {
  it('reads every home link setting', () => {
    const r = parse(
      mn(`Interface "eth0";
MnHomeLink "eth0" {
	IsMobRtr enabled;
	UseAltCoa enabled;
	HomeAgentAddress 3ffe:2620:6:1::1;
	HomeAddress 3ffe:2620:6:1::1234/64 (3ffe:2620:6:2::/64, 3ffe:2620:6:3::/64);
	HomePrefix 3ffe:2620:6:1::/64;
	MnRoPolicy 3ffe:2060:6:1::3 enabled;
	MnRoPolicy disabled;
}`),
    )
    const link = r.config.mobileNode!.homeLinks[0]!
    expect(link.interface).toBe('eth0')
    expect(formatPrefix(link.homeAddress)).toBe('3ffe:2620:6:1::1234/64')
    expect(formatAddress(link.homeAgentAddress!)).toBe('3ffe:2620:6:1::1')
    expect(formatPrefix(link.homePrefix!)).toBe('3ffe:2620:6:1::/64')
    expect(link.mobileNetworkPrefixes.map(formatPrefix)).toEqual(['3ffe:2620:6:2::/64', '3ffe:2620:6:3::/64'])
    expect(link).toMatchObject({ isMobRtr: true, useAltCoa: true })
    expect(
      link.roPolicies.map((p) => [p.correspondent && formatAddress(p.correspondent), p.routeOptimization]),
    ).toEqual([
      ['3ffe:2060:6:1::3', true],
      [undefined, false],
    ])
    expect(r.sourceMap.get('mobileNode.homeLinks[0]')).toMatchObject({ line: 4, col: 1, name: 'MnHomeLink' })
    expect(r.sourceMap.get('mobileNode.homeLinks[0].homeAddress')).toMatchObject({
      line: 8,
      col: 14,
      name: 'HomeAddress',
    })
    expect(r.sourceMap.get('mobileNode.homeLinks[0].homeAgentAddress')).toMatchObject({ line: 7, col: 19 })
  })

  it('reads HomeAgentAddress :: as "find the home agent by DHAAD"', () => {
    const r = parse(mn('MnHomeLink "eth0" { HomeAddress 2001:db8::1/64; HomeAgentAddress ::; }'))
    expect(r.config.mobileNode!.homeLinks[0]!.homeAgentAddress).toBeUndefined()
  })

  it('needs a HomeAddress, as mip6d does', () => {
    expect(lines(mn('MnHomeLink "eth0" { HomeAgentAddress 2001:db8::1; }'))).toEqual([
      'mip6d.conf:3:1: error: MnHomeLink "eth0" has no HomeAddress: mip6d needs "HomeAddress ADDRESS/LENGTH;" in it (setting MnHomeLink)',
    ])
  })

  it('refuses a prefix length above 128 and a prefix without its length', () => {
    expect(
      lines(mn('MnHomeLink "eth0" {\n\tHomeAddress 2001:db8::1/129;\n\tHomePrefix 2001:db8::;\n}')),
    ).toEqual([
      'mip6d.conf:3:1: error: MnHomeLink "eth0" has no HomeAddress: mip6d needs "HomeAddress ADDRESS/LENGTH;" in it (setting MnHomeLink)',
      'mip6d.conf:4:26: error: prefix length 129 is more than 128 (setting HomeAddress, value 129, allowed 0..128)',
      'mip6d.conf:5:23: error: missing "/length" after HomePrefix 2001:db8:: (setting HomePrefix)',
    ])
  })

  it('says which keywords the grammar accepts nowhere', () => {
    expect(
      lines(ha('LinkName "eth0";\nDoRouteOptimization enabled;\nIfName "eth0";\nIPsecType Mh;')),
    ).toEqual([
      'mip6d.conf:3:1: error: "LinkName" is a word of mip6d\'s scanner that its grammar accepts nowhere; name the home link with MnHomeLink "NAME" { ... } (setting LinkName)',
      'mip6d.conf:4:1: error: "DoRouteOptimization" is a word of mip6d\'s scanner that its grammar accepts nowhere; write DoRouteOptimizationCN or DoRouteOptimizationMN (setting DoRouteOptimization)',
      'mip6d.conf:5:1: error: "IfName" is a word of mip6d\'s scanner that its grammar accepts nowhere; name an interface with Interface "NAME"; (setting IfName)',
      'mip6d.conf:6:1: error: "IPsecType" is a word of mip6d\'s scanner that its grammar accepts nowhere; the policy type follows IPsecPolicy, e.g. IPsecPolicy Mh UseESP; (setting IPsecType)',
    ])
  })

  it('has a place for every keyword of the scanner: a statement, a block setting, a value, or a message', () => {
    const values = ['HA', 'CN', 'MN', 'internal', 'UseESP', 'UseAH', 'UseIPComp', 'any', 'ICMP', 'Mh']
    const ipsecTypes = ['HomeRegBinding', 'MobPfxDisc', 'TunnelHomeTesting', 'TunnelMh', 'TunnelPayload']
    for (const k of MIP6D_KEYWORDS) {
      const first = parse(ha(`${k} x;`)).diagnostics.find((d) => d.line === 3 && d.col === 1)
      const unexpected = first?.message.startsWith(`unexpected "${k}"`) ?? false
      expect(unexpected, k).toBe([...values, ...ipsecTypes].includes(k))
    }
  })
})
