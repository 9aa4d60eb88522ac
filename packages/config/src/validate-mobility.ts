// validate() for the Mobile IPv6 sections: the home agent, the mobile node and the console.
// mip6d's own checks (gram.y: HaMaxBindingLife and MnMaxHaBindingLife <= 262140, MnMaxCnBindingLife
// <= 420, MnIfPreference 0..10; "No home addresses defined"; tunnel interfaces not for a HA) are
// here so that both file formats get them; rules marked "ours" go further than mip6d.
//
// Settings are named as the file that holds them spells them: `HaMaxBindingLife` for
// mip6d.conf, `haMaxBindingLife` for YAML. A defaulted setting is reported at its section
// (the NodeConfig line of a mip6d.conf, the homeAgent key of a YAML file).
import {
  addressEquals,
  formatAddress,
  formatPrefix,
  type Ipv6Address,
  type Ipv6Prefix,
  inPrefix,
  isLinkLocalUnicast,
  isMulticast,
  isUnspecified,
  maskAddress,
  mustParse,
  parseAddress,
} from '@mip6/wire'
import { LIMITS, MOBILITY_LIMITS } from './defaults'
import { type Diagnostic, type Dialect, locate, type Severity, type SourceMap } from './diagnostic'
import { interfaceNameProblem } from './interface-name'
import { type MobilitySection, mobilityOptionByField, STRUCTURED_NAMES } from './mobility-options'
import { optionByField } from './options'
import type {
  BindingAclPolicy,
  ConsoleConfig,
  HomeAgentConfig,
  MobileNodeConfig,
  RouterConfig,
} from './schema'

export function validateMobility(config: RouterConfig, map: SourceMap | undefined): Diagnostic[] {
  const v = new MobilityValidator(config, map)
  v.roles()
  if (config.homeAgent) v.homeAgent(config.homeAgent)
  if (config.mobileNode) v.mobileNode(config.mobileNode)
  v.console(config.console)
  return v.diagnostics
}

const LOOPBACK = mustParse('::1')
const s4 = MOBILITY_LIMITS.bindingLifetimeUnitS

interface Finding {
  severity: Severity
  /** Schema path of the setting (where it is reported). */
  path: string
  message: string
  /** The setting's name in Diagnostic.setting; by default the last field of `path`. */
  setting?: string
  interface?: string
  value?: string
  allowed?: string
}

class MobilityValidator {
  readonly diagnostics: Diagnostic[] = []

  constructor(
    private readonly config: RouterConfig,
    private readonly map: SourceMap | undefined,
  ) {}

  roles(): void {
    const { nodeConfig, homeAgent, mobileNode } = this.config
    // For configs built in code; the decoders keep this so.
    if (
      (nodeConfig === 'ha') !== (homeAgent !== undefined) ||
      (nodeConfig === 'mn') !== (mobileNode !== undefined)
    ) {
      this.push({
        severity: 'error',
        path: 'nodeConfig',
        message: `nodeConfig is ${nodeConfig}: homeAgent must be set exactly for ha and mobileNode exactly for mn`,
        value: nodeConfig,
      })
    }
  }

  // ---- home agent ----

  homeAgent(ha: HomeAgentConfig): void {
    const p = (field: string) => `homeAgent.${field}`
    const n = (field: string) => this.name(p(field), 'homeAgent', field)

    if (ha.interfaces.length === 0) {
      this.push({
        severity: 'error',
        path: 'homeAgent',
        setting: n('interfaces'),
        message: `the home agent serves no interface: name the home link with ${this.dialect('homeAgent') === 'mip6d' ? 'Interface "wlan0";' : 'homeAgent.interfaces: [wlan0]'}`,
      })
    }
    const seen = new Map<string, number>()
    ha.interfaces.forEach((name, k) => {
      const path = `homeAgent.interfaces[${k}]`
      const first = seen.get(name)
      if (first !== undefined) {
        this.push({
          severity: 'error',
          path,
          setting: n('interfaces'),
          interface: name,
          message: `home agent interface ${name} is listed twice${this.firstAt(`homeAgent.interfaces[${first}]`)}`,
        })
        return
      }
      seen.set(name, k)
      this.interfaceName(path, n('interfaces'), name)
      this.homeLinkRa(path, n('interfaces'), name)
    })

    this.lifetime(p('maxBindingLifetimeS'), n('maxBindingLifetimeS'), ha.maxBindingLifetimeS, 'home agent')
    if (!isWhole(ha.maxBindings) || ha.maxBindings < 1 || ha.maxBindings > MOBILITY_LIMITS.maxBindingsMax) {
      this.push({
        severity: 'error',
        path: p('maxBindings'),
        message: `${n('maxBindings')} ${ha.maxBindings} is out of range: the binding cache holds 1 to ${MOBILITY_LIMITS.maxBindingsMax} bindings`,
        value: String(ha.maxBindings),
        allowed: `1..${MOBILITY_LIMITS.maxBindingsMax}`,
      })
    }
    this.ipsec(p('useMnHaIpsec'), n('useMnHaIpsec'), ha.useMnHaIpsec, 'home agent')
    this.keyManagement(p('keyMngMobCapability'), n('keyMngMobCapability'), ha.keyMngMobCapability)
    this.routeOptimization(p('doRouteOptimizationCn'), n('doRouteOptimizationCn'), ha.doRouteOptimizationCn)
    this.cnPolicies('homeAgent', ha.cnBindingPolicies)

    if (ha.servedPrefixes.length > 0 && !ha.acceptMobRtr) {
      this.push({
        severity: 'warning',
        path: p('servedPrefixes[0]'),
        setting: n('servedPrefixes'),
        message: `${n('servedPrefixes')} is used only for mobile router bindings, and ${n('acceptMobRtr')} is disabled`,
      })
    }
    ha.servedPrefixes.forEach((prefix, k) => {
      this.prefixLength(p(`servedPrefixes[${k}]`), n('servedPrefixes'), prefix)
    })

    // RFC 6275 §13: MinMobPfxAdvInterval <= MaxMobPfxAdvInterval.
    if (ha.maxMobPfxAdvIntervalS < 1 || !isWhole(ha.maxMobPfxAdvIntervalS)) {
      this.push({
        severity: 'error',
        path: p('maxMobPfxAdvIntervalS'),
        message: `${n('maxMobPfxAdvIntervalS')} ${ha.maxMobPfxAdvIntervalS} s must be a whole number of seconds from 1`,
        value: String(ha.maxMobPfxAdvIntervalS),
        allowed: `1..${LIMITS.uint32Max}`,
      })
    } else if (ha.minMobPfxAdvIntervalS > ha.maxMobPfxAdvIntervalS || !isWhole(ha.minMobPfxAdvIntervalS)) {
      this.push({
        severity: 'error',
        path: p('minMobPfxAdvIntervalS'),
        message: `${n('minMobPfxAdvIntervalS')} ${ha.minMobPfxAdvIntervalS} s is more than ${n('maxMobPfxAdvIntervalS')} (${ha.maxMobPfxAdvIntervalS} s)`,
        value: String(ha.minMobPfxAdvIntervalS),
        allowed: `0..${ha.maxMobPfxAdvIntervalS}`,
      })
    }

    this.bindingAcl(ha)

    // Ours: RFC 6275 §10.3.1 has the home agent defend a home address only after DAD.
    if (!ha.dad) {
      this.push({
        severity: 'warning',
        path: p('dad'),
        message: `${n('dad')} is off: home addresses are taken without Duplicate Address Detection (RFC 6275 §10.3.1), so a node already using one on the home link is not noticed; for labs only`,
        value: 'false',
      })
    }

    // Ours: a BRR is useful only some time before the binding ends.
    const brr = ha.bindingRefreshRequest.refreshBeforeExpiryS
    const brrPath = p('bindingRefreshRequest.refreshBeforeExpiryS')
    const brrName = this.name(brrPath, 'homeAgent', 'refreshBeforeExpiryS')
    if (!isWhole(brr) || brr > MOBILITY_LIMITS.maxBindingLifetimeS) {
      this.push({
        severity: 'error',
        path: brrPath,
        setting: brrName,
        message: `${brrName} ${brr} s is out of range: no binding lives longer than ${MOBILITY_LIMITS.maxBindingLifetimeS} s; 0 sends no Binding Refresh Request`,
        value: String(brr),
        allowed: `0..${MOBILITY_LIMITS.maxBindingLifetimeS}`,
      })
    } else if (brr >= ha.maxBindingLifetimeS) {
      this.push({
        severity: 'warning',
        path: brrPath,
        setting: brrName,
        message: `${brrName} ${brr} s is not shorter than ${n('maxBindingLifetimeS')} (${ha.maxBindingLifetimeS} s): a Binding Refresh Request would go out as soon as each binding is made`,
        value: String(brr),
        allowed: `0..${ha.maxBindingLifetimeS - 1}`,
      })
    }

    this.authentication(ha)
  }

  /** The home link needs RAs with the H flag (RFC 6275 §7.1, §10.1; mip6d.conf(5) Interface). */
  private homeLinkRa(path: string, setting: string, name: string): void {
    const i = this.config.interfaces.findIndex((x) => x.name === name)
    const raPath = `interfaces[${i}].ra`
    // An interface of radvd.conf always has RA settings; one of the YAML only with an `ra` key.
    const hasRa =
      this.map === undefined || this.map.has(raPath) || locate(this.map, raPath)?.dialect === 'radvd'
    if (i < 0 || !hasRa) {
      this.push({
        severity: 'error',
        path,
        setting,
        interface: name,
        message: `home agent interface ${name} has no Router Advertisement settings: mobile nodes find their home link and home agent from RAs with the Home Agent (H) flag (RFC 6275 §7.1); add "interface ${name} { AdvSendAdvert on; AdvHomeAgentFlag on; ... };" to radvd.conf, or interfaces.${name}.ra to the YAML config`,
        value: name,
      })
      return
    }
    const ra = this.config.interfaces[i]!.ra
    const at = locate(this.map, raPath)
    const where = at && at.line > 0 ? ` (RA settings at ${at.file}:${at.line}:${at.col})` : ''
    const raName = (field: string) => {
      const written = this.map?.get(`${raPath}.${field}`)?.name
      const spec = optionByField('interface', field)
      return written ?? (at?.dialect === 'radvd' ? spec?.radvd : spec?.yaml) ?? field
    }
    if (!ra.advSendAdvert) {
      this.push({
        severity: 'warning',
        path,
        setting,
        interface: name,
        message: `home agent interface ${name} sends no Router Advertisements: ${raName('advSendAdvert')} is off${where}, so mobile nodes cannot tell they are at home`,
      })
    } else if (!ra.advHomeAgentFlag) {
      this.push({
        severity: 'warning',
        path,
        setting,
        interface: name,
        message: `home agent interface ${name} advertises without the Home Agent flag: ${raName('advHomeAgentFlag')} is off${where}; mobile nodes and DHAAD will not find this home agent (RFC 6275 §7.1)`,
      })
    }
  }

  private bindingAcl(ha: HomeAgentConfig): void {
    const n = (field: string, path: string) => this.name(path, 'homeAgent', field)
    const seen = new Map<string, number>()
    ha.bindingAcl.forEach((entry, k) => {
      const path = `homeAgent.bindingAcl[${k}]`
      const name = n('bindingAcl', path)
      const text = formatAddress(entry.homeAddress)
      const bad = badUnicast(entry.homeAddress)
      if (bad) {
        this.push({
          severity: 'error',
          path: `${path}.homeAddress`,
          setting: name,
          message: `${name} ${text}: a home address ${bad}`,
          value: text,
        })
      }
      const first = seen.get(text)
      if (first !== undefined) {
        this.push({
          severity: 'error',
          path: `${path}.homeAddress`,
          setting: name,
          message: `${name} for ${text} is given twice${this.firstAt(`homeAgent.bindingAcl[${first}]`)}; keep one`,
          value: text,
        })
      } else seen.set(text, k)
      this.policy(`${path}.policy`, name, entry.policy)
      if (entry.mobileNetworkPrefixes.length > 0 && !ha.acceptMobRtr) {
        this.push({
          severity: 'warning',
          path: `${path}.mobileNetworkPrefixes[0]`,
          setting: name,
          message: `${name} ${text} lists mobile network prefixes, but ${this.name('homeAgent.acceptMobRtr', 'homeAgent', 'acceptMobRtr')} is disabled: mobile router bindings are refused`,
        })
      }
      entry.mobileNetworkPrefixes.forEach((prefix, j) => {
        this.prefixLength(`${path}.mobileNetworkPrefixes[${j}]`, name, prefix)
      })
    })
    const dPath = 'homeAgent.defaultBindingAclPolicy'
    const dName = this.name(dPath, 'homeAgent', 'defaultBindingAclPolicy')
    this.policy(dPath, dName, ha.defaultBindingAclPolicy)
    // Ours: a home agent that refuses everyone.
    if (!accepts(ha.defaultBindingAclPolicy) && !ha.bindingAcl.some((e) => accepts(e.policy))) {
      this.push({
        severity: 'warning',
        path: dPath,
        setting: dName,
        message: `${dName} ${policyText(ha.defaultBindingAclPolicy)} and no ${this.name('homeAgent.bindingAcl', 'homeAgent', 'bindingAcl')} entry allows a home address: every Binding Update will be refused`,
        value: policyText(ha.defaultBindingAclPolicy),
      })
    }
  }

  /** RFC 6275 §6.1.8: the BA Status is 8 bits. */
  private policy(path: string, setting: string, policy: BindingAclPolicy): void {
    if (typeof policy !== 'number' || (isWhole(policy) && policy <= MOBILITY_LIMITS.baStatusMax)) return
    this.push({
      severity: 'error',
      path,
      setting,
      message: `${setting} ${policy} is not a Binding Acknowledgement status: the Status field is 8 bits (RFC 6275 §6.1.8); 0..127 accept, 128..255 refuse`,
      value: String(policy),
      allowed: `allow, deny, 0..${MOBILITY_LIMITS.baStatusMax}`,
    })
  }

  private authentication(ha: HomeAgentConfig): void {
    const auth = ha.authentication
    if (!auth) return
    const base = 'homeAgent.authentication'
    if (auth.required && auth.keys.length === 0) {
      this.push({
        severity: 'error',
        path: `${base}.required`,
        setting: 'required',
        message:
          'authentication is required but there is no key: every Binding Update would be refused (BA status 146, MIPV6-AUTH-FAIL, RFC 4285)',
        value: 'true',
      })
    }
    const spis = new Map<number, number>()
    const nais = new Map<string, number>()
    auth.keys.forEach((key, k) => {
      const path = `${base}.keys[${k}]`
      if (key.spi !== undefined) {
        const first = spis.get(key.spi)
        if (first !== undefined) {
          this.push({
            severity: 'error',
            path: `${path}.spi`,
            setting: 'spi',
            message: `Mobility SPI ${key.spi} is given to two keys${this.firstAt(`${base}.keys[${first}]`)}`,
            value: String(key.spi),
          })
        } else spis.set(key.spi, k)
        if (!isWhole(key.spi) || key.spi < 0 || key.spi > MOBILITY_LIMITS.uint32Max) {
          this.push({
            severity: 'error',
            path: `${path}.spi`,
            setting: 'spi',
            message: `Mobility SPI ${key.spi} does not fit 32 bits (RFC 4285)`,
            value: String(key.spi),
            allowed: `0..${MOBILITY_LIMITS.uint32Max}`,
          })
        }
      }
      if (key.mnIdentifier !== undefined) {
        const first = nais.get(key.mnIdentifier)
        if (first !== undefined) {
          this.push({
            severity: 'error',
            path: `${path}.mnIdentifier`,
            setting: 'mnIdentifier',
            message: `mnIdentifier ${key.mnIdentifier} is given two keys${this.firstAt(`${base}.keys[${first}]`)}`,
            value: key.mnIdentifier,
          })
        } else nais.set(key.mnIdentifier, k)
        // RFC 4282 §2.1: a NAI has no white space or control characters (checked loosely).
        if (key.mnIdentifier === '' || /\s|\p{Cc}/u.test(key.mnIdentifier)) {
          this.push({
            severity: 'error',
            path: `${path}.mnIdentifier`,
            setting: 'mnIdentifier',
            message: `mnIdentifier "${key.mnIdentifier}" is not a NAI such as raven@example.org (RFC 4282): no white space`,
            value: key.mnIdentifier,
          })
        }
      }
      if (key.key !== undefined && key.key.length < MOBILITY_LIMITS.hmacSha1KeyMinBytes) {
        this.push({
          severity: 'warning',
          path: `${path}.key`,
          setting: 'key',
          message: `key of ${key.mnIdentifier ?? `SPI ${key.spi}`} is ${key.key.length} bytes: RFC 4285 authenticates with HMAC-SHA1, and RFC 2104 §3 strongly discourages keys shorter than its 20-byte output`,
          value: `${key.key.length} bytes`,
          allowed: `${MOBILITY_LIMITS.hmacSha1KeyMinBytes}.. bytes`,
        })
      }
    })
  }

  // ---- mobile node ----

  mobileNode(mn: MobileNodeConfig): void {
    const p = (field: string) => `mobileNode.${field}`
    const n = (field: string, path = p(field)) => this.name(path, 'mobileNode', field)

    if (mn.homeLinks.length === 0) {
      this.push({
        severity: 'error',
        path: 'mobileNode',
        setting: n('homeLinks'),
        message: `the mobile node has no home link: give one with ${this.dialect('mobileNode') === 'mip6d' ? 'MnHomeLink "wlan0" { HomeAddress 2001:db8::beef/64; }' : 'mobileNode.mnHomeLink: [{ interface: wlan0, homeAddress: 2001:db8::beef/64 }]'}`,
      })
    }
    const names = new Map<string, number>()
    mn.interfaces.forEach((iface, k) => {
      const path = p(`interfaces[${k}]`)
      const first = names.get(iface.name)
      if (first !== undefined) {
        this.push({
          severity: 'error',
          path,
          setting: n('interfaces'),
          interface: iface.name,
          message: `interface ${iface.name} is listed twice${this.firstAt(p(`interfaces[${first}]`))}`,
        })
      } else names.set(iface.name, k)
      this.interfaceName(path, n('interfaces'), iface.name)
      // gram.y: "Valid range is [0,10]".
      if (
        !isWhole(iface.preference) ||
        iface.preference < 0 ||
        iface.preference > MOBILITY_LIMITS.mnIfPreferenceMax
      ) {
        const name = n('preference', `${path}.preference`)
        this.push({
          severity: 'error',
          path: `${path}.preference`,
          setting: name,
          interface: iface.name,
          message: `${name} ${iface.preference} on ${iface.name} is out of range: 1 is the most preferred, ${MOBILITY_LIMITS.mnIfPreferenceMax} the least, 0 leaves the interface unused`,
          value: String(iface.preference),
          allowed: `0..${MOBILITY_LIMITS.mnIfPreferenceMax}`,
        })
      }
    })

    const hoas = new Map<string, number>()
    mn.homeLinks.forEach((link, k) => {
      const path = p(`homeLinks[${k}]`)
      const hoaName = n('homeAddress', `${path}.homeAddress`)
      this.interfaceName(`${path}.interface`, n('interface', `${path}.interface`), link.interface)
      const hoa = link.homeAddress
      const hoaText = formatPrefix(hoa)
      const bad = badUnicast(hoa.address)
      if (bad) {
        this.push({
          severity: 'error',
          path: `${path}.homeAddress`,
          setting: hoaName,
          interface: link.interface,
          message: `${hoaName} ${hoaText}: a home address ${bad}`,
          value: hoaText,
        })
      }
      this.prefixLength(`${path}.homeAddress`, hoaName, hoa)
      const key = formatAddress(hoa.address)
      const first = hoas.get(key)
      if (first !== undefined) {
        this.push({
          severity: 'error',
          path: `${path}.homeAddress`,
          setting: hoaName,
          message: `home address ${key} is given twice${this.firstAt(p(`homeLinks[${first}]`))}`,
          value: key,
        })
      } else hoas.set(key, k)
      if (link.homePrefix)
        this.prefixLength(`${path}.homePrefix`, n('homePrefix', `${path}.homePrefix`), link.homePrefix)
      if (link.homeAgentAddress)
        this.homeAgentAddress(
          `${path}.homeAgentAddress`,
          link.homeAgentAddress,
          hoa,
          link.homePrefix,
          link.interface,
        )
      if (!mn.useAllInterfaces && !mn.interfaces.some((i) => i.name === link.interface)) {
        this.push({
          severity: 'warning',
          path: `${path}.interface`,
          setting: n('interface', `${path}.interface`),
          interface: link.interface,
          message: `home link interface ${link.interface} is not among the mobile node's interfaces and ${n('useAllInterfaces')} is disabled: the mobile node will not use it (list it with ${this.dialect(path) === 'mip6d' ? `Interface "${link.interface}";` : 'mobileNode.interfaces'})`,
        })
      }
      if (link.roPolicies.some((r) => r.routeOptimization)) {
        this.routeOptimization(
          `${path}.roPolicies[${link.roPolicies.findIndex((r) => r.routeOptimization)}]`,
          n('roPolicies', `${path}.roPolicies`),
          true,
        )
      }
    })

    this.lifetime(
      p('maxHaBindingLifetimeS'),
      n('maxHaBindingLifetimeS'),
      mn.maxHaBindingLifetimeS,
      'home agent',
    )
    // RFC 6275 §12 MAX_RR_BINDING_LIFETIME; gram.y refuses more.
    const cn = mn.maxCnBindingLifetimeS
    if (!isWhole(cn) || cn < s4 || cn > MOBILITY_LIMITS.maxRrBindingLifetimeS) {
      this.push({
        severity: 'error',
        path: p('maxCnBindingLifetimeS'),
        message: `${n('maxCnBindingLifetimeS')} ${cn} s is out of range: a correspondent binding lasts at most MAX_RR_BINDING_LIFETIME, ${MOBILITY_LIMITS.maxRrBindingLifetimeS} s (RFC 6275 §12)`,
        value: String(cn),
        allowed: `${s4}..${MOBILITY_LIMITS.maxRrBindingLifetimeS}`,
      })
    }
    this.ipsec(p('useMnHaIpsec'), n('useMnHaIpsec'), mn.useMnHaIpsec, 'mobile node')
    this.keyManagement(p('keyMngMobCapability'), n('keyMngMobCapability'), mn.keyMngMobCapability)
    this.routeOptimization(p('doRouteOptimizationMn'), n('doRouteOptimizationMn'), mn.doRouteOptimizationMn)
    this.routeOptimization(p('doRouteOptimizationCn'), n('doRouteOptimizationCn'), mn.doRouteOptimizationCn)
    this.cnPolicies('mobileNode', mn.cnBindingPolicies)
  }

  /** HomeAgentAddress lies in the home prefix. The subnet-router anycast address (the prefix
   *  with a zero interface identifier, RFC 4291 §2.6.1), as seed 002's 2001:db8:: is, is a
   *  router's address on that link and is accepted. */
  private homeAgentAddress(
    path: string,
    agent: Ipv6Address,
    hoa: Ipv6Prefix,
    homePrefix: Ipv6Prefix | undefined,
    iface: string,
  ): void {
    const name = this.name(path, 'mobileNode', 'homeAgentAddress')
    const text = formatAddress(agent)
    const prefix = homePrefix ?? hoa
    const prefixText = formatPrefix({
      address: maskAddress(prefix.address, prefix.length),
      length: prefix.length,
    })
    const bad = isMulticast(agent)
      ? 'is a multicast address'
      : isLinkLocalUnicast(agent)
        ? "is link-local; give the home agent's global address"
        : addressEquals(agent, hoa.address)
          ? 'is the home address itself'
          : !inPrefix(agent, prefix)
            ? `is outside the home prefix ${prefixText}`
            : undefined
    if (!bad) return
    this.push({
      severity: 'error',
      path,
      setting: name,
      interface: iface,
      message: `${name} ${text} ${bad}: the home agent is a router on the home link (RFC 6275 §3.2); leave it out to find the home agent by DHAAD`,
      value: text,
      allowed: `an address in ${prefixText}`,
    })
  }

  // ---- console ----

  console(c: ConsoleConfig): void {
    const n = (field: string) => this.name(`console.${field}`, undefined, field)
    if (!isWhole(c.port) || c.port < 1 || c.port > MOBILITY_LIMITS.portMax) {
      this.push({
        severity: 'error',
        path: 'console.port',
        message: `${n('port')} ${c.port} is not a TCP port`,
        value: String(c.port),
        allowed: `1..${MOBILITY_LIMITS.portMax}`,
      })
    }
    const address = consoleAddress(c.bindAddress)
    if (address === undefined) {
      this.push({
        severity: 'error',
        path: 'console.bindAddress',
        message: `${n('bindAddress')} "${c.bindAddress}" is not an IPv4 or IPv6 address`,
        value: c.bindAddress,
        allowed: '127.0.0.1, ::1 or another address of the router',
      })
    } else if (c.allowCommands && !address.loopback) {
      this.push({
        severity: 'warning',
        path: 'console.allowCommands',
        message: `${n('allowCommands')} is on and the console listens on ${c.bindAddress}: anyone who reaches that address can change the router; the console has no password`,
        value: 'true',
      })
    }
  }

  // ---- shared rules ----

  /** mip6d gram.y: "max allowed binding lifetime is 262140"; RFC 6275 §6.1.7: units of 4 s. */
  private lifetime(path: string, name: string, value: number, who: string): void {
    const max = MOBILITY_LIMITS.maxBindingLifetimeS
    if (!isWhole(value) || value < s4 || value > max) {
      this.push({
        severity: 'error',
        path,
        message: `${name} ${value} s is out of range: a ${who} binding lasts ${s4} to ${max} s, the 16-bit Lifetime field counting units of ${s4} s (RFC 6275 §6.1.7)`,
        value: String(value),
        allowed: `${s4}..${max}`,
      })
    } else if (value % s4 !== 0) {
      this.push({
        severity: 'warning',
        path,
        message: `${name} ${value} s is not a multiple of ${s4}: lifetimes go out in units of ${s4} s (RFC 6275 §6.1.7), so this one is sent as ${value - (value % s4)} s`,
        value: String(value),
        allowed: `multiples of ${s4} up to ${max}`,
      })
    }
  }

  private ipsec(path: string, name: string, on: boolean, who: string): void {
    if (!on) return
    const mip6d = this.dialect(path) === 'mip6d'
    this.push({
      severity: 'error',
      path,
      message: `${name} is enabled, but the router does not support IPsec (RFC 3776, RFC 4877), so it cannot protect the ${who}'s binding signalling with it; set ${mip6d ? '"UseMnHaIPsec disabled;"' : 'useMnHaIPsec: false'}${who === 'home agent' ? ', and to authenticate Binding Updates without IPsec use homeAgent.authentication (RFC 4285) in the YAML config' : ''}`,
      value: 'enabled',
      allowed: 'disabled',
    })
  }

  private keyManagement(path: string, name: string, on: boolean): void {
    if (!on) return
    this.push({
      severity: 'warning',
      path,
      message: `${name} is enabled, but the K flag is for IPsec keys managed by IKE, which the router does not have; it is not set`,
      value: 'enabled',
    })
  }

  private routeOptimization(path: string, name: string, on: boolean): void {
    if (!on) return
    this.push({
      severity: 'warning',
      path,
      message: `${name} is enabled, but route optimization (RFC 6275 §5.2, return routability) is not implemented: traffic keeps going through the home agent tunnel`,
      value: 'enabled',
    })
  }

  private cnPolicies(section: MobilitySection, list: HomeAgentConfig['cnBindingPolicies']): void {
    const k = list.findIndex((e) => e.routeOptimization)
    if (k >= 0) {
      const path = `${section}.cnBindingPolicies[${k}]`
      this.routeOptimization(path, this.name(path, section, 'cnBindingPolicies'), true)
    }
  }

  private prefixLength(path: string, setting: string, prefix: Ipv6Prefix): void {
    if (isWhole(prefix.length) && prefix.length >= 0 && prefix.length <= 128) return
    this.push({
      severity: 'error',
      path,
      setting,
      message: `${setting} prefix length ${prefix.length} is more than 128`,
      value: String(prefix.length),
      allowed: '0..128',
    })
  }

  private interfaceName(path: string, setting: string, name: string): void {
    const bad = interfaceNameProblem(name)
    if (!bad) return
    this.push({
      severity: 'error',
      path,
      setting,
      interface: name,
      message: `interface name "${name}" ${bad}`,
      value: name,
      allowed: `1..${LIMITS.interfaceNameMax} characters`,
    })
  }

  // ---- naming and positions ----

  private dialect(path: string): Dialect {
    return locate(this.map, path)?.dialect ?? 'yaml'
  }

  /** The setting as written, else as the file that holds its section spells it. */
  private name(path: string, section: MobilitySection | undefined, field: string): string {
    const written = this.map?.get(path)?.name
    if (written !== undefined) return written
    const option = section ? mobilityOptionByField(section, field) : undefined
    const names = option ?? STRUCTURED_NAMES[field]
    if (!names) return field
    return (this.dialect(path) === 'mip6d' ? names.mip6d : undefined) ?? names.yaml
  }

  private firstAt(path: string): string {
    const at = locate(this.map, path)
    return at && at.line > 0 ? ` (first at ${at.file}:${at.line}:${at.col})` : ''
  }

  private push(f: Finding): void {
    // A section that no file wrote (nodeConfig: ha alone) is reported at nodeConfig.
    const at = locate(this.map, f.path) ?? locate(this.map, 'nodeConfig')
    const last = f.path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop()!
    const section = f.path.startsWith('homeAgent')
      ? 'homeAgent'
      : f.path.startsWith('mobileNode')
        ? 'mobileNode'
        : undefined
    this.diagnostics.push({
      severity: f.severity,
      file: at?.file ?? '',
      line: at?.line ?? 0,
      col: at?.col ?? 0,
      message: f.message,
      setting: f.setting ?? this.name(f.path, section, last),
      ...(f.interface !== undefined ? { interface: f.interface } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(f.allowed !== undefined ? { allowed: f.allowed } : {}),
    })
  }
}

function isWhole(n: number): boolean {
  return Number.isInteger(n)
}

/** Why `a` cannot be a mobile node's home address, or undefined. */
function badUnicast(a: Ipv6Address): string | undefined {
  if (isUnspecified(a)) return 'cannot be the unspecified address ::'
  if (addressEquals(a, LOOPBACK)) return 'cannot be the loopback address'
  if (isMulticast(a)) return 'cannot be multicast'
  if (isLinkLocalUnicast(a)) return 'cannot be link-local: it must be reachable from other links'
  return undefined
}

function accepts(policy: BindingAclPolicy): boolean {
  return policy === 'allow' || (typeof policy === 'number' && policy < MOBILITY_LIMITS.baStatusRejectFrom)
}

function policyText(policy: BindingAclPolicy): string {
  return String(policy)
}

/** An IPv4 or IPv6 literal, and whether it is a loopback address. */
function consoleAddress(text: string): { loopback: boolean } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (v4) {
    const bytes = v4.slice(1).map(Number)
    if (bytes.some((b) => b > 255)) return undefined
    return { loopback: bytes[0] === 127 }
  }
  const v6 = parseAddress(text)
  if (!v6.ok) return undefined
  return { loopback: addressEquals(v6.value, LOOPBACK) }
}
