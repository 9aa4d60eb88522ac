// The binding cache on disk: coalesced saves that still land soon after the last change, a
// flush on stop that writes the latest state, and a file that load() reads back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PersistedBinding } from '@mip6/home-agent'
import { afterEach, describe, expect, it } from 'vitest'
import { BindingStore, type CacheSource } from './binding-store'

const DELAY_MS = 30

function binding(n: number, sequence = 1): PersistedBinding {
  return {
    homeAddress: `2001:db8::${n.toString(16)}`,
    careOfAddress: `2001:db8:1::${n.toString(16)}`,
    haAddress: '2001:db8::',
    ifname: 'wlan0',
    sequence,
    flags: { acknowledge: true, linkLocalCompatibility: false, keyManagementCompatibility: false },
    grantedLifetimeS: 86_400,
    remainingLifetimeMs: 86_400_000,
    registeredAtWallMs: 1_700_000_000_000,
  }
}

/** A cache the test changes, and how many times a save read it. */
class FakeCache implements CacheSource {
  entries = new Map<string, PersistedBinding>()
  reads = 0

  put(b: PersistedBinding): void {
    this.entries.set(b.homeAddress, b)
  }

  *bindings(): Iterable<PersistedBinding> {
    this.reads++
    yield* this.entries.values()
  }

  wallClockMs(): number {
    return 1_700_000_000_000
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('BindingStore', () => {
  const dirs: string[] = []
  const store = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mip6-store-test-'))
    dirs.push(dir)
    return new BindingStore(join(dir, 'state'), { delayMs: DELAY_MS })
  }
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('saves a burst of changes once, soon after the first, with every binding of the last state', async () => {
    const s = store()
    const cache = new FakeCache()
    for (let n = 1; n <= 500; n++) {
      cache.put(binding(n))
      s.saveSoon(cache)
    }
    await sleep(DELAY_MS * 10)
    expect(cache.reads).toBe(1)
    const { entries, problem } = await s.load()
    expect(problem).toBeUndefined()
    expect(entries).toHaveLength(500)
    expect(entries[499]).toEqual(binding(500))
  })

  it('saves once more after a write when changes came while it was written', async () => {
    const s = store()
    const cache = new FakeCache()
    cache.put(binding(1))
    s.saveSoon(cache)
    await sleep(DELAY_MS + 5)
    // The first write may be under way or done; either way this change reaches the disk.
    cache.put(binding(1, 2))
    cache.put(binding(2))
    s.saveSoon(cache)
    await sleep(DELAY_MS * 10)
    expect((await s.load()).entries).toEqual([binding(1, 2), binding(2)])
    expect(cache.reads).toBe(2)
  })

  it('flush writes the latest state at once, and nothing more is written after it', async () => {
    const s = store()
    const cache = new FakeCache()
    cache.put(binding(1))
    s.saveSoon(cache)
    cache.put(binding(2))
    await s.flush(cache)
    expect((await s.load()).entries).toEqual([binding(1), binding(2)])
    await sleep(DELAY_MS * 3)
    expect(cache.reads).toBe(1)
  })

  it('writes an empty cache as an empty list, and reads a missing file as no bindings', async () => {
    const s = store()
    expect(await s.load()).toEqual({ entries: [] })
    await s.flush(new FakeCache())
    expect(await s.load()).toEqual({ entries: [] })
  })

  it('writes a binding that the cache yields twice (removed and added again meanwhile) once', async () => {
    const s = store()
    const twice: CacheSource = {
      bindings: () => [binding(1), binding(2), binding(1, 5)],
      wallClockMs: () => 0,
    }
    await s.flush(twice)
    expect((await s.load()).entries).toEqual([binding(1), binding(2)])
  })
})
