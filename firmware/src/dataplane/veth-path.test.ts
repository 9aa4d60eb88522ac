import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mustParse } from '@mip6/wire'
import { afterEach, describe, expect, it } from 'vitest'
import { VethPath } from './veth-path'

const MACS: Record<string, string> = { mip6dp0: '02:aa:00:00:00:00', mip6dp1: '02:aa:00:00:00:01' }

/** Records every command; `ip -j link show X` answers with X's MAC, `ip link del` fails as for no such link. */
function fakeIp() {
  const calls: string[] = []
  const run = async (argv: readonly string[]) => {
    calls.push(argv.join(' '))
    if (argv[1] === '-j') return JSON.stringify([{ address: MACS[argv.at(-1)!] }])
    if (argv[2] === 'del') throw new Error('Cannot find device')
    return ''
  }
  return { calls, run }
}

describe('VethPath', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  /** A /proc with the sysctl files the pair gets, so that writes can be read back. */
  function proc(): string {
    const root = mkdtempSync(join(tmpdir(), 'veth-path-'))
    dirs.push(root)
    for (const name of Object.keys(MACS)) {
      const dir = join(root, 'sys/net/ipv6/conf', name)
      mkdirSync(dir, { recursive: true })
      for (const key of ['disable_ipv6', 'accept_ra', 'accept_dad']) writeFileSync(join(dir, key), '1\n')
    }
    return root
  }

  it('replaces a leftover pair, turns IPv6 off on our end, and points the gateway at it', async () => {
    const ip = fakeIp()
    const root = proc()
    const path = new VethPath({ kernel: 'mip6dp0', ours: 'mip6dp1' }, ip.run, root)
    await path.create()
    expect(ip.calls).toEqual([
      'ip link del mip6dp0',
      'ip link add mip6dp0 type veth peer name mip6dp1',
      'ip link set mip6dp1 up',
      'ip link set mip6dp0 up',
      'ip -j link show mip6dp0',
      'ip -j link show mip6dp1',
      'ip -6 neigh replace fe80::1 lladdr 02:aa:00:00:00:01 dev mip6dp0 nud permanent',
    ])
    const sysctl = (name: string, key: string) =>
      readFileSync(join(root, 'sys/net/ipv6/conf', name, key), 'utf8').trim()
    expect(sysctl('mip6dp1', 'disable_ipv6')).toBe('1')
    expect(sysctl('mip6dp0', 'accept_ra')).toBe('0')
    expect(sysctl('mip6dp0', 'accept_dad')).toBe('0')
    expect({ kernel: path.kernelMac, ours: path.ourMac }).toEqual({
      kernel: MACS.mip6dp0,
      ours: MACS.mip6dp1,
    })
  })

  it('routes a home address through the pair and takes the route away again', async () => {
    const ip = fakeIp()
    const path = new VethPath({ kernel: 'mip6dp0', ours: 'mip6dp1' }, ip.run, proc())
    await path.route(mustParse('2001:db8::beef'))
    await path.unroute(mustParse('2001:db8::beef'))
    expect(ip.calls).toEqual([
      'ip -6 route replace 2001:db8::beef/128 via fe80::1 dev mip6dp0',
      'ip -6 route del 2001:db8::beef/128 dev mip6dp0',
    ])
  })
})
