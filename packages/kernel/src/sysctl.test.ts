// setSysctls remembers what it changed and puts it back, also when it fails half way.
import { describe, expect, it } from 'vitest'
import { type SysctlKey, type Sysctls, setSysctls, sysctlPath } from './sysctl'

function memorySysctls(initial: Record<string, string>, unwritable: string[] = []) {
  const values = { ...initial }
  const writes: string[] = []
  const sysctls: Sysctls = {
    read: async (key) => {
      const v = values[sysctlPath(key)]
      if (v === undefined) throw new Error(`ENOENT ${sysctlPath(key)}`)
      return v
    },
    write: async (key, value) => {
      if (unwritable.includes(sysctlPath(key))) throw new Error('EACCES')
      writes.push(`${sysctlPath(key)}=${value}`)
      values[sysctlPath(key)] = value
    },
  }
  return { sysctls, values, writes }
}

const FWD: SysctlKey = ['net', 'ipv6', 'conf', 'all', 'forwarding']
const PROXY: SysctlKey = ['net', 'ipv6', 'conf', 'eth0.100', 'proxy_ndp']

describe('setSysctls', () => {
  it('keeps a dotted interface name as one path segment', () => {
    expect(sysctlPath(PROXY)).toBe('/proc/sys/net/ipv6/conf/eth0.100/proxy_ndp')
  })

  it('sets the values and restores the old ones, last first', async () => {
    const m = memorySysctls({ [sysctlPath(FWD)]: '0', [sysctlPath(PROXY)]: '0' })
    const restore = await setSysctls(m.sysctls, [
      [FWD, '1'],
      [PROXY, '1'],
    ])
    expect(m.values).toEqual({ [sysctlPath(FWD)]: '1', [sysctlPath(PROXY)]: '1' })
    await restore()
    expect(m.writes.slice(2)).toEqual([`${sysctlPath(PROXY)}=0`, `${sysctlPath(FWD)}=0`])
  })

  it('undoes what it set when a later key cannot be written', async () => {
    const m = memorySysctls({ [sysctlPath(FWD)]: '0', [sysctlPath(PROXY)]: '0' }, [sysctlPath(PROXY)])
    await expect(
      setSysctls(m.sysctls, [
        [FWD, '1'],
        [PROXY, '1'],
      ]),
    ).rejects.toThrow('EACCES')
    expect(m.values[sysctlPath(FWD)]).toBe('0')
  })
})
