// Property tests: reading a config never throws, whatever the text, and every diagnostic
// points inside the file. Inputs: random text, random radvd.conf tokens, and the fixtures with
// random edits (about 5000 cases in all).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './load'
import { parseRadvdConf } from './radvd-conf-parser'
import { RADVD_KEYWORDS } from './radvd-conf-tokenizer'
import { edited, expectPointsInside, tokenSoup } from './testing/fuzz'
import { decodeYamlConfig } from './yaml-config'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const radvdFixtures = ['valid', 'invalid-syntax', 'invalid-setup']
  .flatMap((d) => readdirSync(join(FIXTURES, 'radvd', d)).map((f) => join(FIXTURES, 'radvd', d, f)))
  .concat([join(FIXTURES, 'seed-002-radvd.conf'), join(FIXTURES, 'seed-002-radvd-as-printed.conf')])
  .map((f) => readFileSync(f, 'utf8'))
const yamlFixture = readFileSync(join(FIXTURES, 'seed-002.yaml'), 'utf8')

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
describe('reading configs never throws', () => {
  it('radvd.conf parser on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expectPointsInside(text, parseRadvdConf(text, 'f').diagnostics)
      }),
      { numRuns: 1500 },
    )
  })

  it('radvd.conf parser on random radvd tokens', () => {
    fc.assert(
      fc.property(tokenSoup(VOCABULARY), (text) => {
        expectPointsInside(text, parseRadvdConf(text, 'f').diagnostics)
      }),
      { numRuns: 1500 },
    )
  })

  it('loadConfig on edited radvd.conf fixtures', () => {
    fc.assert(
      fc.property(edited(fc.constantFrom(...radvdFixtures), VOCABULARY), (text) => {
        const r = loadConfig({ radvdConf: { file: 'f', text } })
        expectPointsInside(text, r.diagnostics)
        expect(r.config === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'))
      }),
      { numRuns: 1200 },
    )
  })

  it('YAML decoder on edited YAML and random text', () => {
    fc.assert(
      fc.property(
        fc.oneof(edited(fc.constant(yamlFixture), VOCABULARY), fc.string({ maxLength: 120 })),
        (text) => {
          const r = decodeYamlConfig(text, 'f')
          expectPointsInside(text, r.diagnostics)
          loadConfig({ config: { file: 'f', text } })
        },
      ),
      { numRuns: 800 },
    )
  })
})
