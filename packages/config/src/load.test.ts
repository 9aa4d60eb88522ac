// loadConfig(): the sources merged into one config and one source map, then validated.
import { describe, expect, it } from 'vitest'
import { type Diagnostic, formatDiagnostic } from './diagnostic'
import { defaultRouterConfig } from './draft'
import { loadConfig } from './load'

const radvdConf = (text: string) => ({ file: 'radvd.conf', text })
const config = (text: string) => ({ file: 'config.yaml', text })

describe('loadConfig', () => {
  it('gives the defaults when there is nothing to load', () => {
    expect(loadConfig({})).toMatchObject({ config: defaultRouterConfig(), diagnostics: [] })
  })

  it('takes the router settings from the YAML and the RA settings from radvd.conf', () => {
    const r = loadConfig({
      config: config('router:\n  id: denali\n'),
      radvdConf: radvdConf('interface wlan0 { AdvSendAdvert on; };\n'),
    })
    expect(r.diagnostics).toEqual([])
    expect(r.config!.router.id).toBe('denali')
    expect(r.config!.interfaces.map((i) => [i.name, i.ra.advSendAdvert])).toEqual([['wlan0', true]])
  })

  it('gives an interface listed in the YAML without ra the RA settings of radvd.conf, with their positions', () => {
    const r = loadConfig({
      config: config('interfaces:\n  eth9:\n  wlan0:\n'),
      radvdConf: radvdConf('interface wlan0 {\n\tAdvCurHopLimit 300;\n};\n'),
    })
    expect(r.config).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'radvd.conf:2:17: error: AdvCurHopLimit 300 on wlan0 does not fit the 8-bit Cur Hop Limit field (setting AdvCurHopLimit, value 300, allowed 0..255)',
    ])
    expect(r.sourceMap.get('interfaces[1].ra.advCurHopLimit')).toMatchObject({ file: 'radvd.conf', line: 2 })
    expect(r.sourceMap.get('interfaces[0]')).toMatchObject({ file: 'config.yaml', line: 2 })
  })

  it('refuses RA settings for one interface in two files', () => {
    const r = loadConfig({
      config: config('interfaces:\n  wlan0:\n    ra:\n      advSendAdvert: true\n'),
      radvdConf: radvdConf('interface wlan0 { AdvSendAdvert on; };\n'),
    })
    expect(r.config).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'radvd.conf:1:1: error: interface wlan0 has RA settings here and in config.yaml:3:5; keep one',
    ])
  })

  it('does not validate a file that did not parse, so skipped settings raise no false errors', () => {
    const r = loadConfig({
      radvdConf: radvdConf('interface eth0 {\n\tMaxRtrAdvInterval 10;\n\tMinRtrAdvInterval 3.5.;\n};\n'),
    })
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'radvd.conf:3:20: error: MinRtrAdvInterval takes a number of seconds such as 10 or 0.05, not "3.5." (setting MinRtrAdvInterval, value 3.5.)',
    ])
  })

  it('keeps warnings when the config is good', () => {
    const r = loadConfig({ radvdConf: radvdConf('interface eth0 {\n\tprefix 2001:db8::/48;\n};\n') })
    expect(r.config).toBeDefined()
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning'])
  })

  it('lists the diagnostics of all files in file and line order', () => {
    const r = loadConfig({
      config: config('router:\n  logLevel: loud\n'),
      radvdConf: radvdConf('interface eth0 {\n\tAdvSendAdvert maybe;\n\tAdvLinkMTU x;\n};\n'),
    })
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([
      'config.yaml:2',
      'radvd.conf:2',
      'radvd.conf:3',
    ])
  })
})

describe('loadConfig with a mip6d.conf', () => {
  const mip6dConf = (text: string) => ({ file: 'mip6d.conf', text })
  const RADVD =
    'interface wlan0 {\n\tAdvSendAdvert on;\n\tAdvHomeAgentFlag on;\n\tMaxRtrAdvInterval 10;\n};\n'
  const HA = 'NodeConfig HA;\nInterface "wlan0";\nUseMnHaIPsec disabled;\n'

  it('takes nodeConfig and the home agent from mip6d.conf, and our own home agent settings from the YAML', () => {
    const r = loadConfig({
      config: config('homeAgent:\n  maxBindings: 16\n  dad: false\n  authentication: { required: false }\n'),
      radvdConf: radvdConf(RADVD),
      mip6dConf: mip6dConf(`${HA}HaMaxBindingLife 3600;\n`),
    })
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'config.yaml:3:8: warning: dad is off: home addresses are taken without Duplicate Address Detection (RFC 6275 §10.3.1), so a node already using one on the home link is not noticed; for labs only (setting dad, value false)',
    ])
    expect(r.config!.homeAgent).toMatchObject({
      interfaces: ['wlan0'],
      maxBindingLifetimeS: 3600,
      maxBindings: 16,
      dad: false,
      authentication: { required: false, keys: [] },
    })
    expect(r.sourceMap.get('homeAgent.maxBindingLifetimeS')).toMatchObject({ file: 'mip6d.conf', line: 4 })
    expect(r.sourceMap.get('homeAgent.maxBindings')).toMatchObject({ file: 'config.yaml', line: 2 })
  })

  it('refuses a mip6d setting in the YAML when mip6d.conf gives the home agent, naming both files', () => {
    const r = loadConfig({
      config: config('nodeConfig: ha\nhomeAgent:\n  interfaces: [wlan0, wlan1]\n  haMaxBindingLife: 600\n'),
      radvdConf: radvdConf(RADVD),
      mip6dConf: mip6dConf(HA),
    })
    expect(r.config).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'config.yaml:1:13: error: nodeConfig is given here and in mip6d.conf (NodeConfig at mip6d.conf:1:12); keep one (setting nodeConfig)',
      'config.yaml:3:16: error: homeAgent.interfaces comes from mip6d.conf when it is given; set it there or remove it here (the YAML adds only maxBindings, dad, bindingRefreshRequest, authentication to the home agent of a mip6d.conf) (setting interfaces)',
      'config.yaml:4:21: error: homeAgent.haMaxBindingLife comes from mip6d.conf when it is given; set it there or remove it here (the YAML adds only maxBindings, dad, bindingRefreshRequest, authentication to the home agent of a mip6d.conf) (setting haMaxBindingLife)',
    ])
  })

  it('ignores, with a warning, a YAML homeAgent when mip6d.conf makes a mobile node', () => {
    const r = loadConfig({
      config: config('homeAgent:\n  maxBindings: 16\n'),
      mip6dConf: mip6dConf(
        'NodeConfig MN;\nUseMnHaIPsec disabled;\nMnHomeLink "wlan0" { HomeAddress 2001:db8::1/64; }\n',
      ),
    })
    expect(r.config).toMatchObject({ nodeConfig: 'mn' })
    expect(r.config!.homeAgent).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'config.yaml:1:1: warning: homeAgent is ignored: mip6d.conf makes this node MN (NodeConfig at mip6d.conf:1:12) (setting homeAgent)',
      'mip6d.conf:3:12: warning: home link interface wlan0 is not among the mobile node\'s interfaces and MnUseAllInterfaces is disabled: the mobile node will not use it (list it with Interface "wlan0";) (setting MnHomeLink)',
    ])
  })

  it('does not validate a mip6d.conf that did not parse', () => {
    const r = loadConfig({
      mip6dConf: mip6dConf('NodeConfig HA;\nUseMnHaIPsec disabled;\nHaMaxBindingLife 1.5;\n'),
    })
    expect(r.config).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:3:18: error: HaMaxBindingLife takes a whole number, not "1.5" (mip6d takes no fraction here) (setting HaMaxBindingLife, value 1.5)',
    ])
  })
})

describe('formatDiagnostic', () => {
  const d: Diagnostic = { severity: 'error', file: 'radvd.conf', line: 3, col: 9, message: 'm' }

  it('prints FILE:LINE:COL: severity: message', () => {
    expect(formatDiagnostic(d)).toBe('radvd.conf:3:9: error: m')
  })

  it('adds the setting, value and allowed range that it has', () => {
    expect(formatDiagnostic({ ...d, setting: 'AdvLinkMTU', value: '9', allowed: '0 or 1280..' })).toBe(
      'radvd.conf:3:9: error: m (setting AdvLinkMTU, value 9, allowed 0 or 1280..)',
    )
    expect(formatDiagnostic({ ...d, severity: 'warning', value: '9' })).toBe(
      'radvd.conf:3:9: warning: m (value 9)',
    )
  })

  it('leaves out a position it does not know', () => {
    expect(formatDiagnostic({ ...d, line: 0, col: 0 })).toBe('radvd.conf: error: m')
    expect(formatDiagnostic({ ...d, file: '', line: 0, col: 0 })).toBe('error: m')
  })
})
