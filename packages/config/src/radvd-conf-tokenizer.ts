// Tokenizer for radvd.conf as radvd 2.19's flex scanner (scanner.l) reads it. Facts kept:
// - flex takes the longest match, ties going to the earlier rule: keywords, IPv6 address,
//   number, signed number, decimal, infinity, on/off, low/medium/high, then string. Every one of
//   these is made of "string" characters, so a run of string characters is classified as a
//   whole: `prefix` is a keyword, `prefixes` a string, `64` a number, `64k` a string.
// - keywords are case-sensitive (`advsendadvert` and `ON` are strings to radvd 2.19).
// - `#` starts a comment only where a token starts (`eth0#1` is one string).
// - a number above 4294967295 and an address-shaped word that inet_pton refuses are bad
//   tokens, as is any character outside the rules (a CR of a CRLF file included).
// - quoted strings ("..." or L"...", backslash escapes, may span lines) keep nothing special.
// Positions are as conf-token.ts says.
import { type Ipv6Address, parseAddress } from '@mip6/wire'
import type { ConfToken } from './conf-token'

export type RadvdTokenKind =
  | 'keyword'
  | 'address'
  | 'number'
  | 'signed'
  | 'decimal'
  | 'infinity'
  | 'switch'
  | 'string'
  | 'punct'
  | 'bad'
  | 'eof'

export interface RadvdToken extends ConfToken {
  kind: RadvdTokenKind
  /** number, signed (low = -1, medium = 0, high = 1), decimal; switch: 1 or 0. */
  num?: number
  address?: Ipv6Address
  /** string: the text without quotes and escapes. */
  str?: string
  quoted?: boolean
}

/** Every keyword of radvd 2.19's scanner, including two its grammar never accepts. */
export const RADVD_KEYWORDS: ReadonlySet<string> = new Set([
  'interface',
  'prefix',
  'route',
  'RDNSS',
  'DNSSL',
  'clients',
  'lowpanco',
  'abro',
  'AdvRASrcAddress',
  'IgnoreIfMissing',
  'AdvSendAdvert',
  'MaxRtrAdvInterval',
  'MinRtrAdvInterval',
  'AdvManagedFlag',
  'AdvOtherConfigFlag',
  'AdvLinkMTU',
  'AdvRAMTU',
  'AdvReachableTime',
  'AdvRetransTimer',
  'AdvCurHopLimit',
  'AdvDefaultLifetime',
  'AdvDefaultPreference',
  'AdvSourceLLAddress',
  'AdvOnLink',
  'AdvAutonomous',
  'AdvValidLifetime',
  'AdvPreferredLifetime',
  'DeprecatePrefix',
  'DecrementLifetimes',
  'AdvRouterAddr',
  'AdvHomeAgentFlag',
  'AdvIntervalOpt',
  'AdvHomeAgentInfo',
  'UnicastOnly',
  'AdvRASolicitedUnicast',
  'Base6Interface',
  'Base6to4Interface',
  'HomeAgentPreference',
  'HomeAgentLifetime',
  'AdvRoutePreference',
  'AdvRouteLifetime',
  'RemoveRoute',
  'AdvRDNSSPreference',
  'AdvRDNSSOpen',
  'AdvRDNSSLifetime',
  'FlushRDNSS',
  'AdvDNSSLLifetime',
  'FlushDNSSL',
  'MinDelayBetweenRAs',
  'AdvMobRtrSupportFlag',
  'AdvContextLength',
  'AdvContextCompressionFlag',
  'AdvContextID',
  'AdvLifeTime',
  'AdvContextPrefix',
  'AdvVersionLow',
  'AdvVersionHigh',
  'AdvValidLifeTime',
  'Adv6LBRaddress',
])

const WORDS: Record<string, { kind: RadvdTokenKind; num?: number }> = {
  infinity: { kind: 'infinity' },
  on: { kind: 'switch', num: 1 },
  off: { kind: 'switch', num: 0 },
  low: { kind: 'signed', num: -1 },
  medium: { kind: 'signed', num: 0 },
  high: { kind: 'signed', num: 1 },
}

const STRING_CHAR = /[a-zA-Z0-9`~!@#$%^&*()_\-+=:[\]<>,.?\\]/
const H = '[0-9a-fA-F]{1,4}'
// scanner.l's addr1 | addr2 | addr3 | "::", anchored at both ends.
const ADDRESS_SHAPE = new RegExp(`^(?:${H}:(?:${H}:)*(?::${H})+|${H}(?::${H})*::|(?:${H}:){7}${H}|::)$`)
/** An address longer than this cannot pass inet_pton; longer runs are plain strings. */
const MAX_ADDRESS_RUN = 64
const UINT32_MAX = 0xffffffff

export function tokenizeRadvdConf(text: string): RadvdToken[] {
  const tokens: RadvdToken[] = []
  let i = 0
  let line = 1
  let lineStart = 0

  const push = (kind: RadvdTokenKind, start: number, end: number, extra: Partial<RadvdToken> = {}) => {
    const startLine = line
    const startCol = start - lineStart + 1
    // Only quoted strings span lines; keep line accounting exact for them.
    for (let k = start; k < end; k++) {
      if (text.charCodeAt(k) === 10) {
        line++
        lineStart = k + 1
      }
    }
    tokens.push({
      kind,
      text: text.slice(start, end),
      line: startLine,
      col: startCol,
      endLine: line,
      endCol: end - lineStart + 1,
      ...extra,
    })
    i = end
  }

  while (i < text.length) {
    const c = text[i]!
    if (c === '\n') {
      i++
      line++
      lineStart = i
      continue
    }
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    if (c === '#') {
      let end = i
      while (end < text.length && text[end] !== '\n') end++
      i = end
      continue
    }
    if (c === '"' || (c === 'L' && text[i + 1] === '"')) {
      const end = quotedEnd(text, c === 'L' ? i + 1 : i)
      if (end !== undefined) {
        const raw = text.slice(c === 'L' ? i + 2 : i + 1, end - 1)
        push('string', i, end, { str: raw.replace(/\\(.)/g, '$1'), quoted: true })
        continue
      }
      if (c === '"') {
        push('bad', i, i + 1, { problem: 'unterminated quoted string' })
        continue
      }
    }
    if (c === '{' || c === '}' || c === ';' || c === '/') {
      push('punct', i, i + 1)
      continue
    }
    if (STRING_CHAR.test(c)) {
      let end = i
      while (end < text.length && STRING_CHAR.test(text[end]!)) end++
      const { kind, extra } = classifyRun(text.slice(i, end))
      push(kind, i, end, extra)
      continue
    }
    const problem = c === '\r' ? 'carriage return' : `unexpected character ${JSON.stringify(c)}`
    push('bad', i, i + 1, { problem })
  }
  push('eof', text.length, text.length)
  return tokens
}

/** Would radvd 2.19's scanner read `text` as an IPv6 address? */
export function readsAsRadvdAddress(text: string): boolean {
  return text.length <= MAX_ADDRESS_RUN && ADDRESS_SHAPE.test(text) && parseAddress(text).ok
}

type Classified = { kind: RadvdTokenKind; extra?: Partial<RadvdToken> }

function classifyRun(run: string): Classified {
  if (RADVD_KEYWORDS.has(run)) return { kind: 'keyword' }
  if (run.length <= MAX_ADDRESS_RUN && ADDRESS_SHAPE.test(run)) {
    const a = parseAddress(run)
    if (a.ok) return { kind: 'address', extra: { address: a.value } }
    return { kind: 'bad', extra: { problem: `"${run}" is not a valid IPv6 address` } }
  }
  if (/^[0-9]+$/.test(run)) {
    const digits = run.replace(/^0+(?=.)/, '')
    if (digits.length > 10 || Number(digits) > UINT32_MAX) {
      return { kind: 'bad', extra: { problem: `${run} is larger than 4294967295` } }
    }
    return { kind: 'number', extra: { num: Number(digits) } }
  }
  if (/^-[0-9]+$/.test(run)) return { kind: 'signed', extra: { num: atoi(run) } }
  if (/^[0-9]+\.[0-9]+$/.test(run)) return { kind: 'decimal', extra: { num: Number(run) } }
  const word = WORDS[run]
  if (word) return { kind: word.kind, extra: word.num === undefined ? {} : { num: word.num } }
  return { kind: 'string', extra: { str: run, quoted: false } }
}

/** C atoi on an int: out-of-range values saturate here, where C leaves them undefined. */
function atoi(text: string): number {
  const n = Number(text)
  return Math.max(-0x80000000, Math.min(0x7fffffff, n))
}

/** End (exclusive) of a "..." string starting at `open`, or undefined when unterminated. */
function quotedEnd(text: string, open: number): number | undefined {
  for (let k = open + 1; k < text.length; k++) {
    const ch = text[k]
    if (ch === '\\') {
      // flex's `\\.`: `.` does not match a newline.
      if (text[k + 1] === '\n' || k + 1 >= text.length) return undefined
      k++
    } else if (ch === '"') return k + 1
  }
  return undefined
}
