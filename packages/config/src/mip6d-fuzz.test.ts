// Property tests: reading a mip6d.conf never throws, whatever the text, and every diagnostic
// points inside the file. Inputs: random text, random mip6d tokens, and the fixtures with
// random edits, loaded with radvd.conf and YAML (about 5000 cases in all).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './load'
import { parseMip6dConf } from './mip6d-conf-parser'
import { MIP6D_FALSE, MIP6D_KEYWORDS, MIP6D_TRUE } from './mip6d-conf-tokenizer'
import { edited, expectPointsInside, tokenSoup } from './testing/fuzz'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')
const mip6dFixtures = [
  ...readdirSync(join(FIXTURES, 'mip6d')).map((f) => read(join('mip6d', f))),
  read('seed-002-mip6d-ha.conf'),
  read('seed-002-mip6d-mn.conf'),
  read('seed-002-mip6d-mn-as-printed.conf'),
  `NodeConfig MN;
Interface "eth0" { MnIfPreference 1; Tunnel disabled; IfType MN; }
MnHomeLink "eth0" {
	HomeAddress 3ffe:2620:6:1::1234/64 (3ffe:2620:6:2::/64, 3ffe:2620:6:3::/64);
	HomeAgentAddress 3ffe:2620:6:1::1;
	MnRoPolicy 3ffe:2060:6:1::3 enabled;
	IsMobRtr enabled;
}
IPsecPolicySet {
	HomeAgentAddress 3ffe:2620:6:1::1;
	HomeAddress 3ffe:2620:6:1::1234/64;
	IPsecPolicy Mh UseESP 111 112;
}
CnBindingPolicySet { 2001:db8::9 enabled; }
MnRouterProbeTimeout 0.5;
`,
]
const radvd = read('seed-002-radvd.conf')

const VOCABULARY = [
  ...MIP6D_KEYWORDS,
  ...MIP6D_TRUE,
  ...MIP6D_FALSE,
  '{',
  '}',
  ';',
  '/',
  '(',
  ')',
  ',',
  '=',
  '0',
  '64',
  '129',
  '262140',
  '1.5',
  '4294967296',
  '"wlan0"',
  '"',
  'wlan0',
  '2001:db8::',
  '2001:db8::beef',
  '::',
  '::1',
  'fe80::1',
  '#',
  '\n',
  '\r\n',
  'NodeConfigHA',
]
describe('reading mip6d.conf never throws', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expectPointsInside(text, parseMip6dConf(text, 'mip6d.conf').diagnostics, 'mip6d.conf')
      }),
      { numRuns: 1500 },
    )
  })

  it('on random mip6d tokens', () => {
    fc.assert(
      fc.property(tokenSoup(VOCABULARY), (text) => {
        expectPointsInside(text, parseMip6dConf(text, 'mip6d.conf').diagnostics, 'mip6d.conf')
      }),
      { numRuns: 2000 },
    )
  })

  it('loadConfig on edited fixtures, with radvd.conf and a YAML config', () => {
    fc.assert(
      fc.property(edited(fc.constantFrom(...mip6dFixtures), VOCABULARY), fc.boolean(), (text, withYaml) => {
        const r = loadConfig({
          mip6dConf: { file: 'mip6d.conf', text },
          radvdConf: { file: 'radvd.conf', text: radvd },
          ...(withYaml ? { config: { file: 'config.yaml', text: 'homeAgent:\n  maxBindings: 8\n' } } : {}),
        })
        expectPointsInside(text, r.diagnostics, 'mip6d.conf')
        expect(r.config === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'))
      }),
      { numRuns: 1500 },
    )
  })
})
