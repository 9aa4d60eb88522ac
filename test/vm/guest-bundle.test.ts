// writeBundleScript: the shell it returns writes a module that plain node runs, imports and all.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeBundleScript } from './guest-bundle'

describe('writeBundleScript', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mip6-bundle-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("writes the kernel data plane's driver as one module that node runs without tsx", () => {
    const file = join(dir, 'driver.mjs')
    const driver = join(import.meta.dirname, 'guest', 'kernel-dataplane.ts')
    const script = `${writeBundleScript(driver, '$out')}node "$out"\n`
    const r = spawnSync('sh', ['-c', script], { env: { ...process.env, out: file }, encoding: 'utf8' })
    // Without its arguments it stops at its usage line: every import resolved and ran.
    expect(r.stderr).toMatch(/usage: kernel-dataplane.ts HOME_NS MN_NS/)
    expect(r.status).toBe(1)
  })
})
