// What the radvd.conf and mip6d.conf parsers share: taking in the tokenizer's output (a CR LF
// file is one error, each unreadable token another), a cursor over the tokens, and the
// diagnostics, each at a position in the file. The grammars and their recovery stay in
// radvd-conf-parser.ts and mip6d-conf-parser.ts.
import type { ConfToken, Position } from './conf-token'
import type { Diagnostic, Severity } from './diagnostic'

export abstract class ConfParser<T extends ConfToken> {
  protected readonly tokens: T[] = []
  protected pos = 0
  /** Where the last token read ends: where a missing ";" or "}" is reported. */
  protected lastEnd: Position = { line: 1, col: 1 }
  protected readonly diagnostics: Diagnostic[] = []

  /** `daemon` is the program whose grammar this is, as messages name it (radvd, mip6d). */
  constructor(
    tokens: readonly T[],
    protected readonly file: string,
    daemon: string,
  ) {
    let sawCr = false
    for (const t of tokens) {
      if (t.kind === 'bad' && t.problem === 'carriage return') {
        if (!sawCr) {
          this.error(
            t,
            `line ends in CR LF: ${daemon} rejects the carriage return; save the file with LF line endings`,
          )
          sawCr = true
        }
        continue
      }
      if (t.kind === 'bad') this.error(t, t.problem ?? 'unreadable token')
      this.tokens.push(t)
    }
  }

  protected peek(): T {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)]!
  }

  protected next(): T {
    const t = this.peek()
    if (t.kind !== 'eof') {
      this.pos++
      this.lastEnd = { line: t.endLine, col: t.endCol }
    }
    return t
  }

  protected isPunct(t: T | undefined, ch: string): boolean {
    return t !== undefined && t.kind === 'punct' && t.text === ch
  }

  /** Past the statement's ";", or reports it missing after `what` (as the message shows it). */
  protected endStatement(what: string): void {
    // Bad tokens were reported when the file was read.
    while (this.peek().kind === 'bad') this.next()
    if (this.isPunct(this.peek(), ';')) this.next()
    else this.error(this.lastEnd, `missing ";" after ${what}`)
  }

  /** The diagnostics in file order. */
  protected sortedDiagnostics(): Diagnostic[] {
    return this.diagnostics.sort((a, b) => a.line - b.line || a.col - b.col)
  }

  protected error(at: Position, message: string, extra: Partial<Diagnostic> = {}): void {
    this.report('error', at, message, extra)
  }

  protected warning(at: Position, message: string, extra: Partial<Diagnostic> = {}): void {
    this.report('warning', at, message, extra)
  }

  private report(severity: Severity, at: Position, message: string, extra: Partial<Diagnostic>): void {
    this.diagnostics.push({ severity, file: this.file, line: at.line, col: at.col, message, ...extra })
  }
}
