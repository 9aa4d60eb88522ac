import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readNetCapabilities } from './capabilities'
import { readIpv6Sysctl, readIpv6Sysctls } from './sysctl'

describe('readNetCapabilities', () => {
  it('reads CAP_NET_ADMIN (bit 12) and CAP_NET_RAW (bit 13) from CapEff', async () => {
    const status = (mask: string) =>
      `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${mask}\nCapBnd:\t000001ffffffffff\n`
    expect(await readNetCapabilities(status('000001ffffffffff'))).toEqual({
      effective: 0x1ffffffffffn,
      netAdmin: true,
      netRaw: true,
    })
    expect(await readNetCapabilities(status('0000000000002000'))).toMatchObject({
      netAdmin: false,
      netRaw: true,
    })
    expect(await readNetCapabilities(status('0000000000000000'))).toMatchObject({
      netAdmin: false,
      netRaw: false,
    })
  })

  it('reads this process, and rejects a status without CapEff', async () => {
    const own = await readNetCapabilities()
    expect(own.netRaw).toBe(process.getuid?.() === 0 ? true : own.netRaw)
    await expect(readNetCapabilities('Name:\tx\n')).rejects.toThrow(/CapEff/)
  })
})

describe('readIpv6Sysctls', () => {
  const proc = mkdtempSync(join(tmpdir(), 'netio-proc-'))
  const conf = join(proc, 'sys/net/ipv6/conf/eth1')
  mkdirSync(conf, { recursive: true })
  for (const [key, value] of Object.entries({
    forwarding: '1',
    accept_ra: '2',
    proxy_ndp: '1',
    accept_dad: '0',
    disable_ipv6: '0',
  })) {
    writeFileSync(join(conf, key), `${value}\n`)
  }

  it('reads the per-interface IPv6 settings under a proc root', async () => {
    expect(await readIpv6Sysctls('eth1', proc)).toEqual({
      forwarding: 1,
      acceptRa: 2,
      proxyNdp: 1,
      acceptDad: 0,
      disableIpv6: 0,
    })
  })

  it('reads the real /proc, and refuses names that would leave the conf directory', async () => {
    expect([0, 1]).toContain(await readIpv6Sysctl('lo', 'forwarding'))
    await expect(readIpv6Sysctl('../all', 'forwarding')).rejects.toThrow(/bad sysctl/)
    await expect(readIpv6Sysctl('nonexistent0', 'forwarding')).rejects.toThrow(/ENOENT/)
  })
})
