// The router's own copy of every retained topic it owns, so that after any reconnect the
// broker's view can be made equal to the router's from memory.
//
// Rules:
// - set(topic, payload) records the latest payload and marks the topic dirty; only the latest
//   value of a topic is ever published, however often it changed in between.
// - remove(topic) leaves a tombstone (empty payload, MQTT 3.1.1 §3.3.1.3: deletes the
//   retained message) that is published like any value and forgotten once the broker has
//   acknowledged that very version; a set() in between revives the topic.
// - markAllDirty() on every connect: every value and every unacknowledged tombstone goes out
//   again, which covers what changed while the broker was unreachable.

interface Entry {
  payload: string
  version: number
}

export interface DirtyTopic {
  topic: string
  payload: string
  version: number
}

export class RetainedMirror {
  private readonly entries = new Map<string, Entry>()
  private readonly dirty = new Set<string>()
  private nextVersion = 1

  set(topic: string, payload: string): void {
    if (payload === '') throw new RangeError(`empty payload for ${topic}: use remove()`)
    const old = this.entries.get(topic)
    if (old?.payload === payload) return
    this.entries.set(topic, { payload, version: this.nextVersion++ })
    this.dirty.add(topic)
  }

  /** Tombstones a topic; a topic the mirror never had is tombstoned too (it may be on the broker). */
  remove(topic: string): void {
    const old = this.entries.get(topic)
    if (old !== undefined && old.payload === '') return
    this.entries.set(topic, { payload: '', version: this.nextVersion++ })
    this.dirty.add(topic)
  }

  get(topic: string): string | undefined {
    const e = this.entries.get(topic)
    return e === undefined || e.payload === '' ? undefined : e.payload
  }

  /** True when the router holds a (non-empty) value for the topic. */
  has(topic: string): boolean {
    return this.get(topic) !== undefined
  }

  /** Topics with a value under `prefix` (which ends with `/`). */
  live(prefix: string): string[] {
    const out: string[] = []
    for (const [topic, e] of this.entries) if (e.payload !== '' && topic.startsWith(prefix)) out.push(topic)
    return out
  }

  markAllDirty(): void {
    for (const topic of this.entries.keys()) this.dirty.add(topic)
  }

  markDirty(topic: string): void {
    if (this.entries.has(topic)) this.dirty.add(topic)
  }

  get dirtyCount(): number {
    return this.dirty.size
  }

  /** Up to `max` dirty topics in the order they became dirty, now clean; the rest stay dirty. */
  takeDirty(max = Number.POSITIVE_INFINITY): DirtyTopic[] {
    const out: DirtyTopic[] = []
    for (const topic of this.dirty) {
      if (out.length >= max) break
      this.dirty.delete(topic)
      const e = this.entries.get(topic)
      if (e) out.push({ topic, payload: e.payload, version: e.version })
    }
    return out
  }

  /** The broker has acknowledged `version` of `topic`: a tombstone of that version is forgotten. */
  acknowledged(topic: string, version: number): void {
    const e = this.entries.get(topic)
    if (e && e.version === version && e.payload === '') this.entries.delete(topic)
  }

  get size(): number {
    return this.entries.size
  }
}
