// Seed 002's mip6d.conf files: the home agent "denali" and the mobile node "raven", the MN's as
// the article printed it (its MnHomeLink lost the closing brace) and restored; and the whole
// router in the native YAML, which must load to the same RouterConfig as radvd.conf + mip6d.conf.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatAddress, formatPrefix } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { loadConfig } from './load'
import { parseMip6dConf } from './mip6d-conf-parser'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const source = (name: string, file = name) => ({ file, text: readFileSync(join(FIXTURES, name), 'utf8') })

describe('seed 002 mip6d.conf of the home agent', () => {
  it("is the article's file, byte for byte", () => {
    expect(source('seed-002-mip6d-ha.conf').text).toBe(
      'NodeConfig HA;\n\n## If set to > 0, will not detach from tty\nDebugLevel 0;\n\n## List of interfaces where we serve as Home Agent\nInterface "wlan0";\nUseMnHaIPsec disabled;\n',
    )
  })

  it('loads with the radvd.conf without a diagnostic', () => {
    const r = loadConfig({
      radvdConf: source('seed-002-radvd.conf', 'radvd.conf'),
      mip6dConf: source('seed-002-mip6d-ha.conf', 'mip6d.conf'),
    })
    expect(r.diagnostics).toEqual([])
    expect(r.config).toMatchObject({
      nodeConfig: 'ha',
      homeAgent: { interfaces: ['wlan0'], useMnHaIpsec: false },
    })
  })

  it('alone, says the home link needs Router Advertisements', () => {
    const r = loadConfig({ mip6dConf: source('seed-002-mip6d-ha.conf', 'mip6d.conf') })
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:7:11: error: home agent interface wlan0 has no Router Advertisement settings: mobile nodes find their home link and home agent from RAs with the Home Agent (H) flag (RFC 6275 §7.1); add "interface wlan0 { AdvSendAdvert on; AdvHomeAgentFlag on; ... };" to radvd.conf, or interfaces.wlan0.ra to the YAML config (setting Interface, value wlan0)',
    ])
  })

  it('warns when the home link advertises without the Home Agent flag', () => {
    const radvd = source('seed-002-radvd.conf', 'radvd.conf')
    radvd.text = radvd.text.replace('AdvHomeAgentFlag on;', 'AdvHomeAgentFlag off;')
    const r = loadConfig({ radvdConf: radvd, mip6dConf: source('seed-002-mip6d-ha.conf', 'mip6d.conf') })
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:7:11: warning: home agent interface wlan0 advertises without the Home Agent flag: AdvHomeAgentFlag is off (RA settings at radvd.conf:1:1); mobile nodes and DHAAD will not find this home agent (RFC 6275 §7.1) (setting Interface)',
    ])
  })
})

describe('seed 002 native YAML of the whole router', () => {
  it('loads to the same RouterConfig as its radvd.conf and mip6d.conf', () => {
    const yaml = loadConfig({ config: source('seed-002.yaml', 'config.yaml') })
    const pair = loadConfig({
      config: { file: 'router.yaml', text: 'router:\n  id: denali\n' },
      radvdConf: source('seed-002-radvd.conf', 'radvd.conf'),
      mip6dConf: source('seed-002-mip6d-ha.conf', 'mip6d.conf'),
    })
    expect(yaml.diagnostics).toEqual([])
    expect(pair.diagnostics).toEqual([])
    expect(yaml.config).toBeDefined()
    expect(yaml.config).toEqual(pair.config)
  })
})

describe('seed 002 mip6d.conf of the mobile node', () => {
  it('as printed: says where the closing brace is missing', () => {
    const r = loadConfig({ mip6dConf: source('seed-002-mip6d-mn-as-printed.conf', 'mip6d.conf') })
    expect(r.config).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:3:1: warning: DebugLevel 7 is not used; for debug logs run the router with --log-level debug, or set router.logLevel: debug in the YAML config (setting DebugLevel, value 7)',
      'mip6d.conf:12:37: error: missing "}" to close MnHomeLink "wlan0" (opened at 10:1)',
    ])
  })

  it('as printed, once recovered, means what the restored file means', () => {
    const printed = parseMip6dConf(source('seed-002-mip6d-mn-as-printed.conf').text, 'mip6d.conf')
    const restored = parseMip6dConf(source('seed-002-mip6d-mn.conf').text, 'mip6d.conf')
    expect(printed.config).toEqual(restored.config)
    expect(source('seed-002-mip6d-mn.conf').text).toBe(
      `${source('seed-002-mip6d-mn-as-printed.conf').text}}\n`,
    )
  })

  it('restored: reads raven, whose home agent address 2001:db8:: is the subnet-router anycast address', () => {
    const r = loadConfig({ mip6dConf: source('seed-002-mip6d-mn.conf', 'mip6d.conf') })
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning'])
    const mn = r.config!.mobileNode!
    expect(mn).toMatchObject({
      useMnHaIpsec: false,
      doRouteOptimizationMn: false,
      doRouteOptimizationCn: false,
    })
    expect(mn.interfaces).toEqual([{ name: 'wlan0', preference: 10, tunnel: false }])
    const link = mn.homeLinks[0]!
    expect([link.interface, formatPrefix(link.homeAddress), formatAddress(link.homeAgentAddress!)]).toEqual([
      'wlan0',
      '2001:db8::beef/64',
      '2001:db8::',
    ])
  })

  it('has a native YAML equivalent', () => {
    const yaml = loadConfig({
      config: {
        file: 'raven.yaml',
        text: `nodeConfig: mn
mobileNode:
  useMnHaIPsec: disabled
  doRouteOptimizationMN: disabled
  doRouteOptimizationCN: disabled
  interfaces: [wlan0]
  mnHomeLink:
    - interface: wlan0
      homeAddress: 2001:db8::beef/64
      homeAgentAddress: "2001:db8::"
`,
      },
    })
    const mip6d = loadConfig({ mip6dConf: source('seed-002-mip6d-mn.conf', 'mip6d.conf') })
    expect(yaml.diagnostics).toEqual([])
    expect(yaml.config).toEqual(mip6d.config)
  })
})
