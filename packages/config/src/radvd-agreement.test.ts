// We accept exactly what radvd 2.19 accepts, checked against the real radvd on every fixture:
// - fixtures/radvd/valid: radvd's parser and its interface set-up accept them; so do we.
// - fixtures/radvd/invalid-syntax: `radvd --configtest` rejects them; we report errors, the
//   first no later than the line radvd blames (radvd notices an error at the token after it).
// - fixtures/radvd/invalid-setup: `--configtest` passes (it ignores interfaces) but radvd
//   refuses the interface when it sets it up; we report errors for the same settings on the
//   same interfaces.
// - fixtures/radvd/stricter: radvd accepts them and sends something else (each file's first
//   line says what); we refuse them on purpose.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Diagnostic, hasErrors } from './diagnostic'
import { loadConfig } from './load'
import { parseRadvdConf } from './radvd-conf-parser'
import {
  namespaceCheck,
  radvdCheck,
  radvdConfigtest,
  requireTool,
  SETUP_CHECKED_SETTINGS,
  type SetupResult,
  setupRadvd,
} from './testing/radvd'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const files = (dir: string) =>
  readdirSync(join(FIXTURES, 'radvd', dir))
    .filter((f) => f.endsWith('.conf'))
    .map((f) => join(FIXTURES, 'radvd', dir, f))

const VALID = [join(FIXTURES, 'seed-002-radvd.conf'), ...files('valid')]
const INVALID_SYNTAX = [join(FIXTURES, 'seed-002-radvd-as-printed.conf'), ...files('invalid-syntax')]
const INVALID_SETUP = files('invalid-setup')
const STRICTER = files('stricter')

function load(file: string) {
  return loadConfig({ radvdConf: { file: basename(file), text: readFileSync(file, 'utf8') } })
}

/** Interface names radvd would set up: the names as the parser reads them. */
function interfaceNames(file: string): string[] {
  return parseRadvdConf(readFileSync(file, 'utf8'), file).config.interfaces.map((i) => i.name)
}

const linuxName = (n: string) => n.length > 0 && n.length <= 15 && !/[/:\s"]/.test(n)

function ourSetupErrors(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.severity === 'error' && d.setting !== undefined && SETUP_CHECKED_SETTINGS.has(d.setting))
    .map((d) => `${d.interface}: ${d.setting}`)
    .sort()
}

function radvdSetupErrors(r: SetupResult): string[] {
  return [...new Set(r.errors.map((e) => `${e.iface}: ${e.setting}`))].sort()
}

const haveRadvd = requireTool(radvdCheck(), 'radvd --configtest agreement')

describe.runIf(haveRadvd)('agreement with radvd --configtest (its parser)', () => {
  for (const file of STRICTER) {
    it(`radvd parses ${basename(file)}`, () => {
      const radvd = radvdConfigtest(file)
      expect(radvd.accepted, radvd.output).toBe(true)
    })
  }

  for (const file of [...VALID, ...INVALID_SETUP]) {
    it(`radvd parses ${basename(file)}, and so do we`, () => {
      const radvd = radvdConfigtest(file)
      expect(radvd.accepted, radvd.output).toBe(true)
      const parsed = parseRadvdConf(readFileSync(file, 'utf8'), basename(file))
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    })
  }

  for (const file of INVALID_SYNTAX) {
    it(`radvd rejects ${basename(file)}, and we report it no later than radvd's line`, () => {
      const radvd = radvdConfigtest(file)
      expect(radvd.accepted, radvd.output).toBe(false)
      const ours = load(file)
      expect(ours.config).toBeUndefined()
      const first = ours.diagnostics.find((d) => d.severity === 'error')!
      if (radvd.line !== undefined) expect(first.line).toBeLessThanOrEqual(radvd.line)
    })
  }
})

const haveNamespaces = haveRadvd && requireTool(namespaceCheck(), 'radvd set-up agreement')

describe.runIf(haveNamespaces)('agreement with radvd setting interfaces up (check_iface)', () => {
  const runs = new Map<string, SetupResult>()
  const settable = [...VALID, ...INVALID_SETUP, ...STRICTER].filter((f) => interfaceNames(f).every(linuxName))

  beforeAll(async () => {
    // A few radvd processes at a time, each in its own namespace.
    const queue = [...settable]
    const worker = async () => {
      for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
        runs.set(f, await setupRadvd(f, [...new Set(interfaceNames(f))]))
      }
    }
    await Promise.all(Array.from({ length: 6 }, worker))
  })

  for (const file of VALID) {
    it(`radvd sets up every interface of ${basename(file)}, and we accept it`, () => {
      const run = runs.get(file)!
      expect(radvdSetupErrors(run), run.output).toEqual([])
      const ours = load(file)
      expect(ours.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      expect(ours.config).toBeDefined()
    })
  }

  for (const file of INVALID_SETUP) {
    it(`radvd refuses the same settings of ${basename(file)} as we do`, () => {
      const run = runs.get(file)!
      const theirs = radvdSetupErrors(run)
      expect(theirs.length, run.output).toBeGreaterThan(0)
      const ours = load(file)
      expect(ourSetupErrors(ours.diagnostics)).toEqual(theirs)
      expect(ours.diagnostics.filter((d) => d.severity === 'error').length).toBe(theirs.length)
    })
  }

  for (const file of STRICTER.filter((f) => settable.includes(f))) {
    it(`radvd accepts ${basename(file)} where we refuse it on purpose`, () => {
      const run = runs.get(file)!
      expect(radvdSetupErrors(run), run.output).toEqual([])
      expect(hasErrors(load(file).diagnostics)).toBe(true)
    })
  }
})

describe('stricter fixtures', () => {
  for (const file of STRICTER) {
    it(`${basename(file)} says why radvd's behaviour is not kept, and we refuse it`, () => {
      expect(readFileSync(file, 'utf8')).toMatch(/^# radvd /)
      expect(hasErrors(load(file).diagnostics)).toBe(true)
    })
  }
})
