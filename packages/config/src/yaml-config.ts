// The native file format: YAML (1.2) decoded into the schema, reporting YAML syntax errors,
// unknown keys, wrong types and unreadable addresses at FILE:LINE:COL. Keys are radvd's option
// names in lowerCamelCase (CONFIG.md lists them all); `on`/`off` are accepted for booleans as
// radvd users write them. Interfaces are a mapping from interface name to settings, as in
// netplan. The Mobile IPv6 sections (nodeConfig, homeAgent, mobileNode, console) are in
// yaml-mobility.ts, mqtt in yaml-mqtt.ts. Ranges and cross-setting rules are left to validate().
import { type Ipv6Address, type Ipv6Prefix, parseAddress, parsePrefix } from '@mip6/wire'
import { isMap, isPair, isScalar, isSeq, type Node, parseDocument, type YAMLMap } from 'yaml'
import { LIMITS } from './defaults'
import type { Diagnostic, Severity, SourceMap } from './diagnostic'
import {
  defaultRouterConfig,
  newAbro,
  newDnssl,
  newLowpanco,
  newPrefix,
  newRaDraft,
  newRdnss,
  newRoute,
  type RaDraft,
  resolveRa,
  setField,
} from './draft'
import { BLOCKS, type BlockKind, OPTIONS_BY_BLOCK, type OptionSpec } from './options'
import {
  DATAPLANES,
  INFINITE_LIFETIME,
  type InterfaceConfig,
  type PrefixConfig,
  type RouteConfig,
  type RouterConfig,
} from './schema'
import { closest } from './suggest'
import { decodeMobility, type MobilityNodes } from './yaml-mobility'
import { decodeMqtt } from './yaml-mqtt'

export interface YamlDecodeResult {
  /** Undefined when the YAML itself cannot be read; otherwise what could be decoded. */
  config: RouterConfig | undefined
  sourceMap: SourceMap
  diagnostics: Diagnostic[]
}

export function decodeYamlConfig(text: string, file: string): YamlDecodeResult {
  return new YamlDecoder(file).decode(text)
}

const ROOT_KEYS = [
  'router',
  'interfaces',
  'nodeConfig',
  'homeAgent',
  'mobileNode',
  'console',
  'mqtt',
] as const
const ROUTER_KEYS = ['id', 'stateDir', 'dataplane', 'logLevel'] as const
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const
const BLOCK_KEYS: string[] = Object.values(BLOCKS).map((b) => b.yaml)

const EXPECTED: Record<OptionSpec['kind'], string> = {
  switch: 'true or false',
  uint32: `a whole number 0..${LIMITS.uint32Max}`,
  seconds: 'a number of seconds (fractions allowed)',
  lifetime: `a number of seconds 0..${LIMITS.uint32Max} or infinity`,
  preference: 'low, medium or high',
  name: 'an interface name',
  signed16: 'a whole number',
}

type Value = number | boolean | string

/** What yaml-mobility.ts uses of the decoder. */
export interface YamlReader {
  lastKey: Node | undefined
  entries(
    node: YAMLMap,
    known: readonly string[],
    where: string,
    each: (key: string, value: Node | null, keyText: string) => void,
    origin?: string,
  ): void
  error(node: Node | null | undefined, message: string, extra?: Partial<Diagnostic>): undefined
  warning(node: Node | null | undefined, message: string, extra?: Partial<Diagnostic>): void
  wrongType(node: Node | null, keyText: string, expected: string): undefined
  mark(path: string, node: Node | null | undefined, name: string): void
  address(node: Node | null, keyText: string): Ipv6Address | undefined
  prefix(node: Node, keyText: string): Ipv6Prefix | undefined
  string(node: Node | null, keyText: string): string | undefined
  isNull(node: Node | null | undefined): node is null | undefined
}

class YamlDecoder implements YamlReader {
  /** Offsets where each line starts. */
  private lineStarts: number[] = [0]
  private readonly diagnostics: Diagnostic[] = []
  private readonly map: SourceMap = new Map()
  private iface: string | undefined
  /** Where to point when a value is missing altogether: its key. */
  lastKey: Node | undefined

  constructor(private readonly file: string) {}

  decode(text: string): YamlDecodeResult {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1)
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true })
    const lines = text.split('\n')
    for (const e of doc.errors) {
      const line = lines[this.linePos(e.pos[0]).line - 1] ?? ''
      // `2001:db8::` ends in ":", which YAML reads as a mapping key.
      const hint = /::\s*($|[,\]}#])/.test(line)
        ? '; quote IPv6 addresses that end in "::", e.g. "2001:db8::"'
        : ''
      this.report('error', e.pos[0], `YAML: ${e.message}${hint}`)
    }
    for (const w of doc.warnings) this.report('warning', w.pos[0], `YAML: ${w.message}`)
    if (doc.errors.length > 0)
      return { config: undefined, sourceMap: this.map, diagnostics: this.diagnostics }
    const config = defaultRouterConfig()
    const root = doc.contents
    if (root === null || (isScalar(root) && root.value === null)) {
      return { config, sourceMap: this.map, diagnostics: this.diagnostics }
    }
    if (!isMap(root)) {
      this.error(root, `the config must be a mapping with the keys ${ROOT_KEYS.join(', ')}`)
      return { config, sourceMap: this.map, diagnostics: this.diagnostics }
    }
    const mobility: MobilityNodes = {}
    this.entries(root, ROOT_KEYS, 'the config', (key, value) => {
      if (key === 'router') this.router(value, config)
      else if (key === 'interfaces') config.interfaces = this.interfaces(value)
      else if (key === 'mqtt') decodeMqtt(this, value, config.mqtt)
      else mobility[key as keyof MobilityNodes] = { key: this.lastKey!, value }
    })
    decodeMobility(this, mobility, config)
    return { config, sourceMap: this.map, diagnostics: this.diagnostics }
  }

  private router(node: Node | null, config: RouterConfig): void {
    if (this.isNull(node)) return
    if (!isMap(node)) {
      this.error(node, 'router must be a mapping (id, stateDir, dataplane, logLevel)')
      return
    }
    this.entries(node, ROUTER_KEYS, 'router', (key, value, keyText) => {
      const path = `router.${key}`
      if (!isScalar(value) || typeof value.value !== 'string' || value.value === '') {
        const expected =
          key === 'dataplane'
            ? DATAPLANES.join(', ')
            : key === 'logLevel'
              ? LOG_LEVELS.join(', ')
              : 'a string'
        return this.wrongType(value, keyText, expected)
      }
      const text = value.value
      if (key === 'dataplane' || key === 'logLevel') {
        const allowed: readonly string[] = key === 'dataplane' ? DATAPLANES : LOG_LEVELS
        if (!allowed.includes(text)) {
          return this.error(value, `${keyText} must be one of ${allowed.join(', ')}, not "${text}"`, {
            setting: keyText,
            value: text,
            allowed: allowed.join(', '),
          })
        }
      }
      this.mark(path, value, keyText)
      setField(config.router, key, text)
    })
  }

  private interfaces(node: Node | null): InterfaceConfig[] {
    const out: InterfaceConfig[] = []
    if (this.isNull(node)) return out
    if (!isMap(node)) {
      this.error(
        node,
        'interfaces maps each interface name to its settings, e.g. "interfaces: { wlan0: { ra: { ... } } }"',
      )
      return out
    }
    for (const pair of node.items) {
      const key = pair.key as Node | null
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.error(key, 'an interface name must be a plain string')
        continue
      }
      const name = String(key.value)
      const index = out.length
      const path = `interfaces[${index}]`
      this.iface = name
      this.mark(path, key, name)
      this.mark(`${path}.name`, key, name)
      const draft = newRaDraft()
      const value = pair.value as Node | null
      if (!this.isNull(value)) {
        if (!isMap(value)) this.error(value, `interface ${name} must be a mapping with the key ra`)
        else {
          this.entries(value, ['ra'], `interface ${name}`, (_key, raNode, keyText) => {
            this.mark(`${path}.ra`, this.lastKey ?? raNode, keyText)
            this.ra(raNode, draft, `${path}.ra`)
          })
        }
      }
      out.push({ name, ra: resolveRa(draft) })
      this.iface = undefined
    }
    return out
  }

  private ra(node: Node | null, draft: RaDraft, path: string): void {
    if (this.isNull(node)) return
    if (!isMap(node)) {
      this.error(node, `ra of interface ${this.iface} must be a mapping of RA settings`)
      return
    }
    const keys = [...OPTIONS_BY_BLOCK.interface.flatMap((o) => (o.yaml ? [o.yaml] : [])), ...BLOCK_KEYS]
    const blocks: Array<[string, Node | null, string]> = []
    // Scalars first: the default lifetimes of routes, RDNSS and DNSSL follow MaxRtrAdvInterval.
    this.entries(node, keys, `ra of interface ${this.iface}`, (key, value, keyText) => {
      if (BLOCK_KEYS.includes(key)) blocks.push([key, value, keyText])
      else this.option('interface', key, keyText, value, draft, path)
    })
    for (const [key, value, keyText] of blocks) this.block(key, keyText, value, draft, `${path}`)
  }

  private block(key: string, keyText: string, node: Node | null, draft: RaDraft, raPath: string): void {
    if (this.isNull(node)) return
    if (!isSeq(node)) {
      this.error(node, `${keyText} must be a list`)
      return
    }
    for (const item of node.items as Array<Node | null>) this.blockItem(key, keyText, item, draft, raPath)
  }

  private blockItem(key: string, keyText: string, it: Node | null, draft: RaDraft, raPath: string): void {
    const max = draft.maxRtrAdvIntervalS
    if (key === BLOCKS.clients.yaml || key === BLOCKS.rasrc.yaml) {
      const field = key === BLOCKS.clients.yaml ? 'clients' : 'advRaSrcAddresses'
      const list = draft[field]
      const a = this.address(it, keyText)
      if (a) {
        this.mark(`${raPath}.${field}[${list.length}]`, it, keyText)
        list.push(a)
      }
      return
    }
    if (!isMap(it)) {
      this.error(it, `each ${keyText} entry must be a mapping`)
      return
    }
    const spec = Object.values(BLOCKS).find((b) => b.yaml === key)!
    const path = `${raPath}.${spec.field}[${(draft[spec.field] as unknown[]).length}]`
    if (key === BLOCKS.prefix.yaml || key === BLOCKS.route.yaml) {
      const kind = key === BLOCKS.prefix.yaml ? 'prefix' : 'route'
      const p = this.required(it, 'prefix', keyText, '- prefix: 2001:db8::/64')
      const prefix = p && this.prefix(p, 'prefix')
      if (!prefix) {
        this.checkKeys(it, ['prefix', ...this.keysOf(kind)], keyText)
        return
      }
      const target = kind === 'prefix' ? newPrefix(prefix) : newRoute(prefix, max)
      if (kind === 'prefix') draft.prefixes.push(target as PrefixConfig)
      else draft.routes.push(target as RouteConfig)
      this.mark(path, it, keyText)
      this.mark(`${path}.prefix`, p, 'prefix')
      this.options(it, kind, ['prefix'], keyText, target, path)
    } else if (key === BLOCKS.rdnss.yaml) {
      const addresses = this.list(it, 'addresses', keyText, '- addresses: [2001:db8::53]', (n) =>
        this.address(n, 'addresses'),
      )
      const target = newRdnss(
        addresses.map(([a]) => a),
        max,
      )
      draft.rdnss.push(target)
      this.mark(path, it, keyText)
      addresses.forEach(([, n], k) => {
        this.mark(`${path}.addresses[${k}]`, n, 'addresses')
      })
      this.options(it, 'rdnss', ['addresses'], keyText, target, path)
    } else if (key === BLOCKS.dnssl.yaml) {
      const suffixes = this.list(it, 'suffixes', keyText, '- suffixes: [example.org]', (n) =>
        this.string(n, 'suffixes'),
      )
      const target = newDnssl(
        suffixes.map(([v]) => v),
        max,
      )
      draft.dnssl.push(target)
      this.mark(path, it, keyText)
      suffixes.forEach(([, n], k) => {
        this.mark(`${path}.suffixes[${k}]`, n, 'suffixes')
      })
      this.options(it, 'dnssl', ['suffixes'], keyText, target, path)
    } else if (key === BLOCKS.abro.yaml) {
      const n = this.required(it, 'address', keyText, '- address: fe80::1')
      const address = n && this.address(n, 'address')
      if (!address) {
        this.checkKeys(it, ['address', ...this.keysOf('abro')], keyText)
        return
      }
      const target = newAbro(address)
      draft.abro.push(target)
      this.mark(path, it, keyText)
      this.mark(`${path}.address`, n, 'address')
      this.options(it, 'abro', ['address'], keyText, target, path)
    } else {
      const target = newLowpanco()
      draft.lowpanco.push(target)
      this.mark(path, it, keyText)
      this.options(it, 'lowpanco', [], keyText, target, path)
    }
  }

  /** The block's settings other than its `own` keys. */
  private options(
    node: YAMLMap,
    block: BlockKind,
    own: string[],
    what: string,
    target: object,
    path: string,
  ): void {
    this.entries(node, [...own, ...this.keysOf(block)], `a ${what} entry`, (key, value, keyText) => {
      if (!own.includes(key)) this.option(block, key, keyText, value, target, path)
    })
  }

  private keysOf(block: BlockKind): string[] {
    return OPTIONS_BY_BLOCK[block].flatMap((o) => (o.yaml ? [o.yaml] : []))
  }

  private option(
    block: BlockKind,
    key: string,
    keyText: string,
    node: Node | null,
    target: object,
    path: string,
  ): void {
    const spec = OPTIONS_BY_BLOCK[block].find((o) => o.yaml === key)!
    const value = this.value(spec, node, keyText)
    if (value === undefined) return
    this.mark(`${path}.${spec.field}`, node, keyText)
    setField(target, spec.field, value)
  }

  private value(spec: OptionSpec, node: Node | null, keyText: string): Value | undefined {
    const v = isScalar(node) ? node.value : undefined
    switch (spec.kind) {
      case 'switch':
        if (typeof v === 'boolean') return v
        if (v === 'on' || v === 'off') return v === 'on'
        break
      case 'uint32':
        if (isUint32(v)) return v
        break
      case 'seconds':
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v
        break
      case 'lifetime':
        if (v === 'infinity' || v === Number.POSITIVE_INFINITY) return INFINITE_LIFETIME
        if (isUint32(v)) return v
        break
      case 'preference':
        if (v === 'low' || v === 'medium' || v === 'high') return v
        break
      case 'name':
        if (typeof v === 'string' && v !== '') return v
        break
      case 'signed16':
        if (typeof v === 'number' && Number.isSafeInteger(v)) return v
        break
    }
    this.wrongType(node, keyText, EXPECTED[spec.kind])
    return undefined
  }

  // ---- shapes ----

  /** Calls `each` for every known key; reports unknown keys with a suggestion. */
  entries(
    node: YAMLMap,
    known: readonly string[],
    where: string,
    each: (key: string, value: Node | null, keyText: string) => void,
    origin = 'radvd',
  ): void {
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const key = pair.key as Node | null
      const keyText = isScalar(key) ? String(key.value) : ''
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.error(key, `keys in ${where} must be plain strings`)
        continue
      }
      if (!known.includes(keyText)) {
        const near = closest(keyText, known)
        const hint =
          near === undefined
            ? ''
            : near.toLowerCase() === keyText.toLowerCase()
              ? `; keys are ${origin}'s names in lowerCamelCase: ${near}`
              : `; did you mean ${near}?`
        this.error(key, `unknown key "${keyText}" in ${where}${hint}`, { setting: keyText })
        continue
      }
      this.lastKey = key
      each(keyText, pair.value as Node | null, keyText)
    }
  }

  private checkKeys(node: YAMLMap, known: string[], what: string): void {
    this.entries(node, known, `a ${what} entry`, () => {})
  }

  private required(node: YAMLMap, key: string, what: string, example: string): Node | undefined {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key)
    if (!pair) {
      this.error(node, `a ${what} entry needs "${key}", e.g. "${example}"`)
      return undefined
    }
    return (pair.value as Node | null) ?? (pair.key as Node)
  }

  /** A key holding one value or a list of them. */
  private list<T>(
    node: YAMLMap,
    key: string,
    what: string,
    example: string,
    read: (n: Node | null) => T | undefined,
  ): Array<[T, Node]> {
    const n = this.required(node, key, what, example)
    if (n === undefined) return []
    const items = isSeq(n) ? (n.items as Array<Node | null>) : [n]
    const out: Array<[T, Node]> = []
    for (const item of items) {
      const v = read(item)
      if (v !== undefined && item) out.push([v, item])
    }
    if (items.length === 0) this.error(n, `${key} must not be empty`)
    return out
  }

  address(node: Node | null, keyText: string): Ipv6Address | undefined {
    const key = isMap(node) && node.items.length === 1 ? (node.items[0]!.key as Node | null) : undefined
    if (isScalar(key) && String(key.value).endsWith(':')) {
      // `[2001:db8::]` reads as the mapping { "2001:db8:": null }.
      return this.error(
        node,
        `${keyText}: quote IPv6 addresses that end in "::" in YAML, e.g. "2001:db8::"`,
        {
          setting: keyText,
        },
      )
    }
    if (!isScalar(node) || typeof node.value !== 'string')
      return this.wrongType(node, keyText, 'an IPv6 address')
    const a = parseAddress(node.value)
    if (!a.ok)
      return this.error(node, `${keyText}: bad IPv6 address ${a.error}`, {
        setting: keyText,
        value: node.value,
      })
    return a.value
  }

  prefix(node: Node, keyText: string): Ipv6Prefix | undefined {
    if (!isScalar(node) || typeof node.value !== 'string')
      return this.wrongType(node, keyText, 'an IPv6 prefix such as 2001:db8::/64')
    const p = parsePrefix(node.value)
    if (!p.ok)
      return this.error(node, `${keyText}: bad IPv6 prefix ${p.error}`, {
        setting: keyText,
        value: node.value,
      })
    return p.value
  }

  string(node: Node | null, keyText: string): string | undefined {
    if (!isScalar(node) || typeof node.value !== 'string') return this.wrongType(node, keyText, 'a string')
    return node.value
  }

  isNull(node: Node | null | undefined): node is null | undefined {
    return node === null || node === undefined || (isScalar(node) && node.value === null)
  }

  // ---- diagnostics ----

  wrongType(node: Node | null, keyText: string, expected: string): undefined {
    const found = describe(node)
    this.error(node, `${keyText} takes ${expected}, not ${found}`, {
      setting: keyText,
      ...(isScalar(node) && node.value !== null ? { value: String(node.value) } : {}),
    })
    return undefined
  }

  mark(path: string, node: Node | null | undefined, name: string): void {
    const at = this.offset(node)
    const { line, col } = this.linePos(at)
    this.map.set(path, { file: this.file, line, col, dialect: 'yaml', name })
  }

  /** 1-based line and column of a character offset. */
  private linePos(offset: number): { line: number; col: number } {
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.lineStarts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 }
  }

  private offset(node: Node | null | undefined): number {
    return node?.range?.[0] ?? this.lastKey?.range?.[0] ?? 0
  }

  error(node: Node | null | undefined, message: string, extra: Partial<Diagnostic> = {}): undefined {
    this.report('error', this.offset(node), message, extra)
    return undefined
  }

  warning(node: Node | null | undefined, message: string, extra: Partial<Diagnostic> = {}): void {
    this.report('warning', this.offset(node), message, extra)
  }

  private report(severity: Severity, offset: number, message: string, extra: Partial<Diagnostic> = {}): void {
    const { line, col } = this.linePos(offset)
    this.diagnostics.push({
      severity,
      file: this.file,
      line,
      col,
      message,
      ...(this.iface !== undefined && extra.interface === undefined ? { interface: this.iface } : {}),
      ...extra,
    })
  }
}

function isUint32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.uint32Max
}

function describe(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing'
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) return typeof node.value === 'string' ? `"${node.value}"` : String(node.value)
  return 'an alias'
}
