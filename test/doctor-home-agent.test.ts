// `mip6-router doctor` on the seed's lab router: the Home Agent's own prerequisites.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { NetnsLab, requireRoot } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const FIXTURES = join(ROOT, 'packages', 'config', 'fixtures')

describe.runIf(requireRoot('doctor for a home agent'))('doctor for a home agent', () => {
  const lab = new NetnsLab('hadoctor')
  let ns: string

  beforeAll(async () => {
    ns = await lab.namespace('rtr', { dad: false })
    await lab.veth({ ns, ifname: 'wlan0' }, { ns, ifname: 'wlan1' })
    await lab.sysctl(ns, { 'net.ipv6.conf.all.forwarding': 1 })
  })
  afterAll(() => lab.cleanup())

  const doctor = async () => {
    const args = [
      join(ROOT, 'bin', 'mip6-router.mjs'),
      'doctor',
      '--radvd-conf',
      join(FIXTURES, 'seed-002-radvd.conf'),
      '--mip6d-conf',
      join(FIXTURES, 'seed-002-mip6d-ha.conf'),
      '--state-dir',
      join(ROOT, '.state', `doctor-${process.pid}`),
    ]
    try {
      const { stdout } = await promisify(execFile)('ip', ['netns', 'exec', ns, process.execPath, ...args])
      return { code: 0, out: stdout }
    } catch (e) {
      const err = e as { code: number; stdout: string }
      return { code: err.code, out: err.stdout }
    }
  }

  it('fails with the fix when the home link has no address in its home prefix', async () => {
    const { code, out } = await doctor()
    expect(code).toBe(1)
    expect(out).toContain('FAIL  wlan0: no address in its home prefixes')
    expect(out).toContain('fix: ip -6 addr add 2001:db8::/64 dev wlan0')
  })

  it("passes once the seed's home agent address is there", async () => {
    await lab.addAddress(ns, 'wlan0', '2001:db8::/64', { nodad: true })
    await lab.addAddress(ns, 'wlan1', '2001:db8:1::/64', { nodad: true })
    const { code, out } = await doctor()
    expect(out).toContain('PASS  wlan0: home agent address 2001:db8::')
    expect(out).toContain('PASS  nftables works')
    expect(out).not.toContain('FAIL')
    expect(code).toBe(0)
  })
})
