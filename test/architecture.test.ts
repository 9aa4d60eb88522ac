// Keeps the architecture of DESIGN.md true: imports flow wire <- engines <- adapters <-
// firmware, and the sans-I/O layers touch no clock, randomness, timer, file or socket.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Lower numbers may be imported by higher ones, never the other way. */
const LAYER: Record<string, number> = {
  wire: 0, // codecs
  config: 1, // configuration schema, parsers and validation
  'engine-kit': 1, // what the engines share: timer table, virtual clock
  ra: 2, // protocol engines
  'home-agent': 2,
  tunnel: 2,
  'mobile-node': 2,
  netio: 3, // adapters
  console: 3,
  kernel: 3,
  telemetry: 3,
  board: 8,
  firmware: 9,
}
/** Codecs, configuration and engines: sans-I/O. */
const PURE_LAYERS = new Set([0, 1, 2])

const ROOT = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name))
}

function packageDirs(): Array<{ name: string; dir: string }> {
  const pkgs = readdirSync(join(ROOT, 'packages')).map((name) => ({
    name,
    dir: join(ROOT, 'packages', name),
  }))
  return [
    ...pkgs,
    { name: 'firmware', dir: join(ROOT, 'firmware') },
    { name: 'board', dir: join(ROOT, 'board') },
  ]
}

const isTestSupport = (file: string) => /\.test\.ts$|\/testing\/|\/bench\//.test(file)

describe('architecture', () => {
  for (const { name, dir } of packageDirs()) {
    it(`${name}: has a layer in this table`, () => {
      expect(LAYER[name], `add packages/${name} to LAYER in test/architecture.test.ts`).toBeDefined()
    })

    it(`${name}: imports only packages of lower layers`, () => {
      const own = LAYER[name] ?? -1
      const offending: string[] = []
      for (const file of sourceFiles(dir)) {
        // `@mip6/<pkg>/testing` is test support (namespaces, tools): any test may use it.
        for (const m of readFileSync(file, 'utf8').matchAll(/from '@mip6\/([a-z-]+)'/g)) {
          const layer = LAYER[m[1]!]
          if (layer === undefined || layer >= own)
            offending.push(`${relative(ROOT, file)} imports @mip6/${m[1]}`)
        }
      }
      expect(offending).toEqual([])
    })

    if (PURE_LAYERS.has(LAYER[name] ?? -1)) {
      it(`${name}: is sans-I/O (no node modules, clock, timers or randomness)`, () => {
        const forbidden =
          /from 'node:|require\(|Date\.now|new Date\(|setTimeout|setInterval|Math\.random|performance\.now|process\./
        const offending = sourceFiles(dir)
          .filter((f) => !isTestSupport(f))
          .filter((f) => forbidden.test(readFileSync(f, 'utf8')))
          .map((f) => relative(ROOT, f))
        expect(offending).toEqual([])
      })
    }
  }
})
