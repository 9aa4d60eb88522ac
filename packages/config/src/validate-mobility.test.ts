// validate() for the home agent, the mobile node and the console: each rule, its message, and
// the position and spelling it uses in mip6d.conf and in YAML.
import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { type Diagnostic, formatDiagnostic } from './diagnostic'
import {
  defaultHomeAgentConfig,
  defaultMobileNodeConfig,
  defaultRaConfig,
  defaultRouterConfig,
} from './draft'
import { loadConfig } from './load'
import type { HomeAgentConfig, RouterConfig } from './schema'
import { validate } from './validate'

const RADVD = 'interface wlan0 {\n\tAdvSendAdvert on;\n\tAdvHomeAgentFlag on;\n\tMaxRtrAdvInterval 10;\n};\n'
const RA_YAML =
  'interfaces:\n  wlan0:\n    ra: { advSendAdvert: true, advHomeAgentFlag: true, maxRtrAdvInterval: 10 }\n'

/** Diagnostics of a mip6d.conf home agent (NodeConfig HA on line 1, wlan0 on line 2). */
function mip6d(body: string, role = 'HA'): string[] {
  const text = `NodeConfig ${role};\nInterface "wlan0";\nUseMnHaIPsec disabled;\n${body}\n`
  return loadConfig({
    radvdConf: { file: 'radvd.conf', text: RADVD },
    mip6dConf: { file: 'mip6d.conf', text },
  }).diagnostics.map(formatDiagnostic)
}

/** Diagnostics of a YAML homeAgent body (after `interfaces: [wlan0]` on line 5). */
function yaml(body: string, section = 'homeAgent'): string[] {
  const text = `${RA_YAML}${section}:\n  interfaces: [wlan0]\n${body.replace(/^/gm, '  ')}\n`
  return loadConfig({ config: { file: 'config.yaml', text } }).diagnostics.map(formatDiagnostic)
}

/** Diagnostics of a config built in code (no source map). */
function built(ha: Partial<HomeAgentConfig>): Diagnostic[] {
  const config: RouterConfig = {
    ...defaultRouterConfig(),
    interfaces: [
      { name: 'wlan0', ra: { ...defaultRaConfig(), advSendAdvert: true, advHomeAgentFlag: true } },
    ],
    nodeConfig: 'ha',
    homeAgent: { ...defaultHomeAgentConfig(), interfaces: ['wlan0'], ...ha },
  }
  return validate(config)
}

describe('validate: home agent', () => {
  it('accepts the defaults with a home link', () => {
    expect(built({})).toEqual([])
    expect(mip6d('')).toEqual([])
    expect(yaml('')).toEqual([])
  })

  it('needs an interface to serve', () => {
    expect(built({ interfaces: [] }).map(formatDiagnostic)).toEqual([
      'error: the home agent serves no interface: name the home link with homeAgent.interfaces: [wlan0] (setting interfaces)',
    ])
    const r = loadConfig({
      mip6dConf: { file: 'mip6d.conf', text: 'NodeConfig HA;\nUseMnHaIPsec disabled;\n' },
    })
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'mip6d.conf:1:1: error: the home agent serves no interface: name the home link with Interface "wlan0"; (setting Interface)',
    ])
  })

  it('needs RA settings on each home link, and an interface listed once', () => {
    expect(mip6d('Interface "wlan1";\nInterface "wlan0";')).toEqual([
      'mip6d.conf:4:11: error: home agent interface wlan1 has no Router Advertisement settings: mobile nodes find their home link and home agent from RAs with the Home Agent (H) flag (RFC 6275 §7.1); add "interface wlan1 { AdvSendAdvert on; AdvHomeAgentFlag on; ... };" to radvd.conf, or interfaces.wlan1.ra to the YAML config (setting Interface, value wlan1)',
      'mip6d.conf:5:11: error: home agent interface wlan0 is listed twice (first at mip6d.conf:2:11) (setting Interface)',
    ])
  })

  it('warns when the home link sends no RAs', () => {
    const text =
      'interfaces:\n  wlan0:\n    ra: { advSendAdvert: false }\nhomeAgent:\n  interfaces: [wlan0]\n'
    expect(loadConfig({ config: { file: 'config.yaml', text } }).diagnostics.map(formatDiagnostic)).toEqual([
      'config.yaml:5:16: warning: home agent interface wlan0 sends no Router Advertisements: advSendAdvert is off (RA settings at config.yaml:3:5), so mobile nodes cannot tell they are at home (setting interfaces)',
    ])
  })

  it('holds HaMaxBindingLife to 4..262140 s, the BU lifetime field, and warns off multiples of 4', () => {
    expect(mip6d('HaMaxBindingLife 262144;')).toEqual([
      'mip6d.conf:4:18: error: HaMaxBindingLife 262144 s is out of range: a home agent binding lasts 4 to 262140 s, the 16-bit Lifetime field counting units of 4 s (RFC 6275 §6.1.7) (setting HaMaxBindingLife, value 262144, allowed 4..262140)',
    ])
    expect(yaml('haMaxBindingLife: 3601')).toEqual([
      'config.yaml:6:21: warning: haMaxBindingLife 3601 s is not a multiple of 4: lifetimes go out in units of 4 s (RFC 6275 §6.1.7), so this one is sent as 3600 s (setting haMaxBindingLife, value 3601, allowed multiples of 4 up to 262140)',
    ])
  })

  it('refuses UseMnHaIPsec enabled and says how to run without IPsec', () => {
    expect(mip6d('UseMnHaIPsec enabled;')).toEqual([
      'mip6d.conf:4:1: warning: UseMnHaIPsec is set again (first at 3:1); the last value counts (setting UseMnHaIPsec)',
      'mip6d.conf:4:14: error: UseMnHaIPsec is enabled, but the router does not support IPsec (RFC 3776, RFC 4877), so it cannot protect the home agent\'s binding signalling with it; set "UseMnHaIPsec disabled;", and to authenticate Binding Updates without IPsec use homeAgent.authentication (RFC 4285) in the YAML config (setting UseMnHaIPsec, value enabled, allowed disabled)',
    ])
    expect(yaml('useMnHaIPsec: true')).toEqual([
      "config.yaml:6:17: error: useMnHaIPsec is enabled, but the router does not support IPsec (RFC 3776, RFC 4877), so it cannot protect the home agent's binding signalling with it; set useMnHaIPsec: false, and to authenticate Binding Updates without IPsec use homeAgent.authentication (RFC 4285) in the YAML config (setting useMnHaIPsec, value enabled, allowed disabled)",
    ])
  })

  it('accepts route optimization and key management switches with a warning: neither is implemented', () => {
    expect(
      mip6d(
        'DoRouteOptimizationCN enabled;\nKeyMngMobCapability enabled;\nCnBindingPolicySet {\n\t2001:db8::9 enabled;\n}',
      ),
    ).toEqual([
      'mip6d.conf:4:23: warning: DoRouteOptimizationCN is enabled, but route optimization (RFC 6275 §5.2, return routability) is not implemented: traffic keeps going through the home agent tunnel (setting DoRouteOptimizationCN, value enabled)',
      'mip6d.conf:5:21: warning: KeyMngMobCapability is enabled, but the K flag is for IPsec keys managed by IKE, which the router does not have; it is not set (setting KeyMngMobCapability, value enabled)',
      'mip6d.conf:7:2: warning: CnBindingPolicySet is enabled, but route optimization (RFC 6275 §5.2, return routability) is not implemented: traffic keeps going through the home agent tunnel (setting CnBindingPolicySet, value enabled)',
    ])
  })

  it('checks the binding ACL: home addresses, BA status numbers, duplicates, a policy that refuses all', () => {
    expect(
      mip6d(
        'BindingAclPolicy fe80::1 allow;\nBindingAclPolicy 2001:db8::1 300;\nBindingAclPolicy 2001:db8::1 deny;\nBindingAclPolicy 2001:db8::2 (2001:db8:7::/64) deny;\nDefaultBindingAclPolicy deny;',
      ),
    ).toEqual([
      'mip6d.conf:4:18: error: BindingAclPolicy fe80::1: a home address cannot be link-local: it must be reachable from other links (setting BindingAclPolicy, value fe80::1)',
      'mip6d.conf:5:30: error: BindingAclPolicy 300 is not a Binding Acknowledgement status: the Status field is 8 bits (RFC 6275 §6.1.8); 0..127 accept, 128..255 refuse (setting BindingAclPolicy, value 300, allowed allow, deny, 0..255)',
      'mip6d.conf:6:18: error: BindingAclPolicy for 2001:db8::1 is given twice (first at mip6d.conf:5:1); keep one (setting BindingAclPolicy, value 2001:db8::1)',
      'mip6d.conf:7:31: warning: BindingAclPolicy 2001:db8::2 lists mobile network prefixes, but HaAcceptMobRtr is disabled: mobile router bindings are refused (setting BindingAclPolicy)',
    ])
    expect(mip6d('BindingAclPolicy 2001:db8::1 deny;\nDefaultBindingAclPolicy 129;')).toEqual([
      'mip6d.conf:5:25: warning: DefaultBindingAclPolicy 129 and no BindingAclPolicy entry allows a home address: every Binding Update will be refused (setting DefaultBindingAclPolicy, value 129)',
    ])
  })

  it('warns of HaServedPrefix without HaAcceptMobRtr', () => {
    expect(mip6d('HaServedPrefix 2001:db8::/48;')).toEqual([
      'mip6d.conf:4:16: warning: HaServedPrefix is used only for mobile router bindings, and HaAcceptMobRtr is disabled (setting HaServedPrefix)',
    ])
    expect(mip6d('HaAcceptMobRtr enabled;\nHaServedPrefix 2001:db8::/48;')).toEqual([])
  })

  it('orders the Mobile Prefix Advertisement intervals (RFC 6275 §13)', () => {
    expect(mip6d('MinMobPfxAdvInterval 900;\nMaxMobPfxAdvInterval 600;')).toEqual([
      'mip6d.conf:4:22: error: MinMobPfxAdvInterval 900 s is more than MaxMobPfxAdvInterval (600 s) (setting MinMobPfxAdvInterval, value 900, allowed 0..600)',
    ])
    expect(mip6d('MaxMobPfxAdvInterval 0;')).toEqual([
      'mip6d.conf:4:22: error: MaxMobPfxAdvInterval 0 s must be a whole number of seconds from 1 (setting MaxMobPfxAdvInterval, value 0, allowed 1..4294967295)',
    ])
  })

  it('checks our own settings: capacity, DAD, Binding Refresh Requests', () => {
    expect(
      yaml('maxBindings: 0\ndad: false\nbindingRefreshRequest: { refreshBeforeExpiry: 300000 }'),
    ).toEqual([
      'config.yaml:6:16: error: maxBindings 0 is out of range: the binding cache holds 1 to 1048576 bindings (setting maxBindings, value 0, allowed 1..1048576)',
      'config.yaml:7:8: warning: dad is off: home addresses are taken without Duplicate Address Detection (RFC 6275 §10.3.1), so a node already using one on the home link is not noticed; for labs only (setting dad, value false)',
      'config.yaml:8:49: error: refreshBeforeExpiry 300000 s is out of range: no binding lives longer than 262140 s; 0 sends no Binding Refresh Request (setting refreshBeforeExpiry, value 300000, allowed 0..262140)',
    ])
    expect(yaml('haMaxBindingLife: 60\nbindingRefreshRequest: { refreshBeforeExpiry: 60 }')).toEqual([
      'config.yaml:7:49: warning: refreshBeforeExpiry 60 s is not shorter than haMaxBindingLife (60 s): a Binding Refresh Request would go out as soon as each binding is made (setting refreshBeforeExpiry, value 60, allowed 0..59)',
    ])
  })

  it('checks RFC 4285 authentication keys', () => {
    expect(
      yaml(`authentication:
  required: true
  keys:
    - { mnIdentifier: raven@denali.example, key: "0011" }
    - { spi: 1000, keyFile: /etc/mip6-router/a.key }
    - { spi: 1000, mnIdentifier: raven@denali.example, keyFile: /etc/mip6-router/b.key }
    - { mnIdentifier: "a b", keyFile: /k }`),
    ).toEqual([
      'config.yaml:9:52: warning: key of raven@denali.example is 2 bytes: RFC 4285 authenticates with HMAC-SHA1, and RFC 2104 §3 strongly discourages keys shorter than its 20-byte output (setting key, value 2 bytes, allowed 20.. bytes)',
      'config.yaml:11:16: error: Mobility SPI 1000 is given to two keys (first at config.yaml:10:9) (setting spi, value 1000)',
      'config.yaml:11:36: error: mnIdentifier raven@denali.example is given two keys (first at config.yaml:9:9) (setting mnIdentifier, value raven@denali.example)',
      'config.yaml:12:25: error: mnIdentifier "a b" is not a NAI such as raven@example.org (RFC 4282): no white space (setting mnIdentifier, value a b)',
    ])
    expect(yaml('authentication: { required: true }')).toEqual([
      'config.yaml:6:31: error: authentication is required but there is no key: every Binding Update would be refused (BA status 146, MIPV6-AUTH-FAIL, RFC 4285) (setting required, value true)',
    ])
  })

  it('keeps the role and its section together in configs built in code', () => {
    const config: RouterConfig = { ...defaultRouterConfig(), nodeConfig: 'mn' }
    expect(validate(config).map(formatDiagnostic)).toEqual([
      'error: nodeConfig is mn: homeAgent must be set exactly for ha and mobileNode exactly for mn (setting nodeConfig, value mn)',
    ])
  })
})

describe('validate: mobile node', () => {
  const mn = (body: string) => mip6d(`${body}`, 'MN')

  it("accepts seed 002's raven: its home agent 2001:db8:: is the subnet-router anycast address", () => {
    expect(
      mn('MnHomeLink "wlan0" {\n\tHomeAddress 2001:db8::beef/64;\n\tHomeAgentAddress 2001:db8::;\n}'),
    ).toEqual([])
  })

  it('needs a home link', () => {
    expect(mn('')).toEqual([
      'mip6d.conf:1:1: error: the mobile node has no home link: give one with MnHomeLink "wlan0" { HomeAddress 2001:db8::beef/64; } (setting MnHomeLink)',
    ])
  })

  it('keeps the home agent address in the home prefix, off the home address, and global', () => {
    expect(
      mn(
        'MnHomeLink "wlan0" {\n\tHomeAddress 2001:db8::beef/64;\n\tHomeAgentAddress 2001:db8:1::1;\n}\nMnHomeLink "wlan0" {\n\tHomeAddress 2001:db8:5::1/64;\n\tHomeAgentAddress 2001:db8:5::1;\n}\nMnHomeLink "wlan0" {\n\tHomeAddress 2001:db8:6::1/48;\n\tHomePrefix 2001:db8:7::/64;\n\tHomeAgentAddress 2001:db8:6::2;\n}',
      ),
    ).toEqual([
      'mip6d.conf:6:19: error: HomeAgentAddress 2001:db8:1::1 is outside the home prefix 2001:db8::/64: the home agent is a router on the home link (RFC 6275 §3.2); leave it out to find the home agent by DHAAD (setting HomeAgentAddress, value 2001:db8:1::1, allowed an address in 2001:db8::/64)',
      'mip6d.conf:10:19: error: HomeAgentAddress 2001:db8:5::1 is the home address itself: the home agent is a router on the home link (RFC 6275 §3.2); leave it out to find the home agent by DHAAD (setting HomeAgentAddress, value 2001:db8:5::1, allowed an address in 2001:db8:5::/64)',
      'mip6d.conf:15:19: error: HomeAgentAddress 2001:db8:6::2 is outside the home prefix 2001:db8:7::/64: the home agent is a router on the home link (RFC 6275 §3.2); leave it out to find the home agent by DHAAD (setting HomeAgentAddress, value 2001:db8:6::2, allowed an address in 2001:db8:7::/64)',
    ])
  })

  it('refuses a home address that is not global unicast or given twice', () => {
    expect(
      mn(
        'MnHomeLink "wlan0" { HomeAddress ff02::1/64; }\nMnHomeLink "wlan0" { HomeAddress 2001:db8::1/64; }\nMnHomeLink "wlan0" { HomeAddress 2001:db8::1/64; }',
      ),
    ).toEqual([
      'mip6d.conf:4:34: error: HomeAddress ff02::1/64: a home address cannot be multicast (setting HomeAddress, value ff02::1/64)',
      'mip6d.conf:6:34: error: home address 2001:db8::1 is given twice (first at mip6d.conf:5:1) (setting HomeAddress, value 2001:db8::1)',
    ])
  })

  it("holds mip6d's ranges: MnIfPreference 0..10, MnMaxCnBindingLife up to 420 s", () => {
    expect(
      mn(
        'Interface "eth0" { MnIfPreference 11; }\nMnMaxCnBindingLife 600;\nMnHomeLink "wlan0" { HomeAddress 2001:db8::1/64; }',
      ),
    ).toEqual([
      'mip6d.conf:4:35: error: MnIfPreference 11 on eth0 is out of range: 1 is the most preferred, 10 the least, 0 leaves the interface unused (setting MnIfPreference, value 11, allowed 0..10)',
      'mip6d.conf:5:20: error: MnMaxCnBindingLife 600 s is out of range: a correspondent binding lasts at most MAX_RR_BINDING_LIFETIME, 420 s (RFC 6275 §12) (setting MnMaxCnBindingLife, value 600, allowed 4..420)',
    ])
  })

  it('warns of a home link on an interface the mobile node does not use, and of route optimization', () => {
    expect(
      mn(
        'MnHomeLink "eth1" { HomeAddress 2001:db8::1/64; MnRoPolicy enabled; }\nDoRouteOptimizationMN enabled;',
      ),
    ).toEqual([
      'mip6d.conf:4:12: warning: home link interface eth1 is not among the mobile node\'s interfaces and MnUseAllInterfaces is disabled: the mobile node will not use it (list it with Interface "eth1";) (setting MnHomeLink)',
      'mip6d.conf:4:49: warning: MnRoPolicy is enabled, but route optimization (RFC 6275 §5.2, return routability) is not implemented: traffic keeps going through the home agent tunnel (setting MnRoPolicy, value enabled)',
      'mip6d.conf:5:23: warning: DoRouteOptimizationMN is enabled, but route optimization (RFC 6275 §5.2, return routability) is not implemented: traffic keeps going through the home agent tunnel (setting DoRouteOptimizationMN, value enabled)',
    ])
  })

  it('checks a mobile node built in code', () => {
    const config: RouterConfig = {
      ...defaultRouterConfig(),
      nodeConfig: 'mn',
      mobileNode: {
        ...defaultMobileNodeConfig(),
        useAllInterfaces: true,
        homeLinks: [
          {
            interface: 'a-very-long-interface-name',
            homeAddress: { address: mustParse('2001:db8::1'), length: 64 },
            mobileNetworkPrefixes: [],
            isMobRtr: false,
            useAltCoa: false,
            roPolicies: [],
          },
        ],
        useMnHaIpsec: true,
      },
    }
    expect(validate(config).map(formatDiagnostic)).toEqual([
      'error: interface name "a-very-long-interface-name" is longer than 15 characters (Linux IFNAMSIZ) (setting interface, value a-very-long-interface-name, allowed 1..15 characters)',
      "error: useMnHaIPsec is enabled, but the router does not support IPsec (RFC 3776, RFC 4877), so it cannot protect the mobile node's binding signalling with it; set useMnHaIPsec: false (setting useMnHaIPsec, value enabled, allowed disabled)",
    ])
  })
})

describe('validate: console', () => {
  const console = (body: string) =>
    loadConfig({
      config: { file: 'config.yaml', text: `console:\n${body.replace(/^/gm, '  ')}\n` },
    }).diagnostics.map(formatDiagnostic)

  it('accepts the defaults: 127.0.0.1 port 7777, no commands', () => {
    expect(validate(defaultRouterConfig())).toEqual([])
    expect(console('bindAddress: "::1"\nallowCommands: true')).toEqual([])
  })

  it('checks the port and the address, and warns of commands on a network address', () => {
    expect(console('port: 0\nbindAddress: 192.0.2.300')).toEqual([
      'config.yaml:2:9: error: port 0 is not a TCP port (setting port, value 0, allowed 1..65535)',
      'config.yaml:3:16: error: bindAddress "192.0.2.300" is not an IPv4 or IPv6 address (setting bindAddress, value 192.0.2.300, allowed 127.0.0.1, ::1 or another address of the router)',
    ])
    expect(console('bindAddress: 0.0.0.0\nallowCommands: true')).toEqual([
      'config.yaml:3:18: warning: allowCommands is on and the console listens on 0.0.0.0: anyone who reaches that address can change the router; the console has no password (setting allowCommands, value true)',
    ])
  })
})
