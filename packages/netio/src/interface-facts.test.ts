import { describe, expect, it } from 'vitest'
import { parseIpAddrJson, sameFacts } from './interface-facts'

// `ip -j -d addr show` from iproute2 6.1 on Debian 12, trimmed to the fields read plus a few
// it ignores: loopback, and a veth whose peer holds 2001:db8:9::1 (so DAD failed there).
const SNAPSHOT = JSON.stringify([
  {
    ifindex: 1,
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
    mtu: 65536,
    operstate: 'UNKNOWN',
    link_type: 'loopback',
    address: '00:00:00:00:00:00',
    addr_info: [
      { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' },
      { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host', valid_life_time: 4294967295 },
    ],
  },
  {
    ifindex: 7,
    link: 'x1',
    ifname: 'x0',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    operstate: 'UP',
    link_type: 'ether',
    address: 'ca:f3:b4:ae:5d:24',
    linkinfo: { info_kind: 'veth' },
    addr_info: [
      {
        family: 'inet6',
        local: '2001:db8:9::1',
        prefixlen: 64,
        scope: 'global',
        dadfailed: true,
        tentative: true,
      },
      {
        family: 'inet6',
        local: '2001:db8:8::1',
        prefixlen: 80,
        scope: 'global',
        nodad: true,
        deprecated: true,
        dynamic: true,
        valid_life_time: 598,
        preferred_life_time: 0,
      },
      { family: 'inet6', local: 'fe80::c8f3:b4ff:feae:5d24', prefixlen: 64, scope: 'link', tentative: true },
    ],
  },
])

describe('parseIpAddrJson', () => {
  const [lo, x0] = parseIpAddrJson(SNAPSHOT)

  it('reads loopback as up with its host-scope address and no MAC', () => {
    expect(lo).toMatchObject({ ifindex: 1, name: 'lo', kind: undefined, mac: undefined, mtu: 65536 })
    expect(lo).toMatchObject({ adminUp: true, carrier: true, operUp: true })
    expect(lo!.addresses).toEqual([
      {
        address: '::1',
        prefixLength: 128,
        scope: 'host',
        tentative: false,
        dadFailed: false,
        deprecated: false,
        permanent: true,
      },
    ])
  })

  it('reads an Ethernet link with IPv6 addresses only, sorted, with their flags', () => {
    expect(x0).toMatchObject({ ifindex: 7, name: 'x0', kind: 'veth', mac: 'ca:f3:b4:ae:5d:24', mtu: 1500 })
    expect(x0!.addresses.map((a) => a.address)).toEqual([
      '2001:db8:8::1',
      '2001:db8:9::1',
      'fe80::c8f3:b4ff:feae:5d24',
    ])
    expect(x0!.addresses[0]).toMatchObject({
      prefixLength: 80,
      deprecated: true,
      permanent: false,
      tentative: false,
    })
    expect(x0!.addresses[1]).toMatchObject({ dadFailed: true, tentative: true, permanent: true })
  })

  it('gives the tentative link-local address, not yet ready', () => {
    expect(x0!.linkLocal).toMatchObject({ address: 'fe80::c8f3:b4ff:feae:5d24', tentative: true })
    expect(x0!.linkLocalReady).toBe(false)
  })

  it('tells operational state from carrier for links that are up but have no peer', () => {
    const [f] = parseIpAddrJson(
      JSON.stringify([
        { ifindex: 3, ifname: 'v', flags: ['NO-CARRIER', 'UP'], operstate: 'LOWERLAYERDOWN', mtu: 1500 },
      ]),
    )
    expect(f).toMatchObject({ adminUp: true, carrier: false, operUp: false, addresses: [] })
  })

  it('compares facts by value, ignoring the kernel order of addresses', () => {
    const reversed = JSON.parse(SNAPSHOT)
    reversed[1].addr_info.reverse()
    expect(sameFacts(parseIpAddrJson(JSON.stringify(reversed))[1]!, x0!)).toBe(true)
    expect(sameFacts(lo!, x0!)).toBe(false)
  })
})
