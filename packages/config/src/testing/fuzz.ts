// Inputs and the one property shared by the config fuzz tests (config-fuzz, mip6d-fuzz):
// token soup from a grammar's vocabulary, fixtures with random edits, and "every diagnostic
// points inside the file".
import fc from 'fast-check'
import { expect } from 'vitest'
import type { Diagnostic } from '../diagnostic'

/**
 * Every position is a real place in `text` (the column may be one past the line's end).
 * With `file`, only the diagnostics about that file are checked.
 */
export function expectPointsInside(text: string, diagnostics: Diagnostic[], file?: string): void {
  const lines = text.split('\n')
  const outside = diagnostics.filter(
    (d) =>
      (file === undefined || d.file === file) &&
      (d.line < 1 || d.line > lines.length || d.col < 1 || d.col > lines[d.line - 1]!.length + 1),
  )
  expect(outside).toEqual([])
}

/** Up to 60 words of `vocabulary`, each followed by a space, a tab, a newline or nothing. */
export const tokenSoup = (vocabulary: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(' ', '', '\n', '\t')), { maxLength: 60 })
    .map((parts) => parts.map(([t, sep]) => t + sep).join(''))

/** A text with random edits: cut a slice, insert vocabulary or random characters, repeat. */
export const edited = (base: fc.Arbitrary<string>, vocabulary: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      base,
      fc.array(
        fc.tuple(fc.nat(), fc.nat(12), fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 4 }))),
        { minLength: 1, maxLength: 6 },
      ),
    )
    .map(([text, edits]) => {
      let t = text
      for (const [at, cut, insert] of edits) {
        const i = at % (t.length + 1)
        t = t.slice(0, i) + insert + t.slice(i + cut)
      }
      return t
    })
