// The board runs one esbuild bundle; it must build and start like the checkout's command.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

describe('the single-file bundle', () => {
  it('builds and answers --version and --help like the source', () => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT })
    const run = (entry: string, arg: string) =>
      execFileSync(process.execPath, [entry, arg], { cwd: ROOT, encoding: 'utf8' })
    expect(run('image/dist/mip6-router.mjs', '--version')).toBe(run('bin/mip6-router.mjs', '--version'))
    expect(run('image/dist/mip6-router.mjs', '--help')).toContain('Usage: mip6-router <command>')
  })
})
