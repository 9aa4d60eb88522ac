// Tokenizer for mip6d.conf as UMIP 1.0's flex scanner (src/scan.l) reads it. Facts kept:
// - the scanner has no identifier rule: every keyword is a literal, and flex takes the longest
//   match at each position, ties going to the earlier rule. A character no rule takes is an
//   invalid token. So `NodeConfigHA` reads as NodeConfig HA, and `wlan0` (unquoted) or
//   `HomeAddres` are invalid. We read a run of non-separator characters as a whole: one token
//   when it is one, its flex pieces when they all are tokens (with a warning from the parser),
//   else one unreadable `word` for the parser to name in context ("did you mean ...").
// - keywords, HA/MN/CN and the booleans are case-sensitive. Booleans: enabled, allow, true are
//   on; disabled, deny, block, false are off.
// - `#` starts a comment anywhere outside a string.
// - strings are "..." on one line, without escapes; only strings name interfaces and files.
// - numbers are digits; decimals are digits "." digits (`.5` and `5.` are not).
// - addresses must match scan.l's addr1|addr2|addr3|"::" and pass inet_pton: they start with a
//   hex group (`::1` is not read: write `0::1`), and no dotted IPv4 tail.
// - punctuation: { } ; / = ( ) , (the grammar never uses "=").
// - a CR (of a CRLF line end) is an invalid token.
// Positions are as conf-token.ts says.
import { type Ipv6Address, parseAddress } from '@mip6/wire'
import type { ConfToken } from './conf-token'

export type Mip6dTokenKind =
  | 'keyword'
  | 'bool'
  | 'number'
  | 'decimal'
  | 'address'
  | 'string'
  | 'punct'
  | 'word'
  | 'bad'
  | 'eof'

export interface Mip6dToken extends ConfToken {
  kind: Mip6dTokenKind
  /** number, decimal. */
  num?: number
  bool?: boolean
  address?: Ipv6Address
  /** string: the text between the quotes. */
  str?: string
  /** On the first of the tokens that one run of characters split into: the whole run. */
  splitFrom?: string
}

/** Every literal of UMIP 1.0's scanner, in scan.l's order (which breaks ties). */
export const MIP6D_KEYWORDS: readonly string[] = [
  'include',
  'NodeConfig',
  'HA',
  'CN',
  'MN',
  'DebugLevel',
  'DebugLogFile',
  'DoRouteOptimizationCN',
  'DoRouteOptimizationMN',
  'CnBindingPolicySet',
  'HomeAddress',
  'HomeAgentAddress',
  'InitialBindackTimeoutFirstReg',
  'InitialBindackTimeoutReReg',
  'InitialSolicitTimer',
  'InterfaceInitialInitDelay',
  'LinkName',
  'HaMaxBindingLife',
  'MnMaxHaBindingLife',
  'MnMaxCnBindingLife',
  'MaxMobPfxAdvInterval',
  'MinMobPfxAdvInterval',
  'MnHomeLink',
  'NonVolatileBindingCache',
  'SendMobPfxSols',
  'SendUnsolMobPfxAdvs',
  'SendMobPfxAdvs',
  'UseMovementModule',
  'UsePolicyModule',
  'IPsecPolicySet',
  'IPsecPolicy',
  'IPsecType',
  'UseAltCoa',
  'UseESP',
  'UseAH',
  'UseIPComp',
  'UseMnHaIPsec',
  'KeyMngMobCapability',
  'HomeRegBinding',
  'Mh',
  'MobPfxDisc',
  'TunnelHomeTesting',
  'TunnelMh',
  'TunnelPayload',
  'MnRoPolicy',
  'ICMP',
  'any',
  'DoRouteOptimization',
  'DefaultBindingAclPolicy',
  'BindingAclPolicy',
  'UseCnBuAck',
  'Interface',
  'IfName',
  'IfType',
  'MnIfPreference',
  'Tunnel',
  'MnUseAllInterfaces',
  'MnRouterProbes',
  'MnRouterProbeTimeout',
  'MnDiscardHaParamProb',
  'MnResetDhaadAtHome',
  'MnFlushAllAtHome',
  'MnMaxHaConsecutiveResends',
  'MnMaxCnConsecutiveResends',
  'OptimisticHandoff',
  'NoHomeReturn',
  'HaAcceptMobRtr',
  'IsMobRtr',
  'HaServedPrefix',
  'HomePrefix',
  'MobRtrUseExplicitMode',
  'internal',
]

export const MIP6D_TRUE: readonly string[] = ['enabled', 'allow', 'true']
export const MIP6D_FALSE: readonly string[] = ['disabled', 'deny', 'block', 'false']

const PUNCT = '{};/=(),'
/** Characters that end a run: white space, quotes, comments, punctuation. */
const SEPARATOR = /[ \t\n\r"#{};/=(),]/
const H = '[0-9a-fA-F]{1,4}'
// scan.l: addr1 | addr2 | addr3 | "::", anchored at both ends.
const ADDRESS_SHAPE = new RegExp(`^(?:${H}:(?:${H}:)*(?::${H})+|${H}(?::${H}){0,6}::|(?:${H}:){7}${H}|::)$`)
/** The longest text scan.l's addr can match (8 groups of 4 and 7 colons). */
const MAX_ADDRESS_LENGTH = 39
const UINT32_MAX = 0xffffffff

export function tokenizeMip6dConf(text: string): Mip6dToken[] {
  const tokens: Mip6dToken[] = []
  let i = 0
  let line = 1
  let lineStart = 0
  const at = (offset: number) => ({ line, col: offset - lineStart + 1 })
  const push = (kind: Mip6dTokenKind, start: number, end: number, extra: Partial<Mip6dToken> = {}) => {
    tokens.push({
      kind,
      text: text.slice(start, end),
      ...at(start),
      endLine: line,
      endCol: end - lineStart + 1,
      ...extra,
    })
  }

  while (i < text.length) {
    const c = text[i]!
    if (c === '\n') {
      i++
      line++
      lineStart = i
    } else if (c === ' ' || c === '\t') {
      i++
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '\r') {
      push('bad', i, i + 1, { problem: 'carriage return' })
      i++
    } else if (c === '"') {
      let end = i + 1
      while (end < text.length && text[end] !== '"' && text[end] !== '\n') end++
      if (text[end] === '"') {
        push('string', i, end + 1, { str: text.slice(i + 1, end) })
        i = end + 1
      } else {
        push('bad', i, end, { problem: 'unterminated string: a string ends with " on the same line' })
        i = end
      }
    } else if (PUNCT.includes(c)) {
      push('punct', i, i + 1)
      i++
    } else {
      let end = i
      while (end < text.length && !SEPARATOR.test(text[end]!)) end++
      const run = text.slice(i, end)
      const pieces = splitRun(run)
      // `::1` splits into "::" and 1; say what it is instead.
      const address = run.includes(':') && parseAddress(run).ok
      if (pieces === undefined || (pieces.length > 1 && address)) {
        push(...classifyUnreadable(run, i, end))
      } else {
        let offset = i
        pieces.forEach((p, k) => {
          push(p.kind, offset, offset + p.length, {
            ...p.extra,
            ...(k === 0 && pieces.length > 1 ? { splitFrom: run } : {}),
          })
          offset += p.length
        })
      }
      i = end
    }
  }
  push('eof', text.length, text.length)
  return tokens
}

/** Would UMIP's scanner read `text` as one IPv6 address? */
export function readsAsMip6dAddress(text: string): boolean {
  return text.length <= MAX_ADDRESS_LENGTH && ADDRESS_SHAPE.test(text) && parseAddress(text).ok
}

interface Piece {
  kind: Mip6dTokenKind
  length: number
  extra: Partial<Mip6dToken>
}

/** The tokens flex reads `run` as, or undefined when some part is an invalid token. */
function splitRun(run: string): Piece[] | undefined {
  const out: Piece[] = []
  for (let p = 0; p < run.length; ) {
    const piece = longestMatch(run, p)
    if (piece === undefined) return undefined
    out.push(piece)
    p += piece.length
  }
  return out
}

/** flex's choice at `p`: the longest match, the earlier rule on a tie. */
function longestMatch(run: string, p: number): Piece | undefined {
  let best: Piece | undefined
  const offer = (piece: Piece) => {
    if (!best || piece.length > best.length) best = piece
  }
  for (const k of MIP6D_KEYWORDS)
    if (run.startsWith(k, p)) offer({ kind: 'keyword', length: k.length, extra: {} })
  for (let n = Math.min(MAX_ADDRESS_LENGTH, run.length - p); n >= 2; n--) {
    const t = run.slice(p, p + n)
    if (ADDRESS_SHAPE.test(t)) {
      const a = parseAddress(t)
      // scan.l returns INV_TOKEN when inet_pton refuses what addr matched.
      if (!a.ok) return undefined
      offer({ kind: 'address', length: n, extra: { address: a.value } })
      break
    }
  }
  const digits = /^[0-9]+/.exec(run.slice(p))?.[0]
  if (digits) {
    const decimal = /^[0-9]+\.[0-9]+/.exec(run.slice(p))?.[0]
    const n = Number(digits)
    if (n > UINT32_MAX) return undefined
    offer({ kind: 'number', length: digits.length, extra: { num: n } })
    if (decimal) offer({ kind: 'decimal', length: decimal.length, extra: { num: Number(decimal) } })
  }
  for (const [words, value] of [
    [MIP6D_TRUE, true],
    [MIP6D_FALSE, false],
  ] as const) {
    for (const w of words)
      if (run.startsWith(w, p)) offer({ kind: 'bool', length: w.length, extra: { bool: value } })
  }
  return best
}

/** A run that is not made of tokens: a `word` for the parser, or `bad` with the reason when
 *  we can tell what was meant. */
function classifyUnreadable(
  run: string,
  start: number,
  end: number,
): [Mip6dTokenKind, number, number, Partial<Mip6dToken>] {
  if (/^[0-9]+$/.test(run)) return ['bad', start, end, { problem: `${run} is larger than 4294967295` }]
  if (run.includes(':') && parseAddress(run).ok) {
    const problem = run.includes('.')
      ? `mip6d cannot read "${run}": it takes no dotted IPv4 part in an address`
      : run.startsWith('::')
        ? `mip6d cannot read addresses that start with "::"; write 0${run}`
        : `mip6d cannot read "${run}" as an address`
    return ['bad', start, end, { problem }]
  }
  if (ADDRESS_SHAPE.test(run)) return ['bad', start, end, { problem: `"${run}" is not a valid IPv6 address` }]
  return ['word', start, end, {}]
}
