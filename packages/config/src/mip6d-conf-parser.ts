// mip6d.conf import: a recursive-descent parser for UMIP 1.0's grammar (src/gram.y) that fills
// the native schema (nodeConfig, homeAgent, mobileNode) and a source map, and reports every
// error at once where mip6d stops at the first "syntax error".
//
// Grammar (UMIP 1.0), statements ending in ";" unless said:
//   file      := statement*
//   statement := NodeConfig (HA|MN|CN) | DebugLevel N | DebugLogFile STRING
//              | OPTION value                       (mobility-options.ts: bool, N or N.N)
//              | Interface STRING (";" | "{" (IfType (HA|MN|CN); | MnIfPreference N;
//                                              | Tunnel BOOL;)+ "}")          (no ";" after "}")
//              | MnHomeLink STRING "{" homelink+ "}"
//              | BindingAclPolicy ADDR mnps? (BOOL|N) | DefaultBindingAclPolicy (BOOL|N)
//              | HaServedPrefix ADDR/N
//              | IPsecPolicySet "{" HomeAgentAddress ADDR; (HomeAddress ADDR/N;)+ policy+ "}"
//              | CnBindingPolicySet "{" (ADDR ADDR? BOOL;)+ "}"
//              | UseMovementModule (internal|STRING) | UsePolicyModule STRING
//              | include STRING                     (no ";")
//   homelink  := HomeAddress ADDR/N mnps? | HomeAgentAddress ADDR | HomePrefix ADDR/N
//              | IsMobRtr BOOL | UseAltCoa BOOL | MnRoPolicy ADDR? BOOL
//   mnps      := "(" ADDR/N ("," ADDR/N)* ")"
//   policy    := IPsecPolicy TYPE (UseESP|UseAH|UseIPComp){1,3} N? N? BOOL? ";"
// Settings of another role are read and ignored, as mip6d ignores them (a warning says so);
// mip6d's checks of values (HaMaxBindingLife <= 262140, MnIfPreference 0..10, ...) are in
// validate(), which the YAML format shares. Things mip6d does that the router cannot (IPsec,
// policy modules, include) are kept or refused with a message that says which.
//
// Recovery: a block whose "{" is missing is read as if it were there when what follows belongs
// in it; a block ends at the first top-level setting unless a "}" comes before anything else
// opens, and its missing "}" is reported where its last statement ends. Errors inside a
// statement skip to its ";".
import { formatAddress, formatPrefix, type Ipv6Address, type Ipv6Prefix, isUnspecified } from '@mip6/wire'
import { ConfParser } from './conf-parser'
import type { Position } from './conf-token'
import type { Diagnostic, SourceMap } from './diagnostic'
import {
  defaultHomeAgentConfig,
  defaultMobileNodeConfig,
  defaultRouterConfig,
  newMnInterface,
  setField,
} from './draft'
import {
  MIP6D_FALSE,
  MIP6D_KEYWORDS,
  MIP6D_TRUE,
  type Mip6dToken,
  tokenizeMip6dConf,
} from './mip6d-conf-tokenizer'
import { type MobilityOption, type MobilitySection, mobilityOption } from './mobility-options'
import type {
  BindingAclEntry,
  BindingAclPolicy,
  CnBindingPolicy,
  HomeAgentConfig,
  IpsecPolicy,
  IpsecPolicySet,
  IpsecPolicyType,
  MnRoPolicy,
  MobileNodeConfig,
  NodeConfig,
  RouterConfig,
} from './schema'
import { closest } from './suggest'

export interface Mip6dParseResult {
  /** What the file says, as far as it could be read: nodeConfig, and homeAgent or mobileNode
   *  by the role. Use it only when there are no errors. */
  config: RouterConfig
  sourceMap: SourceMap
  diagnostics: Diagnostic[]
}

export function parseMip6dConf(text: string, file: string): Mip6dParseResult {
  return new Mip6dConfParser(text, file).parse()
}

interface Setting<T> {
  value: T
  /** The keyword. */
  kw: Mip6dToken
  /** The value. */
  at: Position
}

interface InterfaceStatement {
  name: string
  kw: Mip6dToken
  nameAt: Position
  ifType?: Setting<NodeConfig>
  preference?: Setting<number>
  tunnel?: Setting<boolean>
}

interface HomeLinkStatement {
  name: string
  kw: Mip6dToken
  nameAt: Position
  homeAddress?: Setting<Ipv6Prefix>
  mobileNetworkPrefixes: Array<{ value: Ipv6Prefix; at: Position }>
  homeAgentAddress?: Setting<Ipv6Address>
  homePrefix?: Setting<Ipv6Prefix>
  isMobRtr?: Setting<boolean>
  useAltCoa?: Setting<boolean>
  roPolicies: Array<Setting<MnRoPolicy>>
}

type BlockKind = 'interface' | 'homeLink' | 'ipsec' | 'cnPolicy'

interface Block {
  kind: BlockKind
  /** As written: `Interface "wlan0"`, `IPsecPolicySet`. */
  label: string
  openedAt: Position
  statements: number
}

const ENTITIES: Record<string, NodeConfig> = { HA: 'ha', MN: 'mn', CN: 'cn' }
const ROLE_NAMES: Record<NodeConfig, string> = { ha: 'HA', mn: 'MN', cn: 'CN' }
const ROLE_WORDS: Record<NodeConfig, string> = {
  ha: 'home agent',
  mn: 'mobile node',
  cn: 'correspondent node',
}

const BLOCK_KEYWORDS: Record<BlockKind, readonly string[]> = {
  interface: ['IfType', 'MnIfPreference', 'Tunnel'],
  homeLink: ['HomeAddress', 'HomeAgentAddress', 'HomePrefix', 'IsMobRtr', 'UseAltCoa', 'MnRoPolicy'],
  ipsec: ['HomeAgentAddress', 'HomeAddress', 'IPsecPolicy'],
  cnPolicy: [],
}

const IPSEC_TYPES: Record<string, IpsecPolicyType> = {
  HomeRegBinding: 'homeRegBinding',
  Mh: 'mh',
  MobPfxDisc: 'mobPfxDisc',
  TunnelHomeTesting: 'tunnelHomeTesting',
  TunnelMh: 'tunnelMh',
  TunnelPayload: 'tunnelPayload',
  ICMP: 'icmp',
  any: 'any',
}
const IPSEC_PROTOCOLS: Record<string, IpsecPolicy['protocols'][number]> = {
  UseESP: 'esp',
  UseAH: 'ah',
  UseIPComp: 'ipcomp',
}

/** Keywords of mip6d's scanner that its grammar accepts nowhere, with what was meant. */
const NOWHERE: Record<string, string> = {
  LinkName: 'name the home link with MnHomeLink "NAME" { ... }',
  IfName: 'name an interface with Interface "NAME";',
  IPsecType: 'the policy type follows IPsecPolicy, e.g. IPsecPolicy Mh UseESP;',
  DoRouteOptimization: 'write DoRouteOptimizationCN or DoRouteOptimizationMN',
}

const BOOL_WORDS = 'enabled or disabled'
const USE_MN_HA_IPSEC = mobilityOption('mip6d', 'UseMnHaIPsec')!
const DO_ROUTE_OPTIMIZATION_CN = mobilityOption('mip6d', 'DoRouteOptimizationCN')!

class Mip6dConfParser extends ConfParser<Mip6dToken> {
  private readonly statementKeywords: Map<string, () => void>

  // What the file says, before the role decides where it goes.
  private role: Setting<NodeConfig> | undefined
  private sawNodeConfig = false
  private firstInterface: InterfaceStatement | undefined
  private readonly scalars = new Map<MobilityOption, Setting<boolean | number>>()
  /** Settings written, read or not. */
  private readonly attempted = new Set<MobilityOption>()
  private readonly interfaces: InterfaceStatement[] = []
  private readonly homeLinks: HomeLinkStatement[] = []
  private readonly bindingAcl: Array<{
    entry: BindingAclEntry
    kw: Mip6dToken
    at: Position
    policyAt: Position
    mnpAt: Position[]
  }> = []
  private defaultAcl: Setting<BindingAclPolicy> | undefined
  private readonly servedPrefixes: Array<Setting<Ipv6Prefix>> = []
  private readonly ipsecSets: Array<{ set: IpsecPolicySet; kw: Mip6dToken }> = []
  private readonly cnPolicies: Array<Setting<CnBindingPolicy>> = []

  constructor(text: string, file: string) {
    super(tokenizeMip6dConf(text), file, 'mip6d')
    this.statementKeywords = new Map<string, () => void>([
      ['NodeConfig', () => this.nodeConfig()],
      ['DebugLevel', () => this.debugLevel()],
      ['DebugLogFile', () => this.debugLogFile()],
      ['Interface', () => this.interfaceStatement()],
      ['MnHomeLink', () => this.homeLinkStatement()],
      ['BindingAclPolicy', () => this.bindingAclPolicy()],
      ['DefaultBindingAclPolicy', () => this.defaultBindingAclPolicy()],
      ['HaServedPrefix', () => this.haServedPrefix()],
      ['IPsecPolicySet', () => this.ipsecPolicySet()],
      ['CnBindingPolicySet', () => this.cnBindingPolicySet()],
      ['UseMovementModule', () => this.useMovementModule()],
      ['UsePolicyModule', () => this.usePolicyModule()],
      ['include', () => this.include()],
    ])
  }

  parse(): Mip6dParseResult {
    while (this.peek().kind !== 'eof') this.topStatement()
    const result = this.build()
    return { ...result, diagnostics: this.sortedDiagnostics() }
  }

  // ---- top level ----

  private isStatementKeyword(t: Mip6dToken): boolean {
    return (
      t.kind === 'keyword' &&
      (this.statementKeywords.has(t.text) || mobilityOption('mip6d', t.text) !== undefined)
    )
  }

  private topStatement(): void {
    const t = this.peek()
    if (t.kind === 'keyword') {
      const handler = this.statementKeywords.get(t.text)
      const option = mobilityOption('mip6d', t.text)
      if (handler) handler()
      else if (option) this.scalarOption(option)
      else this.misplaced(undefined, t)
    } else if (t.kind === 'bad') {
      this.next()
    } else if (t.kind === 'word') {
      this.error(t, this.unknownKeyword(t.text, undefined), { setting: t.text })
      this.skipStatement(true)
    } else if (this.isPunct(t, '}')) {
      this.error(t, 'unexpected "}": no block is open here')
      this.next()
    } else if (this.isPunct(t, ';')) {
      const prev = this.tokens[this.pos - 1]
      this.error(
        t,
        prev && this.isPunct(prev, '}')
          ? 'mip6d takes no ";" after the "}" that closes a block; remove it'
          : 'unexpected ";" with no setting before it',
      )
      this.next()
    } else {
      this.error(t, `expected a setting such as NodeConfig or Interface, found ${describe(t)}`)
      this.skipStatement(true)
    }
  }

  private nodeConfig(): void {
    const kw = this.next()
    this.sawNodeConfig = true
    const v = this.peek()
    const role = v.kind === 'keyword' ? ENTITIES[v.text] : undefined
    if (role === undefined) {
      this.valueError(
        kw,
        v,
        'HA, MN or CN',
        /^(ha|mn|cn)$/i.test(v.text) ? ' (mip6d writes them in capitals)' : '',
      )
      return
    }
    this.next()
    this.repeated(this.role, kw)
    this.role = { value: role, kw, at: v }
    this.endStatement(`NodeConfig ${v.text}`)
  }

  private debugLevel(): void {
    const kw = this.next()
    const n = this.uint(kw)
    if (n === undefined) return
    this.endStatement(`DebugLevel ${n.text}`)
    if (n.num! > 0) {
      this.warning(
        kw,
        `DebugLevel ${n.text} is not used; for debug logs run the router with --log-level debug, or set router.logLevel: debug in the YAML config`,
        { setting: 'DebugLevel', value: n.text },
      )
    }
  }

  private debugLogFile(): void {
    const kw = this.next()
    const s = this.string(kw, 'a quoted file name')
    if (s === undefined) return
    this.endStatement(`DebugLogFile ${s.text}`)
    this.warning(kw, `DebugLogFile is not used: the router logs to stderr (the journal under systemd)`, {
      setting: 'DebugLogFile',
      value: s.str!,
    })
  }

  private scalarOption(option: MobilityOption): void {
    const kw = this.next()
    this.attempted.add(option)
    const v =
      option.kind === 'bool' ? this.bool(kw) : option.kind === 'uint' ? this.uint(kw) : this.decimal(kw)
    if (v === undefined) return
    this.endStatement(`${kw.text} ${v.text}`)
    this.repeated(this.scalars.get(option), kw)
    this.scalars.set(option, { value: option.kind === 'bool' ? v.bool! : v.num!, kw, at: v })
  }

  private useMovementModule(): void {
    const kw = this.next()
    const v = this.peek()
    if (v.kind === 'keyword' && v.text === 'internal') {
      this.next()
      this.endStatement('UseMovementModule internal')
      return
    }
    const s = this.string(kw, 'internal or a quoted path')
    if (s === undefined) return
    this.endStatement(`UseMovementModule ${s.text}`)
    this.warning(
      kw,
      'UseMovementModule: mip6d ignores a module path and so does the router (movement detection is built in)',
      {
        setting: 'UseMovementModule',
        value: s.str!,
      },
    )
  }

  private usePolicyModule(): void {
    const kw = this.next()
    const s = this.string(kw, 'a quoted path')
    if (s === undefined) return
    this.endStatement(`UsePolicyModule ${s.text}`)
    this.error(
      kw,
      'UsePolicyModule loads a mip6d shared object, which the router cannot; give the binding policy with BindingAclPolicy and DefaultBindingAclPolicy',
      { setting: 'UsePolicyModule', value: s.str! },
    )
  }

  private include(): void {
    const kw = this.next()
    const s = this.string(kw, 'a quoted file pattern')
    if (s === undefined) return
    // UMIP: "Unlike most configuration statements, no ';' is expected after the pattern."
    if (this.isPunct(this.peek(), ';')) {
      this.error(this.peek(), 'mip6d takes no ";" after include "PATTERN"; remove it')
      this.next()
    }
    this.error(
      kw,
      `include ${s.text}: the router reads one mip6d.conf and does not follow includes; copy the included settings into this file`,
      { setting: 'include', value: s.str! },
    )
  }

  // ---- Interface ----

  private interfaceStatement(): void {
    const kw = this.next()
    const name = this.interfaceName(kw)
    const stmt: InterfaceStatement = { name: name?.value ?? '', kw, nameAt: name?.at ?? kw }
    this.firstInterface ??= stmt
    const label = `Interface ${name?.text ?? ''}`.trim()
    const t = this.peek()
    if (this.isPunct(t, ';')) this.next()
    else {
      const block: Block = { kind: 'interface', label, openedAt: kw, statements: 0 }
      if (this.openBlock(block, false)) {
        this.parseBody(block, () => this.interfaceOption(stmt, block))
        if (block.statements === 0) {
          this.error(
            kw,
            `${label} { } is empty: mip6d needs at least one setting in the braces; write ${label}; instead`,
          )
        }
      }
    }
    if (name) this.interfaces.push(stmt)
  }

  private interfaceOption(stmt: InterfaceStatement, block: Block): void {
    const kw = this.next()
    block.statements++
    if (kw.text === 'IfType') {
      const v = this.peek()
      const role = v.kind === 'keyword' ? ENTITIES[v.text] : undefined
      if (role === undefined) {
        this.valueError(kw, v, 'HA, MN or CN', '')
        return
      }
      this.next()
      this.endStatement(`IfType ${v.text}`)
      this.repeated(stmt.ifType, kw)
      stmt.ifType = { value: role, kw, at: v }
    } else if (kw.text === 'MnIfPreference') {
      const n = this.uint(kw)
      if (n === undefined) return
      this.endStatement(`MnIfPreference ${n.text}`)
      this.repeated(stmt.preference, kw)
      stmt.preference = { value: n.num!, kw, at: n }
    } else {
      const b = this.bool(kw)
      if (b === undefined) return
      this.endStatement(`Tunnel ${b.text}`)
      this.repeated(stmt.tunnel, kw)
      stmt.tunnel = { value: b.bool!, kw, at: b }
    }
  }

  // ---- MnHomeLink ----

  private homeLinkStatement(): void {
    const kw = this.next()
    const name = this.interfaceName(kw)
    const link: HomeLinkStatement = {
      name: name?.value ?? '',
      kw,
      nameAt: name?.at ?? kw,
      mobileNetworkPrefixes: [],
      roPolicies: [],
    }
    const label = `MnHomeLink ${name?.text ?? ''}`.trim()
    const block: Block = { kind: 'homeLink', label, openedAt: kw, statements: 0 }
    const opened = this.openBlock(block, true)
    if (opened) this.parseBody(block, () => this.homeLinkOption(link, block))
    if (name) {
      if (!link.homeAddress && opened) {
        this.error(kw, `${label} has no HomeAddress: mip6d needs "HomeAddress ADDRESS/LENGTH;" in it`, {
          setting: 'MnHomeLink',
        })
      }
      this.homeLinks.push(link)
    }
  }

  private homeLinkOption(link: HomeLinkStatement, block: Block): void {
    const kw = this.next()
    block.statements++
    switch (kw.text) {
      case 'HomeAddress': {
        const p = this.prefix(kw)
        if (p === undefined) return
        const mnps = this.mobileNetworkPrefixes()
        if (mnps === undefined) return
        this.endStatement(`HomeAddress ${p.text}`)
        this.repeated(link.homeAddress, kw)
        link.homeAddress = { value: p.value, kw, at: p.at }
        link.mobileNetworkPrefixes = mnps
        return
      }
      case 'HomeAgentAddress': {
        const a = this.address(kw)
        if (a === undefined) return
        this.endStatement(`HomeAgentAddress ${a.text}`)
        this.repeated(link.homeAgentAddress, kw)
        link.homeAgentAddress = { value: a.address!, kw, at: a }
        return
      }
      case 'HomePrefix': {
        const p = this.prefix(kw)
        if (p === undefined) return
        this.endStatement(`HomePrefix ${p.text}`)
        this.repeated(link.homePrefix, kw)
        link.homePrefix = { value: p.value, kw, at: p.at }
        return
      }
      case 'IsMobRtr':
      case 'UseAltCoa': {
        const b = this.bool(kw)
        if (b === undefined) return
        this.endStatement(`${kw.text} ${b.text}`)
        const field = kw.text === 'IsMobRtr' ? 'isMobRtr' : 'useAltCoa'
        this.repeated(link[field], kw)
        link[field] = { value: b.bool!, kw, at: b }
        return
      }
      default: {
        // MnRoPolicy [ADDRESS] BOOL
        let correspondent: Ipv6Address | undefined
        let at: Position = kw
        if (this.peek().kind === 'address') {
          const a = this.next()
          correspondent = a.address!
          at = a
        }
        const b = this.bool(kw)
        if (b === undefined) return
        this.endStatement(`MnRoPolicy ${b.text}`)
        link.roPolicies.push({
          value: { ...(correspondent ? { correspondent } : {}), routeOptimization: b.bool! },
          kw,
          at,
        })
      }
    }
  }

  // ---- home agent lists ----

  private bindingAclPolicy(): void {
    const kw = this.next()
    const a = this.address(kw)
    if (a === undefined) return
    const mnps = this.mobileNetworkPrefixes()
    if (mnps === undefined) return
    const v = this.policyValue(kw)
    if (v === undefined) return
    this.endStatement(`BindingAclPolicy ${a.text} ${v.token.text}`)
    this.bindingAcl.push({
      entry: { homeAddress: a.address!, mobileNetworkPrefixes: mnps.map((m) => m.value), policy: v.value },
      kw,
      at: a,
      policyAt: v.token,
      mnpAt: mnps.map((m) => m.at),
    })
  }

  private defaultBindingAclPolicy(): void {
    const kw = this.next()
    const v = this.policyValue(kw)
    if (v === undefined) return
    this.endStatement(`DefaultBindingAclPolicy ${v.token.text}`)
    this.repeated(this.defaultAcl, kw)
    this.defaultAcl = { value: v.value, kw, at: v.token }
  }

  /** allow | deny (or another mip6d boolean), or a BA status number. */
  private policyValue(kw: Mip6dToken): { value: BindingAclPolicy; token: Mip6dToken } | undefined {
    const v = this.peek()
    if (v.kind === 'bool') {
      this.next()
      return { value: v.bool ? 'allow' : 'deny', token: v }
    }
    if (v.kind === 'number') {
      this.next()
      return { value: v.num!, token: v }
    }
    this.valueError(kw, v, 'allow, deny or a Binding Acknowledgement status number', '')
    return undefined
  }

  private haServedPrefix(): void {
    const kw = this.next()
    const p = this.prefix(kw)
    if (p === undefined) return
    this.endStatement(`HaServedPrefix ${p.text}`)
    this.servedPrefixes.push({ value: p.value, kw, at: p.at })
  }

  // ---- IPsecPolicySet, CnBindingPolicySet ----

  private ipsecPolicySet(): void {
    const kw = this.next()
    const set: { homeAgentAddress?: Ipv6Address; homeAddresses: Ipv6Prefix[]; policies: IpsecPolicy[] } = {
      homeAddresses: [],
      policies: [],
    }
    const block: Block = { kind: 'ipsec', label: 'IPsecPolicySet', openedAt: kw, statements: 0 }
    let orderReported = false
    /** The kinds of statement the block has, read or not. */
    const seen = new Set<string>()
    const order = (at: Position, message: string) => {
      if (!orderReported) this.error(at, message)
      orderReported = true
    }
    if (this.openBlock(block, true)) {
      this.parseBody(block, () => {
        const s = this.next()
        block.statements++
        seen.add(s.text)
        if (s.text === 'HomeAgentAddress') {
          const a = this.address(s)
          if (a === undefined) return
          this.endStatement(`HomeAgentAddress ${a.text}`)
          if (set.homeAgentAddress)
            this.error(
              s,
              'IPsecPolicySet takes one HomeAgentAddress; start another set for another home agent',
            )
          else if (set.homeAddresses.length > 0 || set.policies.length > 0)
            order(
              s,
              'in IPsecPolicySet, HomeAgentAddress comes first, then the HomeAddress lines, then the IPsecPolicy lines',
            )
          set.homeAgentAddress = a.address!
        } else if (s.text === 'HomeAddress') {
          const p = this.prefix(s)
          if (p === undefined) return
          this.endStatement(`HomeAddress ${p.text}`)
          if (!set.homeAgentAddress || set.policies.length > 0)
            order(
              s,
              'in IPsecPolicySet, HomeAgentAddress comes first, then the HomeAddress lines, then the IPsecPolicy lines',
            )
          set.homeAddresses.push(p.value)
        } else {
          const policy = this.ipsecPolicy(s)
          if (policy === undefined) return
          if (!set.homeAgentAddress || set.homeAddresses.length === 0)
            order(
              s,
              'in IPsecPolicySet, HomeAgentAddress comes first, then the HomeAddress lines, then the IPsecPolicy lines',
            )
          set.policies.push(policy)
        }
      })
      const missing = [
        seen.has('HomeAgentAddress') ? undefined : 'a HomeAgentAddress',
        seen.has('HomeAddress') ? undefined : 'a HomeAddress',
        seen.has('IPsecPolicy') ? undefined : 'an IPsecPolicy',
      ].filter((x) => x !== undefined)
      if (missing.length > 0 && !orderReported) this.error(kw, `IPsecPolicySet needs ${missing.join(', ')}`)
    }
    if (set.homeAgentAddress) {
      this.ipsecSets.push({
        set: {
          homeAgentAddress: set.homeAgentAddress,
          homeAddresses: set.homeAddresses,
          policies: set.policies,
        },
        kw,
      })
    }
  }

  /** IPsecPolicy TYPE PROTO{1,3} [REQID [REQID]] [BOOL] ";" */
  private ipsecPolicy(kw: Mip6dToken): IpsecPolicy | undefined {
    const t = this.peek()
    const type = t.kind === 'keyword' ? IPSEC_TYPES[t.text] : undefined
    if (type === undefined) {
      const near = closest(t.text, Object.keys(IPSEC_TYPES))
      this.valueError(
        kw,
        t,
        Object.keys(IPSEC_TYPES).join(', '),
        near && t.kind === 'word' ? `; did you mean ${near}?` : '',
      )
      return undefined
    }
    this.next()
    const protocols: IpsecPolicy['protocols'] = []
    while (this.peek().kind === 'keyword' && IPSEC_PROTOCOLS[this.peek().text] && protocols.length < 3) {
      protocols.push(IPSEC_PROTOCOLS[this.next().text]!)
    }
    if (protocols.length === 0) {
      this.valueError(kw, this.peek(), 'UseESP (mip6d: "IPsecPolicy must set at least one protocol")', '')
      return undefined
    }
    const reqids: number[] = []
    while (this.peek().kind === 'number' && reqids.length < 2) reqids.push(this.next().num!)
    let action: IpsecPolicy['action'] = 'allow'
    if (this.peek().kind === 'bool') action = this.next().bool ? 'allow' : 'block'
    this.endStatement(`IPsecPolicy ${t.text}`)
    return { type, protocols, reqidToHa: reqids[0] ?? 0, reqidToMn: reqids[1] ?? reqids[0] ?? 0, action }
  }

  private cnBindingPolicySet(): void {
    const kw = this.next()
    const block: Block = { kind: 'cnPolicy', label: 'CnBindingPolicySet', openedAt: kw, statements: 0 }
    if (this.openBlock(block, true)) {
      this.parseBody(block, () => {
        const a = this.next()
        block.statements++
        let localAddress: Ipv6Address | undefined
        if (this.peek().kind === 'address') localAddress = this.next().address!
        const b = this.bool(kw, `"${a.text}" in CnBindingPolicySet`)
        if (b === undefined) return
        this.endStatement(`${a.text} ${b.text}`)
        this.cnPolicies.push({
          value: {
            peerHomeAddress: a.address!,
            ...(localAddress ? { localAddress } : {}),
            routeOptimization: b.bool!,
          },
          kw,
          at: a,
        })
      })
      if (block.statements === 0)
        this.error(
          kw,
          'CnBindingPolicySet { } is empty: mip6d needs at least one "PEER_HOA [LOCAL_ADDRESS] enabled|disabled;" line',
        )
    }
  }

  // ---- blocks ----

  /** After a block's head: "{", or recovery. True when a body follows. */
  private openBlock(block: Block, required: boolean): boolean {
    const t = this.peek()
    if (this.isPunct(t, '{')) {
      this.next()
      return true
    }
    if (this.belongs(block, t)) {
      this.error(this.lastEnd, `missing "{" after ${block.label}`)
      return true
    }
    if (!required) {
      this.error(this.lastEnd, `missing ";" after ${block.label}`)
      return false
    }
    if (this.isPunct(t, ';')) {
      this.next()
      this.error(t, `${block.label} needs a block: ${block.label} { ... }`)
      return false
    }
    this.error(this.lastEnd, `missing "{ ... }" after ${block.label}`)
    return false
  }

  /** Reads statements up to and including the block's "}", or reports where it is missing. */
  private parseBody(block: Block, statement: () => void): void {
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof') {
        this.missingClose(block)
        return
      }
      if (this.isPunct(t, '}')) {
        this.next()
        if (this.isPunct(this.peek(), ';')) {
          this.error(this.peek(), `mip6d takes no ";" after the "}" that closes ${block.label}; remove it`)
          this.next()
        }
        return
      }
      if (this.isPunct(t, ';')) {
        this.error(t, `unexpected ";" in ${block.label}`)
        this.next()
      } else if (t.kind === 'bad') {
        this.next()
      } else if (this.belongs(block, t)) {
        statement()
      } else if (this.isStatementKeyword(t) && (BLOCK_OPENERS.has(t.text) || !this.closesBeforeOpening())) {
        // A top-level setting after a block that was not closed; a setting that opens a block
        // always ends this one.
        this.missingClose(block)
        return
      } else {
        this.misplaced(block, t)
        block.statements++
      }
    }
  }

  private belongs(block: Block, t: Mip6dToken): boolean {
    if (block.kind === 'cnPolicy') return t.kind === 'address'
    return t.kind === 'keyword' && BLOCK_KEYWORDS[block.kind].includes(t.text)
  }

  private missingClose(block: Block): void {
    this.error(
      this.lastEnd,
      `missing "}" to close ${block.label} (opened at ${block.openedAt.line}:${block.openedAt.col})`,
    )
  }

  /** Does a "}" come before anything opens a block ("{", a block's keyword) or the file ends? */
  private closesBeforeOpening(): boolean {
    for (let k = this.pos + 1; k < this.tokens.length; k++) {
      const t = this.tokens[k]!
      if (this.isPunct(t, '}')) return true
      if (this.isPunct(t, '{') || t.kind === 'eof' || (t.kind === 'keyword' && BLOCK_OPENERS.has(t.text)))
        return false
    }
    return false
  }

  // ---- values ----

  private interfaceName(kw: Mip6dToken): { value: string; text: string; at: Position } | undefined {
    const t = this.peek()
    if (t.kind === 'string') {
      this.next()
      return { value: t.str!, text: t.text, at: t }
    }
    if (t.kind === 'word' || t.kind === 'number') {
      // Read it anyway, so the rest of the statement is checked.
      this.next()
      this.error(t, `interface names are quoted in mip6d.conf: write ${kw.text} "${t.text}"`, {
        setting: kw.text,
        value: t.text,
      })
      return { value: t.text, text: `"${t.text}"`, at: t }
    }
    if (t.kind !== 'bad')
      this.error(
        t.kind === 'eof' ? this.lastEnd : t,
        `expected a quoted interface name after ${kw.text}, found ${describe(t)}`,
      )
    else this.next()
    return undefined
  }

  private bool(kw: Mip6dToken, what = kw.text): Mip6dToken | undefined {
    const v = this.peek()
    if (v.kind === 'bool') return this.next()
    const lower = v.text.toLowerCase()
    const hint = [...MIP6D_TRUE, ...MIP6D_FALSE].includes(lower)
      ? ' (mip6d words are case-sensitive)'
      : ['on', 'off', 'yes', 'no', '1', '0'].includes(lower)
        ? ' (mip6d says enabled or disabled)'
        : ''
    this.valueError(kw, v, BOOL_WORDS, hint, what)
    return undefined
  }

  private uint(kw: Mip6dToken): Mip6dToken | undefined {
    const v = this.peek()
    if (v.kind === 'number') return this.next()
    this.valueError(kw, v, 'a whole number', v.kind === 'decimal' ? ' (mip6d takes no fraction here)' : '')
    return undefined
  }

  private decimal(kw: Mip6dToken): Mip6dToken | undefined {
    const v = this.peek()
    if (v.kind === 'decimal') return this.next()
    const hint = v.kind === 'number' ? `; mip6d's grammar takes only a decimal here: write ${v.text}.0` : ''
    this.valueError(kw, v, 'a number of seconds with a decimal point, such as 1.5', hint)
    return undefined
  }

  private string(kw: Mip6dToken, expected: string): Mip6dToken | undefined {
    const v = this.peek()
    if (v.kind === 'string') return this.next()
    this.valueError(kw, v, expected, v.kind === 'word' ? ` (quote it: "${v.text}")` : '')
    return undefined
  }

  private address(kw: Mip6dToken): Mip6dToken | undefined {
    const v = this.peek()
    if (v.kind === 'address') return this.next()
    this.valueError(kw, v, 'an IPv6 address', '')
    return undefined
  }

  /** ADDRESS "/" LENGTH. */
  private prefix(kw: Mip6dToken): { value: Ipv6Prefix; text: string; at: Position } | undefined {
    const a = this.peek()
    if (a.kind !== 'address') {
      this.valueError(kw, a, 'an address with its prefix length, such as 2001:db8::1/64', '')
      return undefined
    }
    this.next()
    if (!this.isPunct(this.peek(), '/')) {
      this.error(this.lastEnd, `missing "/length" after ${kw.text} ${a.text}`, { setting: kw.text })
      this.skipStatement(false)
      return undefined
    }
    this.next()
    const n = this.peek()
    if (n.kind !== 'number') {
      if (n.kind !== 'bad')
        this.error(
          n.kind === 'eof' ? this.lastEnd : n,
          `expected a prefix length after "${a.text}/", found ${describe(n)}`,
        )
      this.skipStatement(false)
      return undefined
    }
    this.next()
    if (n.num! > 128) {
      // gram.y prefixlen: "invalid prefix length".
      this.error(n, `prefix length ${n.text} is more than 128`, {
        setting: kw.text,
        value: n.text,
        allowed: '0..128',
      })
      this.skipStatement(false)
      return undefined
    }
    return { value: { address: a.address!, length: n.num! }, text: `${a.text}/${n.text}`, at: a }
  }

  /** The optional "(" PREFIX ("," PREFIX)* ")"; undefined after an error (reported). */
  private mobileNetworkPrefixes(): Array<{ value: Ipv6Prefix; at: Position }> | undefined {
    const out: Array<{ value: Ipv6Prefix; at: Position }> = []
    if (!this.isPunct(this.peek(), '(')) return out
    const open = this.next()
    for (;;) {
      const p = this.prefix(open)
      if (p === undefined) return undefined
      out.push({ value: p.value, at: p.at })
      const t = this.peek()
      if (this.isPunct(t, ',')) {
        this.next()
        continue
      }
      if (this.isPunct(t, ')')) {
        this.next()
        return out
      }
      this.error(this.lastEnd, `missing ")" to close the prefix list opened at ${open.line}:${open.col}`)
      this.skipStatement(false)
      return undefined
    }
  }

  /** Reports a missing or wrong value of `kw`, then skips the statement. */
  private valueError(kw: Mip6dToken, v: Mip6dToken, expected: string, hint: string, what = kw.text): void {
    if (v.kind !== 'bad') {
      // The next statement's keyword: this one ended without its value.
      const none = this.isPunct(v, ';') || v.kind === 'eof' || this.startsStatement(v)
      const found = none ? 'nothing' : describe(v)
      this.error(none ? this.lastEnd : v, `${what} takes ${expected}, not ${found}${hint}`, {
        setting: kw.text,
        ...(found !== 'nothing' ? { value: v.text } : {}),
      })
    }
    this.skipStatement(false)
  }

  // ---- recovery ----

  /** A statement that does not belong where it is: say why, skip it. */
  private misplaced(block: Block | undefined, t: Mip6dToken): void {
    const where = block ? `in ${block.label}` : 'at the top level'
    if (t.kind === 'word') {
      this.error(t, this.unknownKeyword(t.text, block), { setting: t.text })
    } else if (t.kind === 'keyword' && NOWHERE[t.text]) {
      this.error(
        t,
        `"${t.text}" is a word of mip6d's scanner that its grammar accepts nowhere; ${NOWHERE[t.text]}`,
        {
          setting: t.text,
        },
      )
    } else if (t.kind === 'keyword' && this.isStatementKeyword(t)) {
      this.error(t, `${t.text} is a top-level setting; it cannot appear ${where}`, { setting: t.text })
    } else if (t.kind === 'keyword') {
      const owners = (Object.keys(BLOCK_KEYWORDS) as BlockKind[]).filter((b) =>
        BLOCK_KEYWORDS[b].includes(t.text),
      )
      const owner = owners.map((b) => BLOCK_LABELS[b]).join(' or ')
      this.error(
        t,
        owner ? `${t.text} goes inside ${owner}, not ${where}` : `unexpected ${describe(t)} ${where}`,
        {
          setting: t.text,
        },
      )
    } else if (this.isPunct(t, '{')) {
      this.error(t, `unexpected "{" ${where}`)
    } else if (block?.kind === 'cnPolicy') {
      this.error(
        t,
        `expected "PEER_HOME_ADDRESS [LOCAL_ADDRESS] enabled|disabled;" in CnBindingPolicySet, found ${describe(t)}`,
      )
    } else {
      this.error(t, `unexpected ${describe(t)} ${where}`)
    }
    this.skipStatement(true)
  }

  private unknownKeyword(word: string, block: Block | undefined): string {
    const candidates = block
      ? BLOCK_KEYWORDS[block.kind]
      : [...this.statementKeywords.keys(), ...MIP6D_OPTION_KEYWORDS]
    const near = closest(word, candidates) ?? closest(word, MIP6D_KEYWORDS)
    if (near && near.toLowerCase() === word.toLowerCase()) {
      return `unknown setting "${word}": mip6d keywords are case-sensitive, write ${near}`
    }
    const where = block ? ` in ${block.label}` : ''
    return `unknown setting "${word}"${where}${near ? `; did you mean ${near}?` : ''}`
  }

  /** Skips the rest of a statement: through its ";", or up to a keyword, "{" or "}" that starts
   *  or ends something. Value words (HA, internal, UseESP, ...) are skipped. */
  private skipStatement(includingCurrent: boolean): void {
    if (includingCurrent) this.next()
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof' || this.isPunct(t, '}') || this.isPunct(t, '{') || this.startsStatement(t)) return
      this.next()
      if (this.isPunct(t, ';')) return
    }
  }

  private startsStatement(t: Mip6dToken): boolean {
    return (
      t.kind === 'keyword' &&
      (this.isStatementKeyword(t) || NOWHERE[t.text] !== undefined || BLOCK_KEYWORD_SET.has(t.text))
    )
  }

  private repeated(earlier: Setting<unknown> | undefined, kw: Mip6dToken): void {
    if (!earlier) return
    this.warning(
      kw,
      `${kw.text} is set again (first at ${earlier.kw.line}:${earlier.kw.col}); the last value counts`,
      {
        setting: kw.text,
      },
    )
  }

  // ---- the sections, once the role is known ----

  private build(): { config: RouterConfig; sourceMap: SourceMap } {
    const config = defaultRouterConfig()
    const map: SourceMap = new Map()
    const role = this.role?.value ?? 'cn'
    const mark = (path: string, at: Position, name: string) => {
      map.set(path, { file: this.file, line: at.line, col: at.col, dialect: 'mip6d', name })
    }
    const ignored = (kw: Mip6dToken, owner: string) =>
      this.warning(
        kw,
        `${kw.text} is a ${owner} setting; mip6d ignores it with NodeConfig ${ROLE_NAMES[role]}`,
        {
          setting: kw.text,
        },
      )
    const ha = role === 'ha' ? defaultHomeAgentConfig() : undefined
    const mn = role === 'mn' ? defaultMobileNodeConfig() : undefined
    const section: MobilitySection | undefined = ha ? 'homeAgent' : mn ? 'mobileNode' : undefined
    const target = ha ?? mn

    if (this.role) {
      config.nodeConfig = role
      mark('nodeConfig', this.role.at, 'NodeConfig')
      // A defaulted setting of the section is reported at the NodeConfig line.
      if (section) mark(section, this.role.kw, 'NodeConfig')
      const first = this.firstInterface
      if (first && role !== 'cn' && this.comesBefore(first.kw, this.role.kw)) {
        this.warning(
          this.role.kw,
          `NodeConfig comes after Interface "${first.name}" (line ${first.kw.line}): mip6d sets an interface up for its role as it reads its Interface line; put NodeConfig first`,
          { setting: 'NodeConfig' },
        )
      }
      if (role !== 'cn' && !this.attempted.has(USE_MN_HA_IPSEC)) {
        this.warning(
          this.role.kw,
          'UseMnHaIPsec is not set: mip6d protects binding updates with IPsec by default; the router has no IPsec and runs as with "UseMnHaIPsec disabled;" (add that line to say so)',
          { setting: 'UseMnHaIPsec' },
        )
      }
    } else if (this.tokens.length > 1 && !this.sawNodeConfig) {
      this.warning(
        { line: 1, col: 1 },
        'no NodeConfig: mip6d runs as a correspondent node (CN) by default, so home agent and mobile node settings are ignored; add "NodeConfig HA;" or "NodeConfig MN;"',
      )
    }

    for (const [option, s] of this.scalars) {
      const field = section ? option[section] : undefined
      if (section && target && field) {
        setField(target, field, s.value)
        mark(`${section}.${field}`, s.at, s.kw.text)
      } else if (option.homeAgent && !option.mobileNode) ignored(s.kw, ROLE_WORDS.ha)
      else if (option.mobileNode && !option.homeAgent) ignored(s.kw, ROLE_WORDS.mn)
      else if (option === DO_ROUTE_OPTIMIZATION_CN && s.value === true) {
        this.warning(
          s.kw,
          'DoRouteOptimizationCN enabled: route optimization is not implemented; mobile nodes keep using the home agent tunnel',
          { setting: s.kw.text, value: 'enabled' },
        )
      }
    }

    this.buildInterfaces(role, ha, mn, mark, ignored)

    for (const acl of this.bindingAcl) {
      if (!ha) {
        ignored(acl.kw, ROLE_WORDS.ha)
        continue
      }
      const path = `homeAgent.bindingAcl[${ha.bindingAcl.length}]`
      mark(path, acl.kw, 'BindingAclPolicy')
      mark(`${path}.homeAddress`, acl.at, 'BindingAclPolicy')
      mark(`${path}.policy`, acl.policyAt, 'BindingAclPolicy')
      acl.mnpAt.forEach((at, j) => {
        mark(`${path}.mobileNetworkPrefixes[${j}]`, at, 'BindingAclPolicy')
      })
      ha.bindingAcl.push(acl.entry)
    }
    if (this.defaultAcl) {
      if (ha) {
        ha.defaultBindingAclPolicy = this.defaultAcl.value
        mark('homeAgent.defaultBindingAclPolicy', this.defaultAcl.at, 'DefaultBindingAclPolicy')
      } else ignored(this.defaultAcl.kw, ROLE_WORDS.ha)
    }
    for (const p of this.servedPrefixes) {
      if (!ha) {
        ignored(p.kw, ROLE_WORDS.ha)
        continue
      }
      mark(`homeAgent.servedPrefixes[${ha.servedPrefixes.length}]`, p.at, 'HaServedPrefix')
      ha.servedPrefixes.push(p.value)
    }

    for (const link of this.homeLinks) {
      if (!mn) ignored(link.kw, ROLE_WORDS.mn)
      else if (link.homeAddress) this.buildHomeLink(link, link.homeAddress, mn, mark)
    }

    for (const { set, kw } of this.ipsecSets) {
      if (!section || !target) {
        ignored(kw, 'home agent and mobile node')
        continue
      }
      mark(`${section}.ipsecPolicySets[${target.ipsecPolicySets.length}]`, kw, 'IPsecPolicySet')
      target.ipsecPolicySets.push(set)
      this.warning(
        kw,
        `IPsecPolicySet for home agent ${formatAddress(set.homeAgentAddress)} and ${set.homeAddresses.map(formatPrefix).join(', ')} is kept but not applied: the router has no IPsec`,
        { setting: 'IPsecPolicySet' },
      )
    }
    for (const p of this.cnPolicies) {
      if (section && target) {
        mark(`${section}.cnBindingPolicies[${target.cnBindingPolicies.length}]`, p.at, 'CnBindingPolicySet')
        target.cnBindingPolicies.push(p.value)
      } else if (p.value.routeOptimization) {
        this.warning(
          p.at,
          'route optimization is not implemented: this CnBindingPolicySet entry has no effect',
          {
            setting: 'CnBindingPolicySet',
          },
        )
      }
    }

    if (ha) config.homeAgent = ha
    if (mn) config.mobileNode = mn
    return { config, sourceMap: map }
  }

  private buildInterfaces(
    role: NodeConfig,
    ha: HomeAgentConfig | undefined,
    mn: MobileNodeConfig | undefined,
    mark: (path: string, at: Position, name: string) => void,
    ignored: (kw: Mip6dToken, owner: string) => void,
  ): void {
    for (const s of this.interfaces) {
      // conf.h is_if_ha / is_if_mn: IfType can only narrow the node's role.
      const own = s.ifType === undefined || s.ifType.value === role
      if (s.ifType && !own && s.ifType.value !== 'cn') {
        this.warning(
          s.ifType.kw,
          `IfType ${ROLE_NAMES[s.ifType.value]} on a node configured as ${ROLE_NAMES[role]}: mip6d does not use interface "${s.name}"`,
          { setting: 'IfType', interface: s.name },
        )
      }
      if (!own) continue
      if (ha) {
        if (s.preference) ignored(s.preference.kw, ROLE_WORDS.mn)
        if (s.tunnel?.value) {
          // gram.y ifacedef: "Use of tunnel interface is not possible for HA yet".
          this.error(
            s.tunnel.kw,
            `Tunnel enabled on home agent interface "${s.name}": mip6d takes tunnel interfaces for a mobile node only`,
            { setting: 'Tunnel', interface: s.name },
          )
        }
        mark(`homeAgent.interfaces[${ha.interfaces.length}]`, s.nameAt, 'Interface')
        ha.interfaces.push(s.name)
      } else if (mn) {
        const path = `mobileNode.interfaces[${mn.interfaces.length}]`
        const iface = newMnInterface(s.name)
        mark(path, s.nameAt, 'Interface')
        mark(`${path}.name`, s.nameAt, 'Interface')
        if (s.preference) {
          iface.preference = s.preference.value
          mark(`${path}.preference`, s.preference.at, 'MnIfPreference')
        }
        if (s.tunnel) {
          iface.tunnel = s.tunnel.value
          mark(`${path}.tunnel`, s.tunnel.at, 'Tunnel')
        }
        mn.interfaces.push(iface)
      }
    }
  }

  private buildHomeLink(
    link: HomeLinkStatement,
    homeAddress: Setting<Ipv6Prefix>,
    mn: MobileNodeConfig,
    mark: (path: string, at: Position, name: string) => void,
  ): void {
    const path = `mobileNode.homeLinks[${mn.homeLinks.length}]`
    mark(path, link.kw, 'MnHomeLink')
    mark(`${path}.interface`, link.nameAt, 'MnHomeLink')
    mark(`${path}.homeAddress`, homeAddress.at, 'HomeAddress')
    link.mobileNetworkPrefixes.forEach((m, j) => {
      mark(`${path}.mobileNetworkPrefixes[${j}]`, m.at, 'HomeAddress')
    })
    // mip6d.conf(5): "DHAAD is used if it is the unspecified address ::".
    const agent =
      link.homeAgentAddress && !isUnspecified(link.homeAgentAddress.value) ? link.homeAgentAddress : undefined
    if (agent) mark(`${path}.homeAgentAddress`, agent.at, 'HomeAgentAddress')
    if (link.homePrefix) mark(`${path}.homePrefix`, link.homePrefix.at, 'HomePrefix')
    if (link.isMobRtr) mark(`${path}.isMobRtr`, link.isMobRtr.at, 'IsMobRtr')
    if (link.useAltCoa) mark(`${path}.useAltCoa`, link.useAltCoa.at, 'UseAltCoa')
    link.roPolicies.forEach((r, j) => {
      mark(`${path}.roPolicies[${j}]`, r.at, 'MnRoPolicy')
    })
    mn.homeLinks.push({
      interface: link.name,
      homeAddress: homeAddress.value,
      ...(agent ? { homeAgentAddress: agent.value } : {}),
      ...(link.homePrefix ? { homePrefix: link.homePrefix.value } : {}),
      mobileNetworkPrefixes: link.mobileNetworkPrefixes.map((m) => m.value),
      isMobRtr: link.isMobRtr?.value ?? false,
      useAltCoa: link.useAltCoa?.value ?? false,
      roPolicies: link.roPolicies.map((r) => r.value),
    })
  }

  private comesBefore(a: Position, b: Position): boolean {
    return a.line < b.line || (a.line === b.line && a.col < b.col)
  }

  // ---- tokens, positions, diagnostics ----

  protected override next(): Mip6dToken {
    const t = super.next()
    if (t.kind !== 'eof' && t.splitFrom !== undefined) this.splitWarning(t)
    return t
  }

  private splitWarning(t: Mip6dToken): void {
    const pieces = [t.text]
    let length = t.text.length
    for (let k = this.pos; k < this.tokens.length && length < t.splitFrom!.length; k++) {
      pieces.push(this.tokens[k]!.text)
      length += this.tokens[k]!.text.length
    }
    this.warning(
      t,
      `mip6d reads "${t.splitFrom}" as ${pieces.map((p) => `"${p}"`).join(' ')}; put spaces between them`,
    )
  }
}

const BLOCK_LABELS: Record<BlockKind, string> = {
  interface: 'Interface "NAME" { ... }',
  homeLink: 'MnHomeLink "NAME" { ... }',
  ipsec: 'IPsecPolicySet { ... }',
  cnPolicy: 'CnBindingPolicySet { ... }',
}

/** Top-level settings that open a block (or, for Interface, may). */
const BLOCK_OPENERS: ReadonlySet<string> = new Set([
  'Interface',
  'MnHomeLink',
  'IPsecPolicySet',
  'CnBindingPolicySet',
])

const BLOCK_KEYWORD_SET: ReadonlySet<string> = new Set(Object.values(BLOCK_KEYWORDS).flat())

const MIP6D_OPTION_KEYWORDS: readonly string[] = MIP6D_KEYWORDS.filter((k) => mobilityOption('mip6d', k))

function describe(t: Mip6dToken): string {
  return t.kind === 'eof' ? 'the end of the file' : t.kind === 'string' ? t.text : `"${t.text}"`
}
