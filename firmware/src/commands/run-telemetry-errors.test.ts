// A telemetry setting that cannot work stops `run` before anything starts, with the place in
// the file (or the flag) that set it: no namespaces needed, it fails before any link opens.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = join(import.meta.dirname, '../../../bin/mip6-router.mjs')
const dir = mkdtempSync(join(tmpdir(), 'mip6-run-mqtt-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(yaml: string, ...flags: string[]) {
  const file = join(dir, 'router.yaml')
  writeFileSync(file, yaml)
  const r = spawnSync(process.execPath, [BIN, 'run', '--config', file, '--console-port', '0', ...flags], {
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: r.status, stderr: r.stderr, file }
}

const INTERFACES = `interfaces:
  lo:
    ra:
      advSendAdvert: true
      prefixes:
        - prefix: 2001:db8::/64
`

describe('mip6-router run: telemetry settings that cannot work', () => {
  it('an unreadable password file: FILE:LINE:COL at passwordFile, exit 1', () => {
    const r = run(
      `${INTERFACES}mqtt:\n  url: mqtt://127.0.0.1:1\n  username: u\n  passwordFile: ${dir}/none\n`,
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      `${r.file}:10:17: error: mqtt.passwordFile: cannot read ${dir}/none: no such file`,
    )
  })

  it('a password in the url is refused at the url', () => {
    const r = run(`${INTERFACES}mqtt:\n  url: mqtt://u:secret@127.0.0.1\n`)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/router\.yaml:8:8: error: mqtt\.url: holds a password: put it in passwordFile/)
  })

  it('a bad --mqtt URL names the flag', () => {
    const r = run(INTERFACES, '--mqtt', 'ftp://broker')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('--mqtt: "ftp://broker": scheme ftp: is not one of mqtt: mqtts: ws: wss:')
  })
})
