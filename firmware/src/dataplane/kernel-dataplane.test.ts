// The kernel data plane's iproute2 commands, exactly, for each engine change, with a fake
// runner and in-memory sysctls. The real kernel's answer to them is checked in the VM
// (test/vm/checks/kernel-dataplane.ts).
import type { BindingChange, BindingView, ProxyChange } from '@mip6/home-agent'
import type { Sysctls } from '@mip6/kernel'
import { fakeRunner } from '@mip6/kernel/testing'
import { parseAddress } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { Logger } from '../runtime/logger'
import { KernelDataPlane } from './kernel-dataplane'

const addr = (text: string) => {
  const r = parseAddress(text)
  if (!r.ok) throw new Error(text)
  return r.value
}

function binding(homeAddress: string, careOfAddress: string, haAddress = '2001:db8::1'): BindingView {
  return {
    state: 'registered',
    homeAddress: addr(homeAddress),
    careOfAddress: addr(careOfAddress),
    haAddress: addr(haAddress),
    ifname: 'home0',
  } as BindingView
}

const added = (b: BindingView): BindingChange => ({
  kind: 'binding-added',
  binding: b,
  careOfAddressChanged: false,
})
const changed = (b: BindingView): BindingChange => ({
  kind: 'binding-changed',
  binding: b,
  careOfAddressChanged: true,
})
const removed = (b: BindingView): BindingChange => ({
  kind: 'binding-removed',
  binding: b,
  careOfAddressChanged: false,
})
const proxy = (kind: ProxyChange['kind'], address: string): ProxyChange => ({
  kind,
  ifname: 'home0',
  address: addr(address),
  homeAddress: addr(address),
})

function setup(leftovers = '') {
  const runner = fakeRunner([{ match: /^ip -6 tunnel show$/, stdout: leftovers }])
  const values = new Map<string, string>([
    ['net/ipv6/conf/all/forwarding', '0'],
    ['net/ipv6/conf/home0/proxy_ndp', '0'],
  ])
  const sysctls: Sysctls = {
    read: async (k) => values.get(k.join('/')) ?? '',
    write: async (k, v) => {
      values.set(k.join('/'), v)
    },
  }
  const logs: string[] = []
  const logger: Logger = { log: (level, _s, message) => logs.push(`${level} ${message}`) }
  const dp = new KernelDataPlane({
    homeLinks: ['home0'],
    logger,
    run: runner.run,
    sysctls,
    readCounter: () => 7,
  })
  return { dp, runner, values, logs }
}

async function started(leftovers = '') {
  const s = setup(leftovers)
  await s.dp.start()
  s.runner.clear()
  return s
}

const HOA = '2001:db8::beef'
const COA = '2001:db8:1::100'

/** Started, with HOA proxied and bound at COA; the commands so far forgotten. */
async function withBinding() {
  const s = await started()
  s.dp.apply(proxy('proxy-start', HOA))
  s.dp.apply(added(binding(HOA, COA)))
  await s.dp.settled()
  s.runner.clear()
  return s
}

describe('KernelDataPlane', () => {
  it('turns forwarding and proxy NDP on at start and restores both at stop', async () => {
    const { dp, values } = setup()
    await dp.start()
    expect(Object.fromEntries(values)).toEqual({
      'net/ipv6/conf/all/forwarding': '1',
      'net/ipv6/conf/home0/proxy_ndp': '1',
    })
    expect(dp.health().state).toBe('ok')
    await dp.stop()
    expect(Object.fromEntries(values)).toEqual({
      'net/ipv6/conf/all/forwarding': '0',
      'net/ipv6/conf/home0/proxy_ndp': '0',
    })
    expect(dp.health().state).toBe('down')
  })

  it("deletes a crashed run's tunnels at start, and only those", async () => {
    const { dp, runner } = setup(
      [
        'ip6tnl0: ipv6/ipv6 remote :: local :: encaplimit 0 hoplimit 0 tclass 0x00 flowlabel 0x00000 (flowinfo 0x00000000)',
        'mip6t0: ipv6/ipv6 remote 2001:db8:1::100 local 2001:db8::1 encaplimit none hoplimit 64 tclass 0x00',
        'mip6t12: ipv6/ipv6 remote 2001:db8:2::7 local 2001:db8::1 encaplimit none hoplimit 64 tclass 0x00',
        'mip6tx: ipv6/ipv6 remote 2001:db8:2::8 local 2001:db8::1 encaplimit none hoplimit 64 tclass 0x00',
      ].join('\n'),
    )
    await dp.start()
    expect(runner.calls).toEqual(['ip -6 tunnel show', 'ip -6 tunnel del mip6t0', 'ip -6 tunnel del mip6t12'])
    expect(dp.statsLines()[1]).toMatch(/2 leftover tunnels removed at start/)
  })

  it('adds a tunnel, a host route and a proxy entry for a new binding', async () => {
    const { dp, runner } = await started()
    dp.apply(proxy('proxy-start', HOA))
    dp.apply(added(binding(HOA, COA)))
    await dp.settled()
    expect(runner.calls).toEqual([
      'ip -6 neigh add proxy 2001:db8::beef dev home0',
      'ip -6 tunnel add mip6t0 mode ip6ip6 local 2001:db8::1 remote 2001:db8:1::100 encaplimit none',
      'ip link set mip6t0 up',
      'ip -6 route replace 2001:db8::beef/128 dev mip6t0',
    ])
    expect(dp.statsLines()).toEqual([
      'dataplane kernel: 1 tunnel, 1 home address, 1 proxy entry',
      'dataplane operations: 2 done, 0 failed, 0 leftover tunnels removed at start',
      'tunnel mip6t0 2001:db8::1 -> 2001:db8:1::100 for 2001:db8::beef: tx 7 rx 7 packets, 7 tx dropped',
    ])
  })

  it('moves the tunnel endpoint when the care-of address changes, and nothing on a refresh', async () => {
    const { dp, runner } = await withBinding()
    dp.apply({ kind: 'binding-changed', binding: binding(HOA, COA), careOfAddressChanged: false })
    dp.apply(changed(binding(HOA, '2001:db8:2::5')))
    await dp.settled()
    expect(runner.calls).toEqual([
      'ip -6 tunnel change mip6t0 mode ip6ip6 local 2001:db8::1 remote 2001:db8:2::5',
    ])
  })

  it('removes the route with the tunnel, and the proxy entry, when the binding goes', async () => {
    const { dp, runner } = await withBinding()
    dp.apply(proxy('proxy-stop', HOA))
    dp.apply(removed(binding(HOA, COA)))
    await dp.settled()
    expect(runner.calls).toEqual([
      'ip -6 neigh del proxy 2001:db8::beef dev home0',
      'ip -6 tunnel del mip6t0',
    ])
    await dp.stop()
    expect(runner.calls.slice(2)).toEqual([])
  })

  it('shares one tunnel between home addresses at one care-of address (Linux refuses twins)', async () => {
    const { dp, runner } = await started()
    dp.apply(added(binding(HOA, COA)))
    dp.apply(added(binding('2001:db8::cafe', COA)))
    dp.apply(added(binding('2001:db8::f00d', '2001:db8:2::5')))
    await dp.settled()
    runner.clear()
    // One of the two moves: a tunnel of its own; the other keeps the shared one.
    dp.apply(changed(binding('2001:db8::cafe', '2001:db8:2::5')))
    dp.apply(removed(binding(HOA, COA)))
    await dp.settled()
    expect(runner.calls).toEqual([
      'ip -6 route replace 2001:db8::cafe/128 dev mip6t1',
      'ip -6 tunnel del mip6t0',
    ])
  })

  it('takes the next name when a device of that name is not ours', async () => {
    const { dp, runner } = await started()
    runner.on({ match: /tunnel add mip6t0 /, fail: 'add tunnel "ip6tnl0" failed: File exists' })
    dp.apply(added(binding(HOA, COA)))
    await dp.settled()
    expect(runner.calls.slice(1)).toEqual([
      'ip -6 tunnel add mip6t1 mode ip6ip6 local 2001:db8::1 remote 2001:db8:1::100 encaplimit none',
      'ip link set mip6t1 up',
      'ip -6 route replace 2001:db8::beef/128 dev mip6t1',
    ])
    expect(dp.health().state).toBe('ok')
  })

  it('logs and counts a failure, names the binding in health, and retries at the next change', async () => {
    const { dp, runner, logs } = await started()
    runner.on({ match: /^ip -6 route replace/, fail: 'RTNETLINK answers: No such device', times: 1 })
    dp.apply(added(binding(HOA, COA)))
    dp.apply(added(binding('2001:db8::cafe', '2001:db8:2::5')))
    await dp.settled()
    expect(dp.health()).toEqual({
      state: 'degraded',
      detail:
        '2001:db8::beef: ip -6 route replace 2001:db8::beef/128 dev mip6t0: RTNETLINK answers: No such device',
    })
    expect(logs).toContain(
      'warn 2001:db8::beef: ip -6 route replace 2001:db8::beef/128 dev mip6t0: RTNETLINK answers: No such device',
    )
    expect(dp.statsLines()[1]).toBe(
      'dataplane operations: 1 done, 1 failed, 0 leftover tunnels removed at start',
    )
    expect(runner.calls).toContain('ip -6 tunnel del mip6t0')
    runner.clear()
    dp.apply({ kind: 'binding-changed', binding: binding(HOA, COA), careOfAddressChanged: false })
    await dp.settled()
    // mip6t0, freed by the failure, went to the next binding.
    expect(runner.calls).toEqual([
      'ip -6 tunnel add mip6t1 mode ip6ip6 local 2001:db8::1 remote 2001:db8:1::100 encaplimit none',
      'ip link set mip6t1 up',
      'ip -6 route replace 2001:db8::beef/128 dev mip6t1',
    ])
    expect(dp.health().state).toBe('ok')
  })

  it('removes every tunnel (routes and all) and proxy entry it installed at stop', async () => {
    const { dp, runner } = await withBinding()
    dp.apply(proxy('proxy-start', 'fe80::beef'))
    dp.apply(added(binding('2001:db8::cafe', COA)))
    await dp.settled()
    runner.clear()
    await dp.stop()
    // The kernel removes a tunnel's routes with it.
    expect(runner.calls).toEqual([
      'ip -6 tunnel del mip6t0',
      'ip -6 neigh del proxy 2001:db8::beef dev home0',
      'ip -6 neigh del proxy fe80::beef dev home0',
    ])
    dp.apply(added(binding(HOA, COA)))
    await dp.settled()
    expect(runner.calls).toHaveLength(3)
  })

  it('runs changes applied before start() once it has finished', async () => {
    const { dp, runner } = setup()
    dp.apply(added(binding(HOA, COA)))
    await dp.start()
    await dp.settled()
    expect(runner.calls[0]).toBe('ip -6 tunnel show')
    expect(runner.calls).toContain('ip -6 route replace 2001:db8::beef/128 dev mip6t0')
  })

  it('leaves sending inside a tunnel to the kernel unless a device sender is given', async () => {
    const { dp } = await withBinding()
    expect(dp.sendTunnelled(addr(COA), new Uint8Array(40))).toBe(false)
    const sent: string[] = []
    const withSender = new KernelDataPlane({
      homeLinks: [],
      logger: { log: () => {} },
      run: fakeRunner().run,
      sysctls: { read: async () => '0', write: async () => {} },
      sendOnDevice: (ifname) => sent.push(ifname) > 0,
    })
    await withSender.start()
    withSender.apply(added(binding(HOA, COA)))
    await withSender.settled()
    expect(withSender.sendTunnelled(addr(COA), new Uint8Array(40))).toBe(true)
    expect(withSender.sendTunnelled(addr('2001:db8:9::1'), new Uint8Array(40))).toBe(false)
    expect(sent).toEqual(['mip6t0'])
  })
})
