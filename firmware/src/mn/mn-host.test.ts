// The kernel changes the mobile node asks for, as the commands they run.
import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../runtime/logger'
import { addressArgs, MnHost } from './mn-host'

const quiet = createLogger({ level: 'error', json: true, write: () => {} })

function recording() {
  const calls: string[] = []
  const run = async (argv: readonly string[]) => {
    calls.push(argv.join(' '))
    return ''
  }
  return { calls, host: new MnHost(run, quiet) }
}

describe('the mobile node host', () => {
  it('adds a care-of address with DAD and its lifetimes, the home address at home without DAD', () => {
    const coa = {
      ifname: 'wlan0',
      address: mustParse('2001:db8:1::ff:fe00:102'),
      prefixLength: 64,
      dad: true,
      optimistic: true,
      validLifetimeS: 86400,
      preferredLifetimeS: 14400,
    }
    expect(addressArgs(coa).join(' ')).toBe(
      'ip -6 addr replace 2001:db8:1::ff:fe00:102/64 dev wlan0 optimistic valid_lft 86400 preferred_lft 14400',
    )
    const home = {
      ...coa,
      address: mustParse('2001:db8::beef'),
      dad: false,
      validLifetimeS: 0xffffffff,
      preferredLifetimeS: 0xffffffff,
    }
    expect(addressArgs(home).join(' ')).toBe(
      'ip -6 addr replace 2001:db8::beef/64 dev wlan0 nodad valid_lft forever preferred_lft forever',
    )
  })

  it('changes only the routes that differ, and takes every one away on stop with the address and its prefix route', async () => {
    const { calls, host } = recording()
    const home = ['default', 'via', 'fe80::1', 'dev', 'wlan0']
    const ha = ['2001:db8::/128', 'via', 'fe80::2', 'dev', 'wlan0']
    await host.setRoutes([home])
    await host.setRoutes([home, ha])
    await host.setRoutes([ha])
    expect(calls).toEqual([
      `ip -6 route replace ${home.join(' ')}`,
      `ip -6 route replace ${ha.join(' ')}`,
      `ip -6 route del ${home.join(' ')}`,
    ])
    calls.length = 0
    await host.addAddress({
      ifname: 'wlan0',
      address: mustParse('2001:db8:1::2'),
      prefixLength: 64,
      dad: false,
      optimistic: false,
      validLifetimeS: 100,
      preferredLifetimeS: 50,
    })
    calls.length = 0
    // The guard's table is looked for ('nft list tables'); our stub lists none.
    await host.stop()
    expect(calls).toEqual([
      `ip -6 route del ${ha.join(' ')}`,
      'ip -6 addr del 2001:db8:1::2/64 dev wlan0',
      'ip -6 addr show dev wlan0 to 2001:db8:1::/64',
      'ip -6 route del 2001:db8:1::/64 dev wlan0',
      'nft list tables ip6',
    ])
  })

  it('installs nothing asked for while it stops: an event in flight would outlive the stop', async () => {
    const { calls, host } = recording()
    const stopped = host.stop()
    await host.setRoutes([['default', 'via', 'fe80::1', 'dev', 'wlan0']])
    await stopped
    expect(calls.filter((c) => c.includes('replace'))).toEqual([])
  })

  it("takes away what the kernel's own SLAAC and router discovery made before it started", async () => {
    const calls: string[] = []
    // As ip prints it: an empty object for each address the filter left out.
    const shown = [{ addr_info: [{}, { local: '2001:db8::ff:fe00:102', prefixlen: 64 }, {}] }]
    const run = async (argv: readonly string[]) => {
      calls.push(argv.join(' '))
      return argv.includes('-j') ? JSON.stringify(shown) : ''
    }
    await new MnHost(run, quiet).flushAutoconfigured('wlan0')
    expect(calls).toEqual([
      'ip -j -6 addr show dev wlan0 scope global dynamic',
      'ip -6 addr del 2001:db8::ff:fe00:102/64 dev wlan0',
      'ip -6 addr show dev wlan0 to 2001:db8::/64',
      'ip -6 route del 2001:db8::/64 dev wlan0',
      'ip -6 route flush dev wlan0 proto ra',
    ])
  })
})
