// The binding cache on disk (DESIGN.md rule 5: a restart keeps it). Written whole, atomically:
// a new file then a rename, so a crash leaves the old or the new cache, never half of one.
// Reads tolerate a missing file (first start) and report a damaged one.
//
// Changes come at packet rate (each BU refreshes its binding) and a save costs O(cache), so
// saves coalesce: a change asks for one within SAVE_DELAY_MS, and changes meanwhile ride
// along; changes while one is being written ask for exactly one more, started once the gap
// since that one is SAVE_DELAY_MS, or GAP_PER_SAVE_TIME times as long as it took if longer
// (a big cache under steady refreshes spends at most a fifth of the time saving). The file is
// built SLICE bindings at a time with the event loop free in between, so packets are not held
// up behind a big cache. flush() (on stop) waits for a write under way and saves once more.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { PersistedBinding } from '@mip6/home-agent'

const FILE = 'binding-cache.json'
const FORMAT = 1
export const SAVE_DELAY_MS = 1_000
const GAP_PER_SAVE_TIME = 4
const SLICE = 256

/** What a save reads, when it runs. */
export interface CacheSource {
  /** Registered bindings, each read when the save reaches it. */
  bindings(): Iterable<PersistedBinding>
  wallClockMs(): number
}

export interface BindingStoreOptions {
  delayMs?: number
  /** Failures of saves started by saveSoon() (disk full); the next change tries again. */
  onError?: (e: Error) => void
}

export class BindingStore {
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> | undefined
  private again = false
  private lastSaveMs = 0

  constructor(
    readonly dir: string,
    private readonly options: BindingStoreOptions = {},
  ) {}

  get path(): string {
    return join(this.dir, FILE)
  }

  async load(): Promise<{ entries: PersistedBinding[]; problem?: string }> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] }
      return { entries: [], problem: `${this.path}: ${(e as Error).message}` }
    }
    try {
      const doc = JSON.parse(text) as { format?: number; bindings?: unknown }
      if (doc.format !== FORMAT || !Array.isArray(doc.bindings)) {
        return { entries: [], problem: `${this.path}: not a binding cache of format ${FORMAT}` }
      }
      return { entries: doc.bindings as PersistedBinding[] }
    } catch (e) {
      return { entries: [], problem: `${this.path}: ${(e as Error).message}` }
    }
  }

  /** A save of `source` soon: see the top of this file. */
  saveSoon(source: CacheSource): void {
    if (this.writing) {
      this.again = true
      return
    }
    if (this.timer) return
    const delayMs = Math.max(this.options.delayMs ?? SAVE_DELAY_MS, GAP_PER_SAVE_TIME * this.lastSaveMs)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.write(source).catch((e: Error) => this.options.onError?.(e))
    }, delayMs)
  }

  /** Cancels the wait, lets a write under way end, then saves `source`; rejects if that fails. */
  async flush(source: CacheSource): Promise<void> {
    for (;;) {
      clearTimeout(this.timer)
      this.timer = undefined
      this.again = false
      if (!this.writing) break
      await this.writing.catch(() => {})
    }
    await this.write(source)
  }

  private write(source: CacheSource): Promise<void> {
    const startedAt = performance.now()
    const done = this.save(source.bindings(), source.wallClockMs())
    const writing = done
      .catch(() => {})
      .then(() => {
        this.lastSaveMs = performance.now() - startedAt
        this.writing = undefined
        if (this.again) {
          this.again = false
          this.saveSoon(source)
        }
      })
    this.writing = writing
    return done
  }

  /**
   * Writes `bindings` (only write() calls it: one at a time): JSON, one binding a line. A
   * binding that comes twice (removed and added again while the file was built) is written once.
   */
  private async save(bindings: Iterable<PersistedBinding>, wallClockMs: number): Promise<void> {
    const lines: string[] = []
    const seen = new Set<string>()
    for (const b of bindings) {
      if (seen.has(b.homeAddress)) continue
      seen.add(b.homeAddress)
      lines.push(JSON.stringify(b))
      if (lines.length % SLICE === 0) await yieldToLoop()
    }
    const head = `{"format":${FORMAT},"savedAtWallMs":${JSON.stringify(wallClockMs)},"bindings":[`
    const text = lines.length === 0 ? `${head}]}\n` : `${head}\n${lines.join(',\n')}\n]}\n`
    await mkdir(this.dir, { recursive: true })
    const tmp = `${this.path}.${process.pid}.tmp`
    await writeFile(tmp, text, { mode: 0o600 })
    await rename(tmp, this.path)
  }
}
