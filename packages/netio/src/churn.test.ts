// An interface created and deleted 100 times under a running InterfaceWatcher and LinkSocket:
// both must follow every round, leak no listeners or processes, and keep their heap flat.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InterfaceWatcher } from './interface-watcher'
import { LinkSocket } from './link-socket'
import { runCommand } from './run-command'
import { NetnsLab, requireRoot, waitUntil } from './testing/netns'

const ROOT = requireRoot('netio churn')
const ROUNDS = 100
const WARM_UP_ROUNDS = 10
/** Measured growth was well under 1 MiB after warm-up; a leak of one run's objects is more. */
const HEAP_GROWTH_BOUND = 4 * 1024 * 1024

/** vitest's workers run without --expose-gc; this is the same function, asked of V8 directly. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  gc()
}

describe.runIf(ROOT)('churn', () => {
  const lab = new NetnsLab('churn')
  let ns = ''
  let peer = ''
  let watcher: InterfaceWatcher
  let socket: LinkSocket

  beforeAll(async () => {
    ns = await lab.namespace('c', { dad: false })
    peer = await lab.namespace('p', { dad: false })
    watcher = new InterfaceWatcher({ netns: ns })
    await watcher.start()
    socket = new LinkSocket({ ifname: 'c0', watcher, netns: ns, filter: 'icmp6' })
  })

  afterAll(async () => {
    await socket?.close()
    await watcher?.close()
    await lab.cleanup()
  })

  it(
    `follows an interface created and deleted ${ROUNDS} times with a flat heap`,
    {
      timeout: 60_000,
    },
    async () => {
      const listeners = () => ['added', 'removed', 'changed'].map((e) => watcher.listenerCount(e))
      const baseListeners = listeners()
      const indexes = new Set<number>()
      const openMs: number[] = []
      let heapAfterWarmUp = 0
      for (let round = 1; round <= ROUNDS; round++) {
        const createdAt = Date.now()
        await lab.veth({ ns, ifname: 'c0' }, { ns: peer, ifname: 'p0' })
        indexes.add(await socket.whenOpen(5_000))
        openMs.push(Date.now() - createdAt)
        await lab.ip(ns, ['link', 'del', 'c0'])
        await waitUntil(
          () => socket.state.state === 'waiting' && watcher.get('c0') === undefined,
          5_000,
          'c0 gone',
        )
        if (round === WARM_UP_ROUNDS) {
          collectGarbage()
          heapAfterWarmUp = process.memoryUsage().heapUsed
        }
      }
      collectGarbage()
      const growth = process.memoryUsage().heapUsed - heapAfterWarmUp
      openMs.sort((a, b) => a - b)
      console.log(
        `${ROUNDS} rounds: reopen after create median ${openMs[ROUNDS / 2]} ms, max ${openMs.at(-1)} ms; ` +
          `heap growth after warm-up ${(growth / 1024).toFixed(0)} KiB`,
      )
      expect(indexes.size).toBe(ROUNDS)
      expect(socket.stats.opens).toBe(ROUNDS)
      expect(listeners()).toEqual(baseListeners)
      expect(growth).toBeLessThan(HEAP_GROWTH_BOUND)
      // Only the watcher's `ip monitor` is left in the namespace: no helper outlived its link.
      const pids = (await runCommand(['ip', 'netns', 'pids', ns])).trim().split('\n')
      expect(pids).toHaveLength(1)

      // Still working after all that: the last interface opens and is watched like the first.
      await lab.veth({ ns, ifname: 'c0', mac: '02:00:00:00:cc:01' }, { ns: peer, ifname: 'p0' })
      await socket.whenOpen(5_000)
      expect(watcher.get('c0')).toMatchObject({ mac: '02:00:00:00:cc:01', adminUp: true })
    },
  )
})
