// What the radvd.conf and mip6d.conf tokenizers both produce: a kind, the source text and where
// it stands. Positions are 1-based lines and columns; `endCol` is the column just after it.

export type Position = { line: number; col: number }

export interface ConfToken extends Position {
  /** Each tokenizer has its own kinds; both have 'punct', 'bad' and 'eof'. */
  kind: string
  /** The source text of the token. */
  text: string
  endLine: number
  endCol: number
  /** bad: why it cannot be read. */
  problem?: string
}
