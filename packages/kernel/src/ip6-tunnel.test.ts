// The iproute2 command lines of the tunnel, route and proxy wrappers, and the parsing of
// `ip -6 tunnel show` (output of iproute2 6.1 on Debian 12's kernel).
import { describe, expect, it } from 'vitest'
import { addProxyNeighbour, deleteHostRoute, deleteProxyNeighbour, replaceHostRoute } from './ip6-host-route'
import { addIp6Tunnel, changeIp6Tunnel, deleteIp6Tunnel, listIp6Tunnels } from './ip6-tunnel'
import { fakeRunner } from './testing/fake-runner'

const T = { name: 'mip6t0', local: '2001:db8::1', remote: '2001:db8:1::2' }

describe('ip6ip6 tunnels', () => {
  it('adds a tunnel without an encapsulation limit option and brings it up', async () => {
    const f = fakeRunner()
    await addIp6Tunnel(f.run, T)
    await addIp6Tunnel(f.run, { ...T, name: 'mip6t1', dev: 'wlan1' })
    expect(f.calls).toEqual([
      'ip -6 tunnel add mip6t0 mode ip6ip6 local 2001:db8::1 remote 2001:db8:1::2 encaplimit none',
      'ip link set mip6t0 up',
      'ip -6 tunnel add mip6t1 mode ip6ip6 local 2001:db8::1 remote 2001:db8:1::2 encaplimit none dev wlan1',
      'ip link set mip6t1 up',
    ])
  })

  it('changes the endpoints of a tunnel by name and deletes it', async () => {
    const f = fakeRunner()
    await changeIp6Tunnel(f.run, { ...T, remote: '2001:db8:2::9' })
    await deleteIp6Tunnel(f.run, 'mip6t0')
    expect(f.calls).toEqual([
      'ip -6 tunnel change mip6t0 mode ip6ip6 local 2001:db8::1 remote 2001:db8:2::9',
      'ip -6 tunnel del mip6t0',
    ])
  })

  it('lists the tunnels of `ip -6 tunnel show`', async () => {
    const stdout = [
      'ip6tnl0: ipv6/ipv6 remote :: local :: encaplimit 0 hoplimit 0 tclass 0x00 flowlabel 0x00000 (flowinfo 0x00000000)',
      'mip6t0: ipv6/ipv6 remote 2001:db8:1::2 local 2001:db8::1 encaplimit none hoplimit 64 tclass 0x00 flowlabel 0x00000 (flowinfo 0x00000000)',
      '',
    ].join('\n')
    const f = fakeRunner([{ match: /^ip -6 tunnel show$/, stdout }])
    expect(await listIp6Tunnels(f.run)).toEqual([
      { name: 'ip6tnl0', remote: '::', local: '::' },
      { name: 'mip6t0', remote: '2001:db8:1::2', local: '2001:db8::1' },
    ])
  })
})

describe('host routes and proxy neighbours', () => {
  it('routes a home address into a device and proxies it on the home link', async () => {
    const f = fakeRunner()
    await replaceHostRoute(f.run, '2001:db8::beef', 'mip6t0')
    await addProxyNeighbour(f.run, '2001:db8::beef', 'eth0')
    await deleteProxyNeighbour(f.run, '2001:db8::beef', 'eth0')
    await deleteHostRoute(f.run, '2001:db8::beef', 'mip6t0')
    expect(f.calls).toEqual([
      'ip -6 route replace 2001:db8::beef/128 dev mip6t0',
      'ip -6 neigh add proxy 2001:db8::beef dev eth0',
      'ip -6 neigh del proxy 2001:db8::beef dev eth0',
      'ip -6 route del 2001:db8::beef/128 dev mip6t0',
    ])
  })
})
