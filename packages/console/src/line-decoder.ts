// Client bytes -> console lines, for any transport (TCP, serial, a test's PassThrough).
// Telnet: RFC 854 (NVT, IAC commands), RFC 855 (option negotiation and subnegotiation),
// RFC 1184 (IAC EOF). The console never negotiates an option, so it drops every IAC command
// and keeps the client in the NVT defaults; IAC EC / EL / IP / EOF keep their meaning.
// Bytes are decoded as UTF-8 per line; a line may not hold control characters (an arrow key
// sends ESC [ A) or invalid UTF-8: it is reported, never run.

const TELNET = {
  SE: 240,
  IP: 244,
  EC: 247,
  EL: 248,
  SB: 250,
  WILL: 251,
  WONT: 252,
  DO: 253,
  DONT: 254,
  IAC: 255,
  EOF: 236,
} as const

const BYTE = { NUL: 0x00, EOT: 0x04, BS: 0x08, LF: 0x0a, CR: 0x0d, DEL: 0x7f } as const

export type DecodedInput =
  | { kind: 'line'; text: string }
  | { kind: 'bad-line'; reason: string }
  /** Ctrl-D or IAC EOF: the client is done. */
  | { kind: 'end' }
  /** A line longer than maxLineBytes: the decoder accepts nothing more. */
  | { kind: 'overflow'; maxLineBytes: number }

type State = 'data' | 'cr' | 'iac' | 'option' | 'sb' | 'sb-iac' | 'done'

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a line may not hold
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/

export class LineDecoder {
  readonly maxLineBytes: number
  private readonly line: Uint8Array
  private length = 0
  private state: State = 'data'
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true })

  constructor(maxLineBytes: number) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1)
      throw new RangeError(`maxLineBytes must be a positive integer, not ${maxLineBytes}`)
    this.maxLineBytes = maxLineBytes
    this.line = new Uint8Array(maxLineBytes)
  }

  /** True once the input ended (Ctrl-D, IAC EOF) or overflowed: push() returns nothing more. */
  get done(): boolean {
    return this.state === 'done'
  }

  /** The transport's input ended: the unterminated last line, if any, then `end`. */
  end(): DecodedInput[] {
    if (this.state === 'done') return []
    const out: DecodedInput[] = []
    this.finish(out, { kind: 'end' })
    return out
  }

  push(bytes: Uint8Array): DecodedInput[] {
    const out: DecodedInput[] = []
    for (const b of bytes) {
      switch (this.state) {
        case 'done':
          return out
        case 'cr':
          this.state = 'data'
          // RFC 854: CR is followed by LF (newline) or NUL (a bare CR); both end the line here.
          if (b === BYTE.LF || b === BYTE.NUL) continue
          this.data(b, out)
          break
        case 'data':
          this.data(b, out)
          break
        case 'iac':
          this.command(b, out)
          break
        case 'option':
          this.state = 'data'
          break
        case 'sb':
          if (b === TELNET.IAC) this.state = 'sb-iac'
          break
        case 'sb-iac':
          // IAC SE ends the subnegotiation; IAC IAC is a data byte inside it.
          this.state = b === TELNET.SE ? 'data' : 'sb'
          break
      }
    }
    return out
  }

  private data(b: number, out: DecodedInput[]): void {
    switch (b) {
      case TELNET.IAC:
        this.state = 'iac'
        return
      case BYTE.LF:
        out.push(this.takeLine())
        return
      case BYTE.CR:
        out.push(this.takeLine())
        this.state = 'cr'
        return
      case BYTE.EOT:
        this.finish(out, { kind: 'end' })
        return
      case BYTE.BS:
      case BYTE.DEL:
        this.eraseChar()
        return
      default:
        this.append(b, out)
    }
  }

  private command(b: number, out: DecodedInput[]): void {
    this.state = 'data'
    switch (b) {
      case TELNET.IAC:
        this.append(b, out) // IAC IAC: a data byte 255 (never valid UTF-8 alone)
        return
      case TELNET.WILL:
      case TELNET.WONT:
      case TELNET.DO:
      case TELNET.DONT:
        this.state = 'option'
        return
      case TELNET.SB:
        this.state = 'sb'
        return
      case TELNET.EC:
        this.eraseChar()
        return
      case TELNET.EL:
      case TELNET.IP:
        this.length = 0
        return
      case TELNET.EOF:
        this.finish(out, { kind: 'end' })
        return
      default:
      // NOP, DM, BRK, AO, AYT, GA and the rest: nothing to do in line mode.
    }
  }

  private append(b: number, out: DecodedInput[]): void {
    if (this.length === this.maxLineBytes) {
      this.finish(out, { kind: 'overflow', maxLineBytes: this.maxLineBytes })
      return
    }
    this.line[this.length++] = b
  }

  /** Drops the last character: its UTF-8 continuation bytes (10xxxxxx) and its lead byte. */
  private eraseChar(): void {
    while (this.length > 0 && (this.line[this.length - 1]! & 0xc0) === 0x80) this.length--
    if (this.length > 0) this.length--
  }

  private takeLine(): DecodedInput {
    const bytes = this.line.subarray(0, this.length)
    this.length = 0
    let text: string
    try {
      text = this.utf8.decode(bytes)
    } catch {
      return { kind: 'bad-line', reason: 'not UTF-8 text' }
    }
    const control = CONTROL.exec(text)
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).padStart(2, '0')
      return { kind: 'bad-line', reason: `control character 0x${code} in the line` }
    }
    return { kind: 'line', text }
  }

  private finish(out: DecodedInput[], last: DecodedInput): void {
    if (last.kind === 'end' && this.length > 0) out.push(this.takeLine())
    this.length = 0
    this.state = 'done'
    out.push(last)
  }
}
