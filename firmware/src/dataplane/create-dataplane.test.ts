// Which data plane `router.dataplane` gets on which kernel, and what the log says about it.
import { fakeRunner } from '@mip6/kernel/testing'
import type { InterfaceWatcher } from '@mip6/netio'
import { describe, expect, it } from 'vitest'
import type { LinkPool } from '../link-pool'
import { createLogger } from '../runtime/logger'
import { createDataPlane } from './create-dataplane'

/** A kernel with ip6_tunnel or one where `ip link add ... type ip6tnl` fails as it does here. */
function context(hasIp6Tunnel: boolean) {
  const lines: string[] = []
  const fail = hasIp6Tunnel ? [] : [{ match: /type ip6tnl/, fail: 'Error: Unknown device type.' }]
  const probe = { run: fakeRunner(fail).run, exists: () => true, probeName: 'mip6probe1' }
  return {
    lines,
    context: {
      watcher: {} as InterfaceWatcher,
      pool: { onTunnelPacket: () => {} } as unknown as LinkPool,
      logger: createLogger({ level: 'info', json: true, write: (l) => lines.push(l) }),
      homeLinks: ['wlan0'],
      probe,
    },
  }
}

describe('createDataPlane', () => {
  it('auto takes the kernel one where the probe finds ip6_tunnel and proxy NDP, and says so', async () => {
    const { lines, context: c } = context(true)
    expect((await createDataPlane('auto', c)).kind).toBe('kernel')
    expect(lines.join('')).toContain('"msg":"data plane: kernel","why":"auto: ip6_tunnel present"')
  })

  it("auto falls back to userspace with the kernel's reason", async () => {
    const { lines, context: c } = context(false)
    expect((await createDataPlane('auto', c)).kind).toBe('userspace')
    expect(lines.join('')).toContain('"why":"auto: no ip6_tunnel: Error: Unknown device type."')
  })

  it('userspace as configured, without probing', async () => {
    const { lines, context: c } = context(true)
    expect((await createDataPlane('userspace', c)).kind).toBe('userspace')
    expect(lines.join('')).toContain('"why":"configured"')
  })

  it('kernel asked for where the kernel cannot: an error that says why', async () => {
    const { context: c } = context(false)
    await expect(createDataPlane('kernel', c)).rejects.toThrow(
      'dataplane kernel: this kernel cannot (no ip6_tunnel: Error: Unknown device type.)',
    )
  })
})
