// The binding cache on disk (DESIGN.md rule 5: a restart keeps it). Written whole on every
// change, atomically: a new file then a rename, so a crash leaves the old or the new cache,
// never half of one. Reads tolerate a missing file (first start) and report a damaged one.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PersistedBinding } from '@mip6/home-agent'

const FILE = 'binding-cache.json'
const FORMAT = 1

export class BindingStore {
  private writing: Promise<void> = Promise.resolve()

  constructor(readonly dir: string) {}

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

  /** Queued behind any write in progress, so the file ends with the latest snapshot. */
  save(entries: PersistedBinding[], wallClockMs: number): Promise<void> {
    const text = `${JSON.stringify({ format: FORMAT, savedAtWallMs: wallClockMs, bindings: entries }, null, 1)}\n`
    const next = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true })
      const tmp = `${this.path}.${process.pid}.tmp`
      await writeFile(tmp, text, { mode: 0o600 })
      await rename(tmp, this.path)
    })
    // A failed write (disk full) is the caller's to report; the next one still runs.
    this.writing = next.catch(() => {})
    return next
  }
}
