// Property tests: reading a config never throws, whatever the text, and every diagnostic
// points inside the file. Inputs: random text, random radvd.conf tokens, and the fixtures with
// random edits (about 5000 cases in all).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from './diagnostic'
import { loadConfig } from './load'
import { parseRadvdConf } from './radvd-conf-parser'
import { RADVD_KEYWORDS } from './radvd-conf-tokenizer'
import { decodeYamlConfig } from './yaml-config'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const radvdFixtures = ['valid', 'invalid-syntax', 'invalid-setup']
  .flatMap((d) => readdirSync(join(FIXTURES, 'radvd', d)).map((f) => join(FIXTURES, 'radvd', d, f)))
  .concat([join(FIXTURES, 'seed-002-radvd.conf'), join(FIXTURES, 'seed-002-radvd-as-printed.conf')])
  .map((f) => readFileSync(f, 'utf8'))
const yamlFixture = readFileSync(join(FIXTURES, 'seed-002.yaml'), 'utf8')

/** Every position is a real place in `text` (the column may be one past the line's end). */
function pointsInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = text.split('\n')
  const outside = diagnostics.filter(
    (d) => d.line < 1 || d.line > lines.length || d.col < 1 || d.col > lines[d.line - 1]!.length + 1,
  )
  expect(outside).toEqual([])
}

const VOCABULARY = [
  ...RADVD_KEYWORDS,
  '{',
  '}',
  ';',
  '/',
  'on',
  'off',
  'infinity',
  'low',
  'high',
  '-1',
  '0',
  '64',
  '0.05',
  '4294967296',
  'eth0',
  '2001:db8::',
  'fe80::1',
  '::',
  '::1',
  '"q"',
  '"',
  '#',
  '\n',
  '\r\n',
  '|',
  'RemoveAdvOnExit',
]
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(' ', '', '\n', '\t')), { maxLength: 60 })
  .map((parts) => parts.map(([t, sep]) => t + sep).join(''))

/** A text with random edits: cut a slice, insert vocabulary or random characters, repeat. */
const edited = (base: fc.Arbitrary<string>) =>
  fc
    .tuple(
      base,
      fc.array(
        fc.tuple(fc.nat(), fc.nat(12), fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 4 }))),
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

describe('reading configs never throws', () => {
  it('radvd.conf parser on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        pointsInside(text, parseRadvdConf(text, 'f').diagnostics)
      }),
      { numRuns: 1500 },
    )
  })

  it('radvd.conf parser on random radvd tokens', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => {
        pointsInside(text, parseRadvdConf(text, 'f').diagnostics)
      }),
      { numRuns: 1500 },
    )
  })

  it('loadConfig on edited radvd.conf fixtures', () => {
    fc.assert(
      fc.property(edited(fc.constantFrom(...radvdFixtures)), (text) => {
        const r = loadConfig({ radvdConf: { file: 'f', text } })
        pointsInside(text, r.diagnostics)
        expect(r.config === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'))
      }),
      { numRuns: 1200 },
    )
  })

  it('YAML decoder on edited YAML and random text', () => {
    fc.assert(
      fc.property(fc.oneof(edited(fc.constant(yamlFixture)), fc.string({ maxLength: 120 })), (text) => {
        const r = decodeYamlConfig(text, 'f')
        pointsInside(text, r.diagnostics)
        loadConfig({ config: { file: 'f', text } })
      }),
      { numRuns: 800 },
    )
  })
})
