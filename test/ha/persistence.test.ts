// A restart keeps the binding cache (DESIGN.md rule 5): the router saves it in its state
// directory on every change and on SIGTERM, and the next start with the same --state-dir
// restores each binding with what is left of its lifetime, proxy Neighbor Discovery included.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bcAddress, HaLab, requireHaTools } from './support/ha-lab'
import { bindingAck, bindingUpdate, isBindingAck, MAC } from './support/packets'

const SUITE = 'Home Agent persistence (restart)'
const OK = requireHaTools(SUITE)

describe.runIf(OK)('a restart of the router', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('hapersist')
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('keeps a binding: bc shows it with less lifetime left, and the proxy answers NSs for it again', async () => {
    const coa = '2001:db8:1::51'
    const hoa = '2001:db8::beef'
    await lab.addCareOfAddress(coa)
    const { reply } = await lab.ask('mobile', bindingUpdate({ coa, hoa, seq: 500 }), isBindingAck(), 'the BA')
    expect(bindingAck(reply)?.status).toBe(0)
    const [before] = await lab.bindingCache()
    expect(before).toMatchObject({ hoa: bcAddress(hoa), status: 'registered', seq: 500 })

    expect(await lab.stopRouter()).toBe(0)
    // Down for a second at least, so that the lifetime visibly runs on (bc shows whole seconds).
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const saved = JSON.parse(readFileSync(join(lab.stateDir, 'binding-cache.json'), 'utf8')) as {
      bindings: unknown[]
    }
    expect(saved.bindings).toHaveLength(1)
    expect(JSON.stringify(saved.bindings[0])).toContain(hoa)

    const router = await lab.startRouter()
    await router.waitLog((l) => l.msg === 'restored 1 of 1 bindings', 'the binding cache restored')
    const after = await lab.bindingCache()
    expect(after).toEqual([
      {
        ...before,
        remainingS: expect.any(Number),
      },
    ])
    // The lifetime ran on while the router was down, not more.
    expect(after[0]!.remainingS).toBeLessThan(before!.remainingS)
    expect(after[0]!.remainingS).toBeGreaterThan(before!.remainingS - 30)

    // The restored binding is defended on the home link as before.
    expect(await lab.resolveFromHomeHost(hoa)).toBe(MAC.routerHome)
  })
})
