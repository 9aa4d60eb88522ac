// radvd.conf import: a recursive-descent parser for radvd 2.19's grammar (gram.y) that fills
// the native schema and a source map, and reports every error at once instead of stopping at
// the first "syntax error" as radvd does.
//
// Grammar (2.19), each statement ending in ";":
//   file      := interface+
//   interface := "interface" NAME "{" (option | prefix | route | RDNSS | DNSSL | clients
//                | AdvRASrcAddress | abro | lowpanco)* "}" ";"
//   prefix    := "prefix" ADDR "/" N ("{" prefix-option* "}")? ";"
//   route     := "route" ADDR "/" N "{" route-option* "}" ";"
//   RDNSS     := "RDNSS" ADDR+ "{" rdnss-option* "}" ";"          (at most 3 addresses)
//   DNSSL     := "DNSSL" NAME+ "{" dnssl-option* "}" ";"
//   clients   := "clients" "{" (ADDR ";")+ "}" ";"     likewise AdvRASrcAddress
//   abro      := "abro" ADDR ("/" N)? "{" abro-option* "}" ";"    (the length is ignored)
//   lowpanco  := "lowpanco" "{" lowpanco-option* "}" ";"
// Values: on/off; whole numbers up to 4294967295; decimals only for MaxRtrAdvInterval,
// MinRtrAdvInterval and MinDelayBetweenRAs; "infinity" for prefix, route, RDNSS and DNSSL
// lifetimes; low/medium/high (or a negative number) for preferences.
//
// What radvd 2.19 does at parse time and we reproduce: the route, RDNSS and DNSSL default
// lifetimes come from MaxRtrAdvInterval as set *before* the block; an AdvDNSSLLifetime below
// that MaxRtrAdvInterval is replaced by it (an AdvRDNSSLifetime is kept); AdvRAMTU is held to
// 1280..131072; HomeAgentPreference 32768..65535 is sent as its 16-bit two's complement.
// Range checks that radvd makes when it sets an interface up live in validate().
//
// Recovery: a block whose "{" is missing is parsed as if it were there when what follows
// belongs in it; a block ends at the first keyword that cannot belong in it, and its missing
// "};" is reported where the block's last statement ends. Errors inside a statement skip to
// its ";".
import type { Ipv6Address, Ipv6Prefix } from '@mip6/wire'
import { ConfParser } from './conf-parser'
import type { Position } from './conf-token'
import { LIMITS } from './defaults'
import { type Diagnostic, formatNumber, type SourceMap } from './diagnostic'
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
import {
  BLOCKS,
  type BlockKind,
  findOption,
  LATER_RADVD_OPTIONS,
  OPTIONS_BY_BLOCK,
  type OptionSpec,
} from './options'
import {
  RADVD_KEYWORDS,
  type RadvdToken,
  readsAsRadvdAddress,
  tokenizeRadvdConf,
} from './radvd-conf-tokenizer'
import { INFINITE_LIFETIME, type InterfaceConfig, type Preference, type RouterConfig } from './schema'
import { closest } from './suggest'

export interface RadvdParseResult {
  /** What the file says, as far as it could be read; use it only when there are no errors. */
  config: RouterConfig
  sourceMap: SourceMap
  diagnostics: Diagnostic[]
}

export function parseRadvdConf(text: string, file: string): RadvdParseResult {
  return new RadvdConfParser(text, file).parse()
}

type Container = BlockKind | 'clients' | 'rasrc'

interface Block {
  kind: Container
  /** As written: `interface wlan0`, `prefix 2001:db8::/64`. */
  label: string
  openedAt: Position
  /** Its "{" was missing and has been assumed. */
  implicit: boolean
  /** Schema path of the block, e.g. `interfaces[0].ra.prefixes[1]`. */
  path: string
  /** The object its options fill. */
  target: object
}

const SUB_BLOCK_KEYWORDS: Record<string, keyof typeof BLOCKS> = {
  prefix: 'prefix',
  route: 'route',
  RDNSS: 'rdnss',
  DNSSL: 'dnssl',
  clients: 'clients',
  AdvRASrcAddress: 'rasrc',
  abro: 'abro',
  lowpanco: 'lowpanco',
}

const EXPECTED: Record<OptionSpec['kind'], string> = {
  switch: 'on or off',
  uint32: 'a whole number',
  seconds: 'a number of seconds',
  lifetime: 'a number of seconds or infinity',
  preference: 'low, medium or high',
  name: 'an interface name',
  signed16: 'a whole number',
}

const PREFERENCE_BITS: Record<number, Preference | undefined> = { 0: 'medium', 1: 'high', 3: 'low' }

class RadvdConfParser extends ConfParser<RadvdToken> {
  /** For each token, the index of the first "{", "}", "interface" or end of file from it on. */
  private readonly nextStructural: number[] = []
  private map: SourceMap = new Map()
  private readonly interfaces: InterfaceConfig[] = []
  /** Name of the interface being read, for diagnostics. */
  private ifaceName: string | undefined
  /** The draft of the interface being read. */
  private ra: RaDraft = newRaDraft()

  constructor(text: string, file: string) {
    super(tokenizeRadvdConf(text), file, 'radvd')
    for (let k = this.tokens.length - 1; k >= 0; k--) {
      const t = this.tokens[k]!
      const structural =
        this.isPunct(t, '{') || this.isPunct(t, '}') || this.isKeyword(t, 'interface') || t.kind === 'eof'
      this.nextStructural[k] = structural ? k : this.nextStructural[k + 1]!
    }
  }

  parse(): RadvdParseResult {
    let interfaces = 0
    while (this.peek().kind !== 'eof') {
      const t = this.peek()
      if (this.isKeyword(t, 'interface')) {
        this.parseInterface()
        interfaces++
      } else if (t.kind === 'bad') {
        this.next()
      } else {
        this.topLevelJunk(t)
      }
    }
    if (interfaces === 0 && this.diagnostics.length === 0) {
      this.error(
        { line: 1, col: 1 },
        'no interface block: radvd.conf needs at least one "interface NAME { ... };"',
      )
    }
    const config = defaultRouterConfig()
    config.interfaces = this.interfaces
    return { config, sourceMap: this.map, diagnostics: this.sortedDiagnostics() }
  }

  // ---- interface ----

  private parseInterface(): void {
    const kw = this.next()
    const nameTok = this.peek()
    let name: string | undefined
    if (nameTok.kind === 'string') {
      this.next()
      name = nameTok.str!
      if (nameTok.quoted) {
        this.warning(
          nameTok,
          `radvd 2.19 keeps the quotes and would look for an interface named ${nameTok.text}`,
          {
            interface: name,
          },
        )
      }
    } else if (nameTok.kind !== 'bad') {
      const why = nameTok.kind === 'keyword' ? ` ("${nameTok.text}" is a radvd keyword)` : ''
      this.error(
        nameTok.kind === 'eof' ? this.lastEnd : nameTok,
        `expected an interface name after "interface"${why}`,
      )
      if (!this.isPunct(nameTok, '{') && nameTok.kind !== 'eof' && !this.isKeyword(nameTok)) this.next()
    } else this.next()

    const index = this.interfaces.length
    const path = `interfaces[${index}]`
    const outerMap = this.map
    // An interface without a name is read for its errors only.
    if (name === undefined) this.map = new Map()
    this.ifaceName = name
    this.ra = newRaDraft()
    this.mark(path, kw, 'interface')
    this.mark(`${path}.name`, nameTok, 'interface')
    const block: Block = {
      kind: 'interface',
      label: `interface ${name ?? ''}`.trim(),
      openedAt: kw,
      implicit: false,
      path: `${path}.ra`,
      target: this.ra,
    }
    if (this.isPunct(this.peek(), '{')) this.next()
    else {
      this.error(this.lastEnd, `missing "{" after "${block.label}"`)
      block.implicit = true
    }
    this.parseBody(block)
    this.map = outerMap
    if (name !== undefined) this.interfaces.push({ name, ra: resolveRa(this.ra) })
    this.ifaceName = undefined
  }

  // ---- blocks ----

  /** Reads statements up to and including the block's "};", or reports where it is missing. */
  private parseBody(block: Block): void {
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof' || this.endsBlock(block, t)) {
        this.missingClose(block)
        return
      }
      if (this.isPunct(t, '}')) {
        this.next()
        if (this.isPunct(this.peek(), ';')) this.next()
        else this.error(this.lastEnd, `missing ";" after the "}" that closes "${block.label}"`)
        return
      }
      if (this.isPunct(t, ';')) {
        this.next()
        this.error(t, `unexpected ";" in "${block.label}"`)
      } else if (t.kind === 'bad') this.next()
      else if (this.belongs(block, t)) this.statement(block, t)
      else this.foreignStatement(block, t)
    }
  }

  /** Is `t` the end of a block whose "};" is missing? */
  private endsBlock(block: Block, t: RadvdToken): boolean {
    if (this.isPunct(t, '}')) {
      // In a block whose "{" was assumed, a "}" followed by the next interface (or the end)
      // closes the interface around it.
      return block.implicit && block.kind !== 'interface' && !this.braceIsInner()
    }
    if (this.isKeyword(t, 'interface')) return true
    if (block.kind === 'interface' || !this.isKeyword(t) || this.belongs(block, t)) return false
    // A keyword that cannot be in this block: either the block's "};" is missing, or the
    // statement is misplaced inside a block that does close before anything else opens.
    return block.implicit || !this.closesBeforeOpening()
  }

  private belongs(block: Block, t: RadvdToken): boolean {
    if (block.kind === 'clients' || block.kind === 'rasrc') return t.kind === 'address'
    if (t.kind !== 'keyword') return false
    if (block.kind === 'interface' && t.text in SUB_BLOCK_KEYWORDS) return true
    return findOption(block.kind, 'radvd', t.text) !== undefined
  }

  private statement(block: Block, t: RadvdToken): void {
    const sub = block.kind === 'interface' ? SUB_BLOCK_KEYWORDS[t.text] : undefined
    if (block.kind === 'clients' || block.kind === 'rasrc') this.addressStatement(block)
    else if (sub !== undefined) this.parseSubBlock(sub)
    else this.parseOption(block, findOption(block.kind, 'radvd', t.text)!)
  }

  private parseSubBlock(kind: keyof typeof BLOCKS): void {
    const kw = this.next()
    const ra = this.ra
    const list = ra[BLOCKS[kind].field] as unknown[]
    const base = `${this.ifacePath()}.ra.${BLOCKS[kind].field}`
    let block: Block | undefined
    let optionalBody = false
    /** False when the head is unreadable: the body is then read for its errors only. */
    let keep = true
    switch (kind) {
      case 'prefix':
      case 'route': {
        const head = this.prefixHead(kw)
        const prefix = head?.prefix ?? { address: new Uint8Array(16), length: 0 }
        const target = kind === 'prefix' ? newPrefix(prefix) : newRoute(prefix, ra.maxRtrAdvIntervalS)
        const path = `${base}[${list.length}]`
        keep = head !== undefined
        if (head) {
          list.push(target)
          this.mark(path, kw, kw.text)
          this.mark(`${path}.prefix`, head.at, kw.text)
        }
        block = {
          kind,
          label: `${kw.text} ${head?.text ?? ''}`.trim(),
          openedAt: kw,
          implicit: false,
          path,
          target,
        }
        optionalBody = kind === 'prefix'
        break
      }
      case 'rdnss': {
        const addresses = this.addressList(kw, LIMITS.radvdRdnssAddressesMax)
        const target = newRdnss(
          addresses.map((a) => a.address!),
          ra.maxRtrAdvIntervalS,
        )
        const path = `${base}[${list.length}]`
        keep = addresses.length > 0
        if (keep) {
          list.push(target)
          this.mark(path, kw, 'RDNSS')
          addresses.forEach((a, i) => {
            this.mark(`${path}.addresses[${i}]`, a, 'RDNSS')
          })
        }
        const label = ['RDNSS', ...addresses.map((a) => a.text)].join(' ')
        block = { kind, label, openedAt: kw, implicit: false, path, target }
        break
      }
      case 'dnssl': {
        const suffixes = this.suffixList(kw)
        const target = newDnssl(
          suffixes.map((t) => t.str!),
          ra.maxRtrAdvIntervalS,
        )
        const path = `${base}[${list.length}]`
        keep = suffixes.length > 0
        if (keep) {
          list.push(target)
          this.mark(path, kw, 'DNSSL')
          suffixes.forEach((t, i) => {
            this.mark(`${path}.suffixes[${i}]`, t, 'DNSSL')
          })
        }
        const label = ['DNSSL', ...suffixes.map((t) => t.text)].join(' ')
        block = { kind, label, openedAt: kw, implicit: false, path, target }
        break
      }
      case 'abro': {
        const a = this.peek()
        let address: Ipv6Address = new Uint8Array(16)
        let label = 'abro'
        if (a.kind === 'address') {
          this.next()
          address = a.address!
          label = `abro ${a.text}`
          if (this.isPunct(this.peek(), '/')) {
            this.next()
            const n = this.peek()
            if (n.kind === 'number') {
              this.next()
              this.warning(n, `abro takes an address, not a prefix: radvd ignores "/${n.text}" (remove it)`)
            } else this.error(n, `expected a number after "/", found ${describe(n)}`)
          }
        } else if (a.kind !== 'bad')
          this.error(a, `"abro" needs the 6LBR's IPv6 address, found ${describe(a)}`)
        const target = newAbro(address)
        const path = `${base}[${list.length}]`
        keep = a.kind === 'address'
        if (keep) {
          list.push(target)
          this.mark(path, kw, 'abro')
          this.mark(`${path}.address`, a, 'abro')
        }
        block = { kind, label, openedAt: kw, implicit: false, path, target }
        break
      }
      case 'lowpanco': {
        const target = newLowpanco()
        const path = `${base}[${list.length}]`
        list.push(target)
        this.mark(path, kw, 'lowpanco')
        block = { kind, label: 'lowpanco', openedAt: kw, implicit: false, path, target }
        break
      }
      case 'clients':
      case 'rasrc': {
        if (!this.map.has(base)) this.mark(base, kw, kw.text)
        block = { kind, label: kw.text, openedAt: kw, implicit: false, path: base, target: list }
        break
      }
    }
    const outerMap = this.map
    if (!keep) this.map = new Map()
    this.openBlock(block, optionalBody)
    this.map = outerMap
  }

  /** After a block's head: "{" body, or (prefix only) ";", or recovery. */
  private openBlock(block: Block, optionalBody: boolean): void {
    const t = this.peek()
    if (this.isPunct(t, '{')) {
      this.next()
      const before = this.listLength(block)
      this.parseBody(block)
      if ((block.kind === 'clients' || block.kind === 'rasrc') && this.listLength(block) === before) {
        this.error(block.openedAt, `"${block.label}" needs at least one address`)
      }
      return
    }
    if (optionalBody && this.isPunct(t, ';')) {
      this.next()
      return
    }
    if (this.belongs(block, t)) {
      this.error(this.lastEnd, `missing "{" after "${block.label}"`)
      block.implicit = true
      this.parseBody(block)
      return
    }
    if (optionalBody) {
      this.error(this.lastEnd, `missing ";" after "${block.label}"`)
      return
    }
    if (this.isPunct(t, ';')) {
      this.next()
      this.error(t, `"${block.label}" needs a block: write "{ };" even when it is empty`)
      return
    }
    const brace = this.braceAhead()
    if (brace !== undefined) {
      this.error(t, `unexpected ${describe(t)} between "${block.label}" and its "{"`)
      while (this.pos < brace) this.next()
      this.openBlock(block, optionalBody)
      return
    }
    this.error(this.lastEnd, `missing "{ ... };" after "${block.label}"`)
  }

  /** Index of a "{" further on in this statement (before any ";", "}", keyword or the end). */
  private braceAhead(): number | undefined {
    for (let k = this.pos; k < this.tokens.length; k++) {
      const t = this.tokens[k]!
      if (this.isPunct(t, '{')) return k
      if (this.isPunct(t, ';') || this.isPunct(t, '}') || this.isKeyword(t) || t.kind === 'eof')
        return undefined
    }
    return undefined
  }

  private listLength(block: Block): number {
    return Array.isArray(block.target) ? block.target.length : 0
  }

  /** `ADDR "/" N` of prefix and route; undefined when unreadable (errors reported). */
  private prefixHead(kw: RadvdToken): { prefix: Ipv6Prefix; text: string; at: RadvdToken } | undefined {
    const a = this.peek()
    if (a.kind !== 'address') {
      if (a.kind !== 'bad')
        this.error(
          a,
          `"${kw.text}" needs an IPv6 prefix such as 2001:db8::/64, found ${describe(a)}${addressHint(a)}`,
        )
      if (a.kind === 'string' || a.kind === 'bad' || a.kind === 'number') this.next()
      if (this.isPunct(this.peek(), '/')) {
        this.next()
        if (this.peek().kind === 'number') this.next()
      }
      return undefined
    }
    this.next()
    if (!this.isPunct(this.peek(), '/')) {
      this.error(this.lastEnd, `missing "/length" after "${kw.text} ${a.text}"`)
      return undefined
    }
    this.next()
    const n = this.peek()
    if (n.kind !== 'number') {
      if (n.kind !== 'bad') this.error(n, `expected a prefix length after "${a.text}/", found ${describe(n)}`)
      if (n.kind === 'bad') this.next()
      return undefined
    }
    this.next()
    if (n.num! > 128) {
      this.error(n, `prefix length ${n.text} is more than 128`, {
        setting: kw.text,
        value: n.text,
        allowed: '0..128',
      })
      return undefined
    }
    return { prefix: { address: a.address!, length: n.num! }, text: `${a.text}/${n.text}`, at: a }
  }

  /** The addresses after RDNSS. */
  private addressList(kw: RadvdToken, max: number): RadvdToken[] {
    const out: RadvdToken[] = []
    for (;;) {
      const t = this.peek()
      if (t.kind === 'address') {
        this.next()
        if (out.length === max) {
          this.error(
            t,
            `radvd takes at most ${max} addresses per RDNSS block; start another "RDNSS ... { };" for the rest`,
            {
              setting: 'RDNSS',
              value: String(out.length + 1),
              allowed: `1..${max}`,
            },
          )
        }
        out.push(t)
      } else if (t.kind === 'string' && /[:.]/.test(t.text)) {
        this.next()
        this.error(t, `${describe(t)} is not an IPv6 address radvd can read${addressHint(t)}`)
      } else if (t.kind === 'bad') this.next()
      else break
    }
    if (out.length === 0) this.error(this.lastEnd, `"${kw.text}" needs at least one IPv6 address`)
    return out
  }

  /** The domain suffixes after DNSSL. */
  private suffixList(kw: RadvdToken): RadvdToken[] {
    const out: RadvdToken[] = []
    for (;;) {
      const t = this.peek()
      if (t.kind === 'string') {
        this.next()
        if (t.quoted)
          this.error(
            t,
            `radvd keeps the quotes of ${t.text} as part of the suffix and rejects it; remove them`,
          )
        out.push(t)
      } else if (['number', 'decimal', 'signed', 'switch', 'infinity', 'address'].includes(t.kind)) {
        this.next()
        this.error(
          t,
          `radvd reads ${describe(t)} as a ${t.kind === 'address' ? 'address' : 'value'}, not a DNSSL suffix`,
        )
      } else if (t.kind === 'bad') this.next()
      else break
    }
    if (out.length === 0) this.error(this.lastEnd, `"${kw.text}" needs at least one domain suffix`)
    return out
  }

  /** `ADDR ";"` in clients and AdvRASrcAddress. */
  private addressStatement(block: Block): void {
    const a = this.next()
    const list = block.target as Ipv6Address[]
    this.mark(`${block.path}[${list.length}]`, a, block.label)
    list.push(a.address!)
    this.endStatement(`"${a.text}"`)
  }

  // ---- options ----

  private parseOption(block: Block, spec: OptionSpec): void {
    const kw = this.next()
    const v = this.peek()
    const setting = kw.text
    const value = this.optionValue(spec, v)
    if (value === undefined) {
      if (v.kind !== 'bad') {
        const found = this.isPunct(v, ';') ? 'nothing' : describe(v)
        const hint =
          v.kind === 'string' && /^(on|off|low|medium|high|infinity)$/i.test(v.text)
            ? ' (radvd words are case-sensitive)'
            : ''
        this.error(
          v.kind === 'eof' || this.isPunct(v, ';') ? this.lastEnd : v,
          `${setting} takes ${this.expected(spec)}, not ${found}${hint}`,
          {
            setting,
            ...(this.ifaceName !== undefined ? { interface: this.ifaceName } : {}),
            ...(found !== 'nothing' ? { value: v.text } : {}),
          },
        )
      }
      this.skipStatement(false)
      return
    }
    this.next()
    this.endStatement(`"${setting} ${v.text}"`)
    if (spec.ignored) {
      this.warning(
        kw,
        `${setting} comes from a draft of RFC 6106 and is obsolete; radvd ignores it and so does this import`,
        { setting },
      )
      return
    }
    const path = `${block.path}.${spec.field}`
    const earlier = this.map.get(path)
    if (earlier) {
      this.warning(
        kw,
        `${setting} is set again (first at ${earlier.line}:${earlier.col}); the last value counts`,
        {
          setting,
          ...(this.ifaceName !== undefined ? { interface: this.ifaceName } : {}),
        },
      )
    }
    this.mark(path, v, setting)
    setField(block.target, spec.field, this.radvdAdjust(spec, value, v, setting))
  }

  private expected(spec: OptionSpec): string {
    if (spec.kind === 'seconds') return 'a number of seconds such as 10 or 0.05'
    return EXPECTED[spec.kind]
  }

  /** The value of token `v` for `spec`, or undefined when radvd's grammar refuses it. */
  private optionValue(spec: OptionSpec, v: RadvdToken): number | boolean | string | undefined {
    switch (spec.kind) {
      case 'switch':
        return v.kind === 'switch' ? v.num === 1 : undefined
      case 'uint32':
      case 'signed16':
        return v.kind === 'number' ? v.num : undefined
      case 'seconds':
        return v.kind === 'number' || v.kind === 'decimal' ? v.num : undefined
      case 'lifetime':
        return v.kind === 'number' ? v.num : v.kind === 'infinity' ? INFINITE_LIFETIME : undefined
      case 'preference':
        return v.kind === 'signed' ? v.num : undefined
      case 'name':
        return v.kind === 'string' ? v.str : undefined
    }
  }

  /** What radvd 2.19 does with a value as it reads it. */
  private radvdAdjust(
    spec: OptionSpec,
    value: number | boolean | string,
    v: RadvdToken,
    setting: string,
  ): unknown {
    const iface = this.ifaceName !== undefined ? { interface: this.ifaceName } : {}
    if (spec.kind === 'preference') {
      // radvd shifts the number into the 2-bit Prf field (RFC 4191 §2.2).
      const preference = PREFERENCE_BITS[(value as number) & 3]
      if (preference === undefined) {
        this.error(
          v,
          `${setting} ${v.text} puts the reserved value 10 in the Prf field, which RFC 4191 §2.2 forbids sending`,
          {
            setting,
            ...iface,
            value: v.text,
            allowed: 'low, medium, high',
          },
        )
        return 'medium'
      }
      return preference
    }
    if (spec.kind === 'name' && v.quoted) {
      this.warning(v, `radvd 2.19 keeps the quotes and would look for an interface named ${v.text}`, {
        setting,
        ...iface,
      })
    }
    if (spec.kind === 'signed16' && typeof value === 'number' && value >= 0x8000 && value <= 0xffff) {
      // radvd.conf cannot write a negative preference; radvd sends the low 16 bits.
      return value - 0x10000
    }
    if (spec.field === 'advRaMtu' && typeof value === 'number') {
      const held = Math.min(LIMITS.maxRaMtu, Math.max(LIMITS.minLinkMtu, value))
      if (held !== value) {
        this.warning(v, `radvd changes AdvRAMTU ${value} to ${held}`, {
          setting,
          ...iface,
          value: v.text,
          allowed: `${LIMITS.minLinkMtu}..${LIMITS.maxRaMtu}`,
        })
      }
      return held
    }
    if (spec.field === 'advDnsslLifetimeS' && typeof value === 'number') {
      // radvd 2.19 replaces a DNSSL lifetime below MaxRtrAdvInterval (an RDNSS one it keeps;
      // validate() warns about both).
      const max = this.ra.maxRtrAdvIntervalS
      if (value !== 0 && value < max) {
        this.warning(
          v,
          `radvd 2.19 replaces ${setting} ${v.text}, below MaxRtrAdvInterval, with ${formatNumber(Math.trunc(max))}`,
          {
            setting,
            ...iface,
            value: v.text,
            allowed: `0 or ${formatNumber(max)}..`,
          },
        )
        return Math.trunc(max)
      }
    }
    return value
  }

  // ---- recovery ----

  /** A statement that does not belong where it is: say why, skip it. */
  private foreignStatement(block: Block, t: RadvdToken): void {
    const where = block.kind === 'interface' ? `directly in "${block.label}"` : `in "${block.label}"`
    const spelledHere =
      t.kind === 'keyword' && block.kind !== 'clients' && block.kind !== 'rasrc'
        ? OPTIONS_BY_BLOCK[block.kind].find((o) => o.radvd?.toLowerCase() === t.text.toLowerCase())
        : undefined
    if (spelledHere) {
      this.error(t, `in "${block.label}" radvd spells it ${spelledHere.radvd}, not ${t.text}`, {
        setting: t.text,
      })
    } else if (t.kind === 'keyword') {
      const owners = (Object.keys(OPTIONS_BY_BLOCK) as BlockKind[]).filter((b) =>
        findOption(b, 'radvd', t.text),
      )
      if (owners.length > 0) {
        const owner = owners[0] === 'interface' ? 'an interface option' : `a ${owners[0]} option`
        this.error(t, `${t.text} is ${owner}; it cannot appear ${where}`, { setting: t.text })
      } else if (t.text in SUB_BLOCK_KEYWORDS) {
        this.error(t, `"${t.text}" blocks go directly in an interface block, not ${where}`)
      } else {
        this.error(t, `"${t.text}" is a radvd keyword that radvd 2.19 accepts nowhere`)
      }
    } else if (t.kind === 'string') {
      const list = block.kind === 'clients' || block.kind === 'rasrc'
      this.error(t, this.unknownOption(block, t), list ? {} : { setting: t.text })
    } else if (this.isPunct(t, '{')) {
      this.error(t, `unexpected "{" ${where}`)
    } else if (t.kind === 'address' && block.kind === 'interface') {
      this.error(
        t,
        `unexpected address ${t.text} ${where}; addresses go in a prefix, route, RDNSS or clients block`,
      )
    } else {
      this.error(t, `unexpected ${describe(t)} ${where}`)
    }
    this.skipStatement(true)
  }

  private unknownOption(block: Block, t: RadvdToken): string {
    const later = LATER_RADVD_OPTIONS[t.text]
    if (later) return `${t.text} is not in radvd 2.19's grammar (a later radvd added it); ${later}`
    if (block.kind === 'clients' && t.text.startsWith('!')) {
      return `"${t.text}": excluding a client with "!" came in a later radvd; radvd 2.19 rejects it`
    }
    if (block.kind === 'clients' || block.kind === 'rasrc') {
      return `${describe(t)} is not an IPv6 address radvd can read${addressHint(t)}`
    }
    const candidates = [
      ...OPTIONS_BY_BLOCK[block.kind].flatMap((o) => (o.radvd ? [o.radvd] : [])),
      ...(block.kind === 'interface' ? Object.keys(SUB_BLOCK_KEYWORDS) : []),
    ]
    const near = closest(t.text, candidates) ?? closest(t.text, RADVD_KEYWORDS)
    if (near && near.toLowerCase() === t.text.toLowerCase()) {
      return `unknown option "${t.text}": radvd keywords are case-sensitive, write ${near}`
    }
    return `unknown option "${t.text}" in "${block.label}"${near ? `; did you mean ${near}?` : ''}`
  }

  private topLevelJunk(t: RadvdToken): void {
    if (this.isPunct(t, '}')) this.error(t, 'unexpected "}": no block is open here')
    else if (this.isPunct(t, ';')) this.error(t, 'unexpected ";" outside any block')
    else if (t.kind === 'keyword')
      this.error(t, `"${t.text}" must be inside an "interface NAME { ... };" block`)
    else this.error(t, `expected "interface", found ${describe(t)}`)
    this.next()
    while (this.peek().kind !== 'eof' && !this.isKeyword(this.peek(), 'interface')) this.next()
  }

  /** Skips the rest of a statement: through its ";", or up to a keyword or "}" that starts or
   *  ends something. A "{ ... }" on the way is skipped whole. */
  private skipStatement(includingCurrent: boolean): void {
    if (includingCurrent) {
      const t = this.next()
      if (this.isPunct(t, '{')) this.skipBraces()
    }
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof' || this.isPunct(t, '}') || this.isKeyword(t)) return
      this.next()
      if (this.isPunct(t, ';')) return
      if (this.isPunct(t, '{')) {
        this.skipBraces()
        if (this.isPunct(this.peek(), ';')) this.next()
        return
      }
    }
  }

  /** After a "{": up to and including its matching "}". */
  private skipBraces(): void {
    let depth = 1
    while (depth > 0 && this.peek().kind !== 'eof') {
      const t = this.next()
      if (this.isPunct(t, '{')) depth++
      else if (this.isPunct(t, '}')) depth--
    }
  }

  private missingClose(block: Block): void {
    this.error(
      this.lastEnd,
      `missing "};" to close "${block.label}" (opened at ${block.openedAt.line}:${block.openedAt.col})`,
      this.ifaceName !== undefined ? { interface: this.ifaceName } : {},
    )
  }

  /** Does a "}" come before any "{", "interface" or the end of the file? */
  private closesBeforeOpening(): boolean {
    const k = this.nextStructural[this.pos + 1]
    return k !== undefined && this.isPunct(this.tokens[k], '}')
  }

  /** In a block whose "{" was missing: does the "}" ahead close it (more of the interface
   *  follows), rather than the interface around it? */
  private braceIsInner(): boolean {
    let k = this.pos + 1
    if (this.isPunct(this.tokens[k], ';')) k++
    const after = this.tokens[k]
    return after !== undefined && after.kind !== 'eof' && !this.isKeyword(after, 'interface')
  }

  // ---- tokens, positions, diagnostics ----

  private isKeyword(t: RadvdToken, word?: string): boolean {
    return t.kind === 'keyword' && (word === undefined || t.text === word)
  }

  private ifacePath(): string {
    return `interfaces[${this.interfaces.length}]`
  }

  private mark(path: string, at: Position, name: string): void {
    this.map.set(path, { file: this.file, line: at.line, col: at.col, dialect: 'radvd', name })
  }
}

function describe(t: RadvdToken): string {
  return t.kind === 'eof' ? 'the end of the file' : `"${t.text}"`
}

/** radvd 2.19 reads only addresses that start with a hex group (or are exactly "::"). */
function addressHint(t: RadvdToken): string {
  return t.kind === 'string' && t.text.startsWith('::') && readsAsRadvdAddress(`0${t.text.split('/')[0]}`)
    ? ` (radvd 2.19 cannot read addresses that start with "::"; write 0${t.text})`
    : ''
}
