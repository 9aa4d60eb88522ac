// `dataplane: auto` from the facts of a kernel, and how the facts are gathered (a fake ip).
import { fakeRunner } from '@mip6/kernel/testing'
import { describe, expect, it } from 'vitest'
import { chooseDataPlane, PROXY_NDP_SYSCTL, probeDataPlane, probeKernel } from './probe-kernel'

describe('chooseDataPlane', () => {
  it('takes the kernel one where ip6_tunnel works and proxy NDP exists', () => {
    expect(chooseDataPlane({ ip6Tunnel: { ok: true }, proxyNdp: true })).toEqual({
      kind: 'kernel',
      reason: 'ip6_tunnel present',
    })
  })

  it("falls back to userspace with ip's reason when ip6_tunnel is missing", () => {
    const facts = { ip6Tunnel: { ok: false as const, error: 'Error: Unknown device type.' }, proxyNdp: true }
    expect(chooseDataPlane(facts)).toEqual({
      kind: 'userspace',
      reason: 'no ip6_tunnel: Error: Unknown device type.',
    })
  })

  it('falls back to userspace without proxy NDP', () => {
    expect(chooseDataPlane({ ip6Tunnel: { ok: true }, proxyNdp: false })).toEqual({
      kind: 'userspace',
      reason: `no proxy NDP: ${PROXY_NDP_SYSCTL} is missing`,
    })
  })
})

describe('probeKernel', () => {
  it('makes a throwaway tunnel, deletes it, and looks for the proxy_ndp sysctl', async () => {
    const f = fakeRunner()
    const seen: string[] = []
    const choice = await probeDataPlane({
      run: f.run,
      probeName: 'mip6probe1',
      exists: (p) => seen.push(p) > 0,
    })
    expect(f.calls).toEqual([
      'ip link add mip6probe1 type ip6tnl mode ip6ip6 local :: remote 100::1',
      'ip link del mip6probe1',
    ])
    expect(seen).toEqual([PROXY_NDP_SYSCTL])
    expect(choice.kind).toBe('kernel')
  })

  it("keeps the kernel's own words when the tunnel cannot be made", async () => {
    const f = fakeRunner([{ match: /^ip link add/, fail: 'Error: Unknown device type.' }])
    const facts = await probeKernel({ run: f.run, probeName: 'p', exists: () => true })
    expect(facts.ip6Tunnel).toEqual({ ok: false, error: 'Error: Unknown device type.' })
    expect(f.calls).toHaveLength(1)
  })
})
