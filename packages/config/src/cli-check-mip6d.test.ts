// `mip6-router check --radvd-conf A --mip6d-conf B`, run as a user runs it (bin/mip6-router.mjs),
// on seed 002's files: the flag reaches loadConfig, both files are validated, and each problem
// is printed as FILE:LINE:COL with the file named as given on the command line.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const FIXTURES = 'packages/config/fixtures'

function check(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/mip6-router.mjs', 'check', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim().split('\n').filter(Boolean) }
}

describe('mip6-router check with --mip6d-conf', () => {
  it("passes the seed router: radvd.conf and the home agent's mip6d.conf", () => {
    const r = check(
      '--radvd-conf',
      `${FIXTURES}/seed-002-radvd.conf`,
      '--mip6d-conf',
      `${FIXTURES}/seed-002-mip6d-ha.conf`,
    )
    expect(r).toEqual({ status: 0, stdout: 'configuration OK (interfaces: wlan0, wlan1)', stderr: [] })
  })

  it("says where the mobile node's file as printed lost its brace, and fails", () => {
    const r = check(
      '--radvd-conf',
      `${FIXTURES}/seed-002-radvd.conf`,
      '--mip6d-conf',
      `${FIXTURES}/seed-002-mip6d-mn-as-printed.conf`,
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      `${FIXTURES}/seed-002-mip6d-mn-as-printed.conf:12:37: error: missing "}" to close MnHomeLink "wlan0" (opened at 10:1)`,
    )
  })

  it('validates both files at once', () => {
    const r = check(
      '--radvd-conf',
      `${FIXTURES}/seed-002-radvd-as-printed.conf`,
      '--mip6d-conf',
      `${FIXTURES}/mip6d/many-errors.conf`,
    )
    expect(r.status).toBe(1)
    const files = new Set(r.stderr.map((l) => l.split(':')[0]))
    expect(files).toEqual(
      new Set([`${FIXTURES}/mip6d/many-errors.conf`, `${FIXTURES}/seed-002-radvd-as-printed.conf`]),
    )
  })

  it('checks a mip6d.conf given alone', () => {
    const r = check('--mip6d-conf', `${FIXTURES}/seed-002-mip6d-ha.conf`)
    expect(r.status).toBe(1)
    expect(r.stderr).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${FIXTURES}/seed-002-mip6d-ha\\.conf:7:11: error: home agent interface wlan0 has no Router Advertisement settings`,
        ),
      ),
    ])
  })
})
