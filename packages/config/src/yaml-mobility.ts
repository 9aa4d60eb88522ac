// The Mobile IPv6 sections of the YAML format: nodeConfig, homeAgent, mobileNode, console.
// Keys are mip6d's names in lowerCamelCase (HaMaxBindingLife is haMaxBindingLife); our own
// settings have names of their own (maxBindings, dad, bindingRefreshRequest, authentication).
// Booleans also take mip6d's enabled/disabled. Ranges are left to validate().
import { type Ipv6Address, isUnspecified } from '@mip6/wire'
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml'
import { defaultHomeAgentConfig, defaultMobileNodeConfig, newMnInterface, setField } from './draft'
import { MOBILITY_OPTIONS, type MobilitySection, mobilityOption } from './mobility-options'
import type {
  AuthenticationKey,
  BindingAclPolicy,
  CnBindingPolicy,
  HomeAgentConfig,
  MnHomeLinkConfig,
  MobileNodeConfig,
  NodeConfig,
  RouterConfig,
} from './schema'
import type { YamlReader } from './yaml-config'
import { readBool, readNonEmptyString, readSeconds, readUint } from './yaml-values'

export interface MobilityNodes {
  nodeConfig?: { key: Node; value: Node | null }
  homeAgent?: { key: Node; value: Node | null }
  mobileNode?: { key: Node; value: Node | null }
  console?: { key: Node; value: Node | null }
}

const ROLES: readonly NodeConfig[] = ['ha', 'mn', 'cn']
const ROLE_OF: Record<MobilitySection, NodeConfig> = { homeAgent: 'ha', mobileNode: 'mn' }

const HA_KEYS = [
  'interfaces',
  ...optionKeys('homeAgent'),
  'maxBindings',
  'bindingAclPolicy',
  'defaultBindingAclPolicy',
  'cnBindingPolicySet',
  'haServedPrefix',
  'dad',
  'bindingRefreshRequest',
  'authentication',
]
const MN_KEYS = ['interfaces', ...optionKeys('mobileNode'), 'mnHomeLink', 'cnBindingPolicySet']
/** Keys that are known, but not here: they get a message of their own. */
const ELSEWHERE = ['ipsecPolicySet', ...new Set([...optionKeys('homeAgent'), ...optionKeys('mobileNode')])]
const CONSOLE_KEYS = ['port', 'bindAddress', 'allowCommands']
const HOME_LINK_KEYS = [
  'interface',
  'homeAddress',
  'homeAgentAddress',
  'homePrefix',
  'mobileNetworkPrefixes',
  'isMobRtr',
  'useAltCoa',
  'mnRoPolicy',
]

function optionKeys(section: MobilitySection): string[] {
  return MOBILITY_OPTIONS.filter((o) => o[section] !== undefined).map((o) => o.yaml)
}

/** Fills nodeConfig, homeAgent, mobileNode and console of `config`. */
export function decodeMobility(r: YamlReader, nodes: MobilityNodes, config: RouterConfig): void {
  new MobilityDecoder(r).decode(nodes, config)
}

class MobilityDecoder {
  constructor(private readonly r: YamlReader) {}

  decode(nodes: MobilityNodes, config: RouterConfig): void {
    const role = this.role(nodes)
    config.nodeConfig = role
    const both = nodes.homeAgent && nodes.mobileNode && !nodes.nodeConfig
    for (const section of ['homeAgent', 'mobileNode'] as const) {
      const n = nodes[section]
      if (n && ROLE_OF[section] !== role && !both) {
        this.r.warning(n.key, `${section} is ignored: nodeConfig is ${role}`, { setting: section })
      }
    }
    if (role === 'ha') {
      const ha = defaultHomeAgentConfig()
      if (nodes.homeAgent) {
        this.r.mark('homeAgent', nodes.homeAgent.key, 'homeAgent')
        this.homeAgent(nodes.homeAgent.value, ha)
      }
      config.homeAgent = ha
    } else if (role === 'mn') {
      const mn = defaultMobileNodeConfig()
      if (nodes.mobileNode) {
        this.r.mark('mobileNode', nodes.mobileNode.key, 'mobileNode')
        this.mobileNode(nodes.mobileNode.value, mn)
      }
      config.mobileNode = mn
    }
    if (nodes.console) this.console(nodes.console.value, config)
  }

  /** nodeConfig as written, else the section that is there. */
  private role(nodes: MobilityNodes): NodeConfig {
    const n = nodes.nodeConfig
    if (n) {
      const v =
        isScalar(n.value) && typeof n.value.value === 'string' ? n.value.value.toLowerCase() : undefined
      if (v !== undefined && (ROLES as readonly string[]).includes(v)) {
        this.r.mark('nodeConfig', n.value, 'nodeConfig')
        return v as NodeConfig
      }
      this.r.wrongType(n.value, 'nodeConfig', 'ha, mn or cn')
    }
    if (nodes.homeAgent && nodes.mobileNode) {
      this.r.error(
        nodes.mobileNode.key,
        'homeAgent and mobileNode are both given: say which role with nodeConfig: ha or nodeConfig: mn',
        {
          setting: 'nodeConfig',
        },
      )
    }
    return nodes.homeAgent ? 'ha' : nodes.mobileNode ? 'mn' : 'cn'
  }

  // ---- homeAgent ----

  private homeAgent(node: Node | null, ha: HomeAgentConfig): void {
    if (this.r.isNull(node)) return
    if (!isMap(node)) {
      this.r.error(node, 'homeAgent must be a mapping of home agent settings')
      return
    }
    this.entries(node, [...HA_KEYS, ...ELSEWHERE], 'homeAgent', (key, value, keyText) => {
      const path = `homeAgent`
      switch (key) {
        case 'interfaces':
          this.list(value, (item) => {
            const name = this.interfaceName(item, keyText)
            if (name === undefined) return
            this.r.mark(`${path}.interfaces[${ha.interfaces.length}]`, item, keyText)
            ha.interfaces.push(name)
          })
          return
        case 'maxBindings': {
          const n = readUint(this.r, value, keyText)
          if (n !== undefined) this.set(ha, path, 'maxBindings', n, value, keyText)
          return
        }
        case 'dad': {
          const b = readBool(this.r, value, keyText)
          if (b !== undefined) this.set(ha, path, 'dad', b, value, keyText)
          return
        }
        case 'bindingAclPolicy':
          this.list(value, (item) => this.bindingAclEntry(item, ha))
          return
        case 'defaultBindingAclPolicy': {
          const p = this.policy(value, keyText)
          if (p !== undefined) this.set(ha, path, 'defaultBindingAclPolicy', p, value, keyText)
          return
        }
        case 'cnBindingPolicySet':
          this.list(value, (item) => this.cnBindingPolicy(item, ha.cnBindingPolicies, 'homeAgent'))
          return
        case 'haServedPrefix':
          this.list(value, (item) => {
            const p = item && this.r.prefix(item, keyText)
            if (!p) return
            this.r.mark(`${path}.servedPrefixes[${ha.servedPrefixes.length}]`, item, keyText)
            ha.servedPrefixes.push(p)
          })
          return
        case 'bindingRefreshRequest':
          this.bindingRefreshRequest(value, ha)
          return
        case 'authentication':
          this.authentication(value, ha)
          return
        default:
          this.option('homeAgent', key, keyText, value, ha)
      }
    })
  }

  private bindingAclEntry(item: Node | null, ha: HomeAgentConfig): void {
    if (!isMap(item)) {
      this.r.error(
        item,
        'each bindingAclPolicy entry is a mapping, e.g. "- { address: 2001:db8::beef, policy: allow }"',
      )
      return
    }
    const path = `homeAgent.bindingAcl[${ha.bindingAcl.length}]`
    let homeAddress: Ipv6Address | undefined
    let policy: BindingAclPolicy | undefined
    const mobileNetworkPrefixes: HomeAgentConfig['servedPrefixes'] = []
    const marks: Array<[string, Node | null, string]> = []
    this.entries(
      item,
      ['address', 'mobileNetworkPrefixes', 'policy'],
      'a bindingAclPolicy entry',
      (key, value, keyText) => {
        if (key === 'address') {
          homeAddress = this.r.address(value, keyText)
          marks.push([`${path}.homeAddress`, value, keyText])
        } else if (key === 'policy') {
          policy = this.policy(value, keyText)
          marks.push([`${path}.policy`, value, keyText])
        } else {
          this.list(value, (p) => {
            const prefix = p && this.r.prefix(p, keyText)
            if (!prefix) return
            marks.push([`${path}.mobileNetworkPrefixes[${mobileNetworkPrefixes.length}]`, p, keyText])
            mobileNetworkPrefixes.push(prefix)
          })
        }
      },
    )
    if (!this.has(item, 'address'))
      this.r.error(item, 'a bindingAclPolicy entry needs "address", the home address')
    if (!this.has(item, 'policy'))
      this.r.error(item, 'a bindingAclPolicy entry needs "policy": allow, deny or a BA status')
    if (homeAddress === undefined || policy === undefined) return
    this.r.mark(path, item, 'bindingAclPolicy')
    for (const [p, n, name] of marks) this.r.mark(p, n, name)
    ha.bindingAcl.push({ homeAddress, mobileNetworkPrefixes, policy })
  }

  private policy(node: Node | null, keyText: string): BindingAclPolicy | undefined {
    const v = isScalar(node) ? node.value : undefined
    if (v === 'allow' || v === 'deny') return v
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v
    return this.r.wrongType(node, keyText, 'allow, deny or a Binding Acknowledgement status number')
  }

  private cnBindingPolicy(item: Node | null, list: CnBindingPolicy[], section: MobilitySection): void {
    if (!isMap(item)) {
      this.r.error(
        item,
        'each cnBindingPolicySet entry is a mapping, e.g. "- { peerHomeAddress: 2001:db8::beef, routeOptimization: false }"',
      )
      return
    }
    const path = `${section}.cnBindingPolicies[${list.length}]`
    const entry: Partial<CnBindingPolicy> = {}
    this.entries(
      item,
      ['peerHomeAddress', 'localAddress', 'routeOptimization'],
      'a cnBindingPolicySet entry',
      (key, value, keyText) => {
        if (key === 'routeOptimization') {
          const b = readBool(this.r, value, keyText)
          if (b !== undefined) entry.routeOptimization = b
        } else {
          const a = this.r.address(value, keyText)
          if (a) entry[key as 'peerHomeAddress' | 'localAddress'] = a
        }
      },
    )
    if (!this.has(item, 'peerHomeAddress') || !this.has(item, 'routeOptimization')) {
      this.r.error(item, 'a cnBindingPolicySet entry needs "peerHomeAddress" and "routeOptimization"')
      return
    }
    if (entry.peerHomeAddress === undefined || entry.routeOptimization === undefined) return
    this.r.mark(path, item, 'cnBindingPolicySet')
    list.push(entry as CnBindingPolicy)
  }

  private bindingRefreshRequest(node: Node | null, ha: HomeAgentConfig): void {
    if (this.r.isNull(node)) return
    if (!isMap(node)) {
      this.r.error(node, 'bindingRefreshRequest must be a mapping, e.g. "{ refreshBeforeExpiry: 10 }"')
      return
    }
    this.entries(node, ['refreshBeforeExpiry'], 'bindingRefreshRequest', (_key, value, keyText) => {
      const n = readUint(this.r, value, keyText)
      if (n === undefined) return
      ha.bindingRefreshRequest.refreshBeforeExpiryS = n
      this.r.mark('homeAgent.bindingRefreshRequest.refreshBeforeExpiryS', value, keyText)
    })
  }

  private authentication(node: Node | null, ha: HomeAgentConfig): void {
    if (this.r.isNull(node)) return
    if (!isMap(node)) {
      this.r.error(node, 'authentication must be a mapping with required and keys')
      return
    }
    const auth: NonNullable<HomeAgentConfig['authentication']> = { required: false, keys: [] }
    this.r.mark('homeAgent.authentication', this.r.lastKey, 'authentication')
    this.entries(node, ['required', 'keys'], 'authentication', (key, value, keyText) => {
      if (key === 'required') {
        const b = readBool(this.r, value, keyText)
        if (b === undefined) return
        auth.required = b
        this.r.mark('homeAgent.authentication.required', value, keyText)
      } else {
        this.list(value, (item) => this.authenticationKey(item, auth.keys))
      }
    })
    ha.authentication = auth
  }

  private authenticationKey(item: Node | null, keys: AuthenticationKey[]): void {
    if (!isMap(item)) {
      this.r.error(
        item,
        'each authentication key is a mapping, e.g. "- { mnIdentifier: raven@example.org, keyFile: /etc/mip6-router/raven.key }"',
      )
      return
    }
    const path = `homeAgent.authentication.keys[${keys.length}]`
    const entry: AuthenticationKey = {}
    const marks: Array<[string, Node | null, string]> = []
    let bad = false
    this.entries(
      item,
      ['mnIdentifier', 'spi', 'key', 'keyFile'],
      'an authentication key',
      (key, value, keyText) => {
        let v: unknown
        if (key === 'spi') v = readUint(this.r, value, keyText)
        else if (key === 'key') v = this.hexKey(value, keyText)
        else v = readNonEmptyString(this.r, value, keyText)
        if (v === undefined) {
          bad = true
          return
        }
        setField(entry, key, v)
        marks.push([`${path}.${key}`, value, keyText])
      },
    )
    if (!this.has(item, 'mnIdentifier') && !this.has(item, 'spi')) {
      this.r.error(item, 'an authentication key needs "mnIdentifier" (the NAI) or "spi", or both')
      bad = true
    }
    if (this.has(item, 'key') === this.has(item, 'keyFile')) {
      this.r.error(item, 'an authentication key needs exactly one of "key" (hex) and "keyFile" (a path)')
      bad = true
    }
    if (bad) return
    this.r.mark(path, item, 'keys')
    for (const [p, n, name] of marks) this.r.mark(p, n, name)
    keys.push(entry)
  }

  /** Hex digits (an optional 0x), two per byte. */
  private hexKey(node: Node | null, keyText: string): Uint8Array | undefined {
    if (isScalar(node) && typeof node.value === 'number') {
      const src = node.source ?? String(node.value)
      return this.r.error(node, `${keyText}: YAML reads ${src} as a number; quote the hex key: "${src}"`, {
        setting: keyText,
      })
    }
    const text = this.r.string(node, keyText)
    if (text === undefined) return undefined
    const hex = text.replace(/^0x/i, '')
    if (!/^([0-9a-fA-F]{2})+$/.test(hex)) {
      return this.r.error(node, `${keyText} must be hex digits, two per byte (an optional 0x before them)`, {
        setting: keyText,
        value: text,
      })
    }
    return Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)))
  }

  // ---- mobileNode ----

  private mobileNode(node: Node | null, mn: MobileNodeConfig): void {
    if (this.r.isNull(node)) return
    if (!isMap(node)) {
      this.r.error(node, 'mobileNode must be a mapping of mobile node settings')
      return
    }
    this.entries(node, [...MN_KEYS, ...ELSEWHERE], 'mobileNode', (key, value, keyText) => {
      if (key === 'interfaces') this.list(value, (item) => this.mnInterface(item, mn, keyText))
      else if (key === 'mnHomeLink') this.list(value, (item) => this.homeLink(item, mn))
      else if (key === 'cnBindingPolicySet')
        this.list(value, (item) => this.cnBindingPolicy(item, mn.cnBindingPolicies, 'mobileNode'))
      else this.option('mobileNode', key, keyText, value, mn)
    })
  }

  private mnInterface(item: Node | null, mn: MobileNodeConfig, keyText: string): void {
    const path = `mobileNode.interfaces[${mn.interfaces.length}]`
    if (!isMap(item)) {
      const name = this.interfaceName(item, keyText)
      if (name === undefined) return
      this.r.mark(path, item, keyText)
      this.r.mark(`${path}.name`, item, keyText)
      mn.interfaces.push(newMnInterface(name))
      return
    }
    const nameNode = item.get('name', true) as Node | undefined
    const name = nameNode ? this.interfaceName(nameNode, 'name') : undefined
    if (!nameNode)
      this.r.error(item, 'an interfaces entry needs "name", e.g. "- { name: wlan0, mnIfPreference: 1 }"')
    const iface = newMnInterface(name ?? '')
    const marks: Array<[string, Node | null, string]> = []
    this.entries(item, ['name', 'mnIfPreference', 'tunnel'], 'an interfaces entry', (key, value, k) => {
      if (key === 'mnIfPreference') {
        const n = readUint(this.r, value, k)
        if (n === undefined) return
        iface.preference = n
        marks.push([`${path}.preference`, value, k])
      } else if (key === 'tunnel') {
        const b = readBool(this.r, value, k)
        if (b === undefined) return
        iface.tunnel = b
        marks.push([`${path}.tunnel`, value, k])
      }
    })
    if (name === undefined) return
    this.r.mark(path, nameNode, keyText)
    this.r.mark(`${path}.name`, nameNode, 'name')
    for (const [p, n, k] of marks) this.r.mark(p, n, k)
    mn.interfaces.push(iface)
  }

  private homeLink(item: Node | null, mn: MobileNodeConfig): void {
    if (!isMap(item)) {
      this.r.error(
        item,
        'each mnHomeLink entry is a mapping, e.g. "- { interface: wlan0, homeAddress: 2001:db8::beef/64 }"',
      )
      return
    }
    const path = `mobileNode.homeLinks[${mn.homeLinks.length}]`
    const link: Partial<MnHomeLinkConfig> = {
      mobileNetworkPrefixes: [],
      isMobRtr: false,
      useAltCoa: false,
      roPolicies: [],
    }
    const marks: Array<[string, Node | null, string]> = []
    this.entries(item, HOME_LINK_KEYS, 'an mnHomeLink entry', (key, value, keyText) => {
      const at = (field: string) => marks.push([`${path}.${field}`, value, keyText])
      switch (key) {
        case 'interface': {
          const name = this.interfaceName(value, keyText)
          if (name !== undefined) link.interface = name
          at('interface')
          return
        }
        case 'homeAddress':
        case 'homePrefix': {
          const p = value
            ? this.r.prefix(value, keyText)
            : this.r.wrongType(value, keyText, 'an address with its prefix length')
          if (p) link[key] = p
          at(key)
          return
        }
        case 'homeAgentAddress': {
          const a = this.r.address(value, keyText)
          // As mip6d: the unspecified address means "find it by DHAAD".
          if (a && !isUnspecified(a)) {
            link.homeAgentAddress = a
            at('homeAgentAddress')
          }
          return
        }
        case 'mobileNetworkPrefixes':
          this.list(value, (p) => {
            const prefix = p && this.r.prefix(p, keyText)
            if (!prefix) return
            marks.push([`${path}.mobileNetworkPrefixes[${link.mobileNetworkPrefixes!.length}]`, p, keyText])
            link.mobileNetworkPrefixes!.push(prefix)
          })
          return
        case 'isMobRtr':
        case 'useAltCoa': {
          const b = readBool(this.r, value, keyText)
          if (b !== undefined) link[key] = b
          at(key)
          return
        }
        default:
          this.list(value, (p) => {
            if (!isMap(p)) {
              this.r.error(
                p,
                'each mnRoPolicy entry is a mapping, e.g. "- { address: 2001:db8:5::1, routeOptimization: false }"',
              )
              return
            }
            let correspondent: Ipv6Address | undefined
            let routeOptimization: boolean | undefined
            this.entries(p, ['address', 'routeOptimization'], 'an mnRoPolicy entry', (k, v, kt) => {
              if (k === 'address') correspondent = this.r.address(v, kt)
              else routeOptimization = readBool(this.r, v, kt)
            })
            if (!this.has(p, 'routeOptimization'))
              this.r.error(p, 'an mnRoPolicy entry needs "routeOptimization"')
            if (routeOptimization === undefined) return
            marks.push([`${path}.roPolicies[${link.roPolicies!.length}]`, p, 'mnRoPolicy'])
            link.roPolicies!.push({ ...(correspondent ? { correspondent } : {}), routeOptimization })
          })
      }
    })
    if (!this.has(item, 'interface') || !this.has(item, 'homeAddress')) {
      this.r.error(
        item,
        'an mnHomeLink entry needs "interface" and "homeAddress", e.g. "- { interface: wlan0, homeAddress: 2001:db8::beef/64 }"',
      )
    }
    if (link.interface === undefined || link.homeAddress === undefined) return
    this.r.mark(path, item, 'mnHomeLink')
    for (const [p, n, k] of marks) this.r.mark(p, n, k)
    mn.homeLinks.push(link as MnHomeLinkConfig)
  }

  // ---- console ----

  private console(node: Node | null, config: RouterConfig): void {
    if (this.r.isNull(node)) return
    if (!isMap(node)) {
      this.r.error(node, 'console must be a mapping (port, bindAddress, allowCommands)')
      return
    }
    this.r.mark('console', this.r.lastKey, 'console')
    this.entries(node, CONSOLE_KEYS, 'console', (key, value, keyText) => {
      const v =
        key === 'port'
          ? readUint(this.r, value, keyText)
          : key === 'allowCommands'
            ? readBool(this.r, value, keyText)
            : readNonEmptyString(this.r, value, keyText)
      if (v === undefined) return
      setField(config.console, key, v)
      this.r.mark(`console.${key}`, value, keyText)
    })
  }

  // ---- values ----

  private option(
    section: MobilitySection,
    key: string,
    keyText: string,
    node: Node | null,
    target: object,
  ): void {
    if (key === 'ipsecPolicySet') {
      this.r.error(
        this.r.lastKey,
        'ipsecPolicySet is read from mip6d.conf only: the router does not apply IPsec',
        {
          setting: keyText,
        },
      )
      return
    }
    const spec = mobilityOption('yaml', key)!
    const field = spec[section]
    if (field === undefined) {
      const other = section === 'homeAgent' ? 'mobileNode' : 'homeAgent'
      this.r.error(this.r.lastKey, `${keyText} is a ${other} setting, not a ${section} one`, {
        setting: keyText,
      })
      return
    }
    const v =
      spec.kind === 'bool'
        ? readBool(this.r, node, keyText)
        : spec.kind === 'uint'
          ? readUint(this.r, node, keyText)
          : readSeconds(this.r, node, keyText)
    if (v !== undefined) this.set(target, section, field, v, node, keyText)
  }

  private set(
    target: object,
    section: string,
    field: string,
    value: unknown,
    node: Node | null,
    keyText: string,
  ): void {
    setField(target, field, value)
    this.r.mark(`${section}.${field}`, node, keyText)
  }

  private interfaceName(node: Node | null, keyText: string): string | undefined {
    const v = isScalar(node) ? node.value : undefined
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v)
    return this.r.wrongType(node, keyText, 'an interface name')
  }

  /** A list, or one item standing for a list of one (`interfaces: wlan0`). */
  private list(node: Node | null, each: (item: Node | null) => void): void {
    if (this.r.isNull(node)) return
    if (isSeq(node)) for (const item of node.items as Array<Node | null>) each(item)
    else each(node)
  }

  private has(node: YAMLMap, key: string): boolean {
    return node.items.some((p) => isScalar(p.key) && p.key.value === key)
  }

  private entries(
    node: YAMLMap,
    known: readonly string[],
    where: string,
    each: (key: string, value: Node | null, keyText: string) => void,
  ): void {
    this.r.entries(node, known, where, each, 'mip6d')
  }
}
