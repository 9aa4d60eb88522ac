// The YAML format's Mobile IPv6 sections: nodeConfig, homeAgent, mobileNode, console; their
// keys (mip6d's names in lowerCamelCase), values, and errors at FILE:LINE:COL.
import { formatAddress, formatPrefix } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { defaultRouterConfig } from './draft'
import { MOBILITY_OPTIONS } from './mobility-options'
import { MOBILITY_DEFAULTS_SAMPLE } from './testing/mobility'
import { decodeYamlConfig } from './yaml-config'

const decode = (text: string) => decodeYamlConfig(text, 'config.yaml')
const lines = (text: string) => decode(text).diagnostics.map(formatDiagnostic)

describe('YAML config: nodeConfig', () => {
  it('is cn without a Mobile IPv6 section, and the sections are absent', () => {
    expect(decode('').config).toEqual(defaultRouterConfig())
    expect(decode('').config!.nodeConfig).toBe('cn')
  })

  it("follows the section given, or nodeConfig as written (mip6d's capitals too)", () => {
    expect(decode('homeAgent: {}').config).toMatchObject({
      nodeConfig: 'ha',
      homeAgent: MOBILITY_DEFAULTS_SAMPLE.homeAgent,
    })
    expect(decode('mobileNode: {}').config).toMatchObject({
      nodeConfig: 'mn',
      mobileNode: MOBILITY_DEFAULTS_SAMPLE.mobileNode,
    })
    expect(decode('nodeConfig: HA').config!.homeAgent).toBeDefined()
    const r = decode('nodeConfig: mn\nhomeAgent: {}')
    expect(r.config).toMatchObject({ nodeConfig: 'mn' })
    expect(r.config!.homeAgent).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'config.yaml:2:1: warning: homeAgent is ignored: nodeConfig is mn (setting homeAgent)',
    ])
  })

  it('needs nodeConfig when both sections are given, and takes only ha, mn or cn', () => {
    expect(lines('homeAgent: {}\nmobileNode: {}')).toEqual([
      'config.yaml:2:1: error: homeAgent and mobileNode are both given: say which role with nodeConfig: ha or nodeConfig: mn (setting nodeConfig)',
    ])
    expect(lines('nodeConfig: router')).toEqual([
      'config.yaml:1:13: error: nodeConfig takes ha, mn or cn, not "router" (setting nodeConfig, value router)',
    ])
  })
})

describe('YAML config: homeAgent', () => {
  it('reads every one-value setting under its mip6d name in lowerCamelCase', () => {
    const sample = { bool: ['disabled', false], uint: ['1200', 1200], decimal: ['2.5', 2.5] } as const
    const options = MOBILITY_OPTIONS.filter((o) => o.homeAgent)
    const r = decode(`homeAgent:\n${options.map((o) => `  ${o.yaml}: ${sample[o.kind][0]}`).join('\n')}\n`)
    expect(r.diagnostics).toEqual([])
    for (const o of options) {
      expect(o.yaml).toBe(o.mip6d[0]!.toLowerCase() + o.mip6d.slice(1))
      expect((r.config!.homeAgent as unknown as Record<string, unknown>)[o.homeAgent!], o.yaml).toEqual(
        sample[o.kind][1],
      )
    }
  })

  it('reads the lists and our own settings', () => {
    const r = decode(`homeAgent:
  interfaces: [wlan0, wlan2]
  maxBindings: 64
  dad: false
  haAcceptMobRtr: true
  haServedPrefix: 2001:db8::/48
  bindingAclPolicy:
    - address: 2001:db8::beef
      policy: allow
    - { address: 2001:db8::1234, mobileNetworkPrefixes: [2001:db8:2::/64], policy: 133 }
  defaultBindingAclPolicy: deny
  cnBindingPolicySet:
    - { peerHomeAddress: 2001:db8::9, localAddress: 2001:db8::1, routeOptimization: false }
  bindingRefreshRequest: { refreshBeforeExpiry: 30 }
  authentication:
    required: true
    keys:
      - mnIdentifier: raven@denali.example
        key: "0x000102030405060708090a0b0c0d0e0f10111213"
      - spi: 4096
        keyFile: /etc/mip6-router/raven.key
`)
    expect(r.diagnostics).toEqual([])
    const ha = r.config!.homeAgent!
    expect(ha).toMatchObject({
      interfaces: ['wlan0', 'wlan2'],
      maxBindings: 64,
      dad: false,
      acceptMobRtr: true,
      defaultBindingAclPolicy: 'deny',
    })
    expect(ha.servedPrefixes.map(formatPrefix)).toEqual(['2001:db8::/48'])
    expect(
      ha.bindingAcl.map((e) => [
        formatAddress(e.homeAddress),
        e.mobileNetworkPrefixes.map(formatPrefix),
        e.policy,
      ]),
    ).toEqual([
      ['2001:db8::beef', [], 'allow'],
      ['2001:db8::1234', ['2001:db8:2::/64'], 133],
    ])
    expect(ha.cnBindingPolicies[0]!.routeOptimization).toBe(false)
    expect(ha.bindingRefreshRequest).toEqual({ refreshBeforeExpiryS: 30 })
    expect(ha.authentication!.required).toBe(true)
    expect(ha.authentication!.keys).toEqual([
      { mnIdentifier: 'raven@denali.example', key: Uint8Array.from({ length: 20 }, (_, i) => i) },
      { spi: 4096, keyFile: '/etc/mip6-router/raven.key' },
    ])
    expect(r.sourceMap.get('homeAgent.interfaces[1]')).toMatchObject({
      line: 2,
      col: 23,
      name: 'interfaces',
      dialect: 'yaml',
    })
    expect(r.sourceMap.get('homeAgent.bindingAcl[1].policy')).toMatchObject({ line: 10, col: 84 })
    expect(r.sourceMap.get('homeAgent.authentication.keys[1].spi')).toMatchObject({ line: 20, col: 14 })
  })

  it("takes mip6d's enabled and disabled for booleans", () => {
    expect(
      decode('homeAgent: { sendMobPfxAdvs: disabled, haAcceptMobRtr: enabled }').config!.homeAgent,
    ).toMatchObject({
      sendMobPfxAdvs: false,
      acceptMobRtr: true,
    })
  })

  it('names mistakes at their line and column', () => {
    expect(
      lines(`homeAgent:
  haMaxBindingLife: long
  HaAcceptMobRtr: true
  mnMaxHaBindingLife: 600
  ipsecPolicySet: []
  bindingAclPolicy:
    - address: 2001:db8::1
    - policy: maybe
  authentication:
    keys:
      - { mnIdentifier: raven, key: 00112233 }
      - { key: "xyz" }
`).sort(byPosition),
    ).toEqual(
      [
        'config.yaml:2:21: error: haMaxBindingLife takes a whole number 0..4294967295, not "long" (setting haMaxBindingLife, value long)',
        'config.yaml:3:3: error: unknown key "HaAcceptMobRtr" in homeAgent; keys are mip6d\'s names in lowerCamelCase: haAcceptMobRtr (setting HaAcceptMobRtr)',
        'config.yaml:4:3: error: mnMaxHaBindingLife is a mobileNode setting, not a homeAgent one (setting mnMaxHaBindingLife)',
        'config.yaml:5:3: error: ipsecPolicySet is read from mip6d.conf only: the router does not apply IPsec (setting ipsecPolicySet)',
        'config.yaml:7:7: error: a bindingAclPolicy entry needs "policy": allow, deny or a BA status',
        'config.yaml:8:15: error: policy takes allow, deny or a Binding Acknowledgement status number, not "maybe" (setting policy, value maybe)',
        'config.yaml:8:7: error: a bindingAclPolicy entry needs "address", the home address',
        'config.yaml:11:37: error: key: YAML reads 00112233 as a number; quote the hex key: "00112233" (setting key)',
        'config.yaml:12:16: error: key must be hex digits, two per byte (an optional 0x before them) (setting key, value xyz)',
        'config.yaml:12:9: error: an authentication key needs "mnIdentifier" (the NAI) or "spi", or both',
      ].sort(byPosition),
    )
  })
})

describe('YAML config: mobileNode', () => {
  it('reads every one-value setting under its mip6d name in lowerCamelCase', () => {
    const sample = { bool: ['true', true], uint: ['7', 7], decimal: ['0.5', 0.5] } as const
    const options = MOBILITY_OPTIONS.filter((o) => o.mobileNode)
    const r = decode(`mobileNode:\n${options.map((o) => `  ${o.yaml}: ${sample[o.kind][0]}`).join('\n')}\n`)
    expect(r.diagnostics).toEqual([])
    for (const o of options) {
      expect((r.config!.mobileNode as unknown as Record<string, unknown>)[o.mobileNode!], o.yaml).toEqual(
        sample[o.kind][1],
      )
    }
  })

  it('reads interfaces and home links', () => {
    const r = decode(`mobileNode:
  interfaces:
    - wlan0
    - { name: eth0, mnIfPreference: 1, tunnel: true }
  mnHomeLink:
    interface: wlan0
    homeAddress: 2001:db8::beef/64
    homeAgentAddress: "::"
    homePrefix: 2001:db8::/64
    mobileNetworkPrefixes: [2001:db8:2::/64]
    isMobRtr: true
    useAltCoa: true
    mnRoPolicy:
      - { address: 2001:db8:5::1, routeOptimization: false }
      - { routeOptimization: false }
`)
    expect(r.diagnostics).toEqual([])
    const mn = r.config!.mobileNode!
    expect(mn.interfaces).toEqual([
      { name: 'wlan0', preference: 10, tunnel: false },
      { name: 'eth0', preference: 1, tunnel: true },
    ])
    const link = mn.homeLinks[0]!
    expect(link.homeAgentAddress).toBeUndefined()
    expect([
      formatPrefix(link.homeAddress),
      formatPrefix(link.homePrefix!),
      link.mobileNetworkPrefixes.map(formatPrefix),
    ]).toEqual(['2001:db8::beef/64', '2001:db8::/64', ['2001:db8:2::/64']])
    expect(link.roPolicies.map((p) => p.correspondent && formatAddress(p.correspondent))).toEqual([
      '2001:db8:5::1',
      undefined,
    ])
    expect(r.sourceMap.get('mobileNode.interfaces[1].preference')).toMatchObject({ line: 4, col: 37 })
    expect(r.sourceMap.get('mobileNode.homeLinks[0].homeAddress')).toMatchObject({ line: 7, col: 18 })
  })

  it('names mistakes at their line and column', () => {
    expect(
      lines(`mobileNode:
  interfaces: [{ mnIfPreference: 2 }]
  mnHomeLink:
    - interface: wlan0
      homeAgentAddress: [2001:db8::]
    - { interface: wlan0, homeAddress: 2001:db8::1 }
  haMaxBindingLife: 10
`).sort(byPosition),
    ).toEqual([
      'config.yaml:2:16: error: an interfaces entry needs "name", e.g. "- { name: wlan0, mnIfPreference: 1 }"',
      'config.yaml:4:7: error: an mnHomeLink entry needs "interface" and "homeAddress", e.g. "- { interface: wlan0, homeAddress: 2001:db8::beef/64 }"',
      'config.yaml:5:25: error: homeAgentAddress takes an IPv6 address, not a list (setting homeAgentAddress)',
      'config.yaml:6:40: error: homeAddress: bad IPv6 prefix "2001:db8::1": missing "/length" (setting homeAddress, value 2001:db8::1)',
      'config.yaml:7:3: error: haMaxBindingLife is a homeAgent setting, not a mobileNode one (setting haMaxBindingLife)',
    ])
  })
})

describe('YAML config: console', () => {
  it('reads port, bindAddress and allowCommands, and has the defaults', () => {
    expect(decode('').config!.console).toEqual({ port: 7777, bindAddress: '127.0.0.1', allowCommands: false })
    const r = decode('console:\n  port: 2323\n  bindAddress: "::1"\n  allowCommands: true\n')
    expect(r.diagnostics).toEqual([])
    expect(r.config!.console).toEqual({ port: 2323, bindAddress: '::1', allowCommands: true })
    expect(r.sourceMap.get('console.port')).toMatchObject({ line: 2, col: 9 })
  })

  it('names mistakes at their line and column', () => {
    expect(lines('console:\n  port: telnet\n  allowComands: true\n')).toEqual([
      'config.yaml:2:9: error: port takes a whole number 0..4294967295, not "telnet" (setting port, value telnet)',
      'config.yaml:3:3: error: unknown key "allowComands" in console; did you mean allowCommands? (setting allowComands)',
    ])
  })
})

function byPosition(a: string, b: string): number {
  const pos = (s: string) => s.split(':').slice(1, 3).map(Number) as [number, number]
  const [la, ca] = pos(a)
  const [lb, cb] = pos(b)
  return la - lb || ca - cb
}
