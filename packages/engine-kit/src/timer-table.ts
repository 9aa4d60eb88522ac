// The engine's timers in one table (quinn-proto's timer.rs): deadlines by name, the earliest
// is what the adapter arms. Spurious wake-ups are harmless: only expired entries fire.
//
// A Home Agent holds a few timers per binding, and the adapter asks for the earliest after
// every input: a binary min-heap answers in O(log n) where a scan of every deadline would cost
// O(n) per packet. The heap is lazy: set() and clear() only update the map, and heap nodes the
// map no longer points to are skipped when they surface, or dropped by a rebuild once they
// outnumber the live ones.

interface Deadline<Id> {
  id: Id
  at: number
  /** Ties fire in the order their ids entered the table (a re-set keeps its place). */
  order: number
}

/** Stale heap nodes are swept when there are more than this many beyond twice the live ones. */
const REBUILD_SLACK = 64

export class TimerTable<Id extends string> {
  private readonly deadlines = new Map<Id, Deadline<Id>>()
  /** Min-heap by (at, order); a node is live while `deadlines` maps its id to that very node. */
  private heap: Deadline<Id>[] = []
  private nextOrder = 0

  set(id: Id, at: number): void {
    const current = this.deadlines.get(id)
    if (current?.at === at) return
    // The id already held (callers build a new, equal string each time) is the one kept.
    const node = current ? { id: current.id, at, order: current.order } : { id, at, order: this.nextOrder++ }
    this.deadlines.set(id, node)
    this.push(node)
    if (this.heap.length > 2 * this.deadlines.size + REBUILD_SLACK) this.rebuild()
  }

  /** Keeps the earlier of the current deadline and `at`. */
  setEarlier(id: Id, at: number): void {
    const current = this.deadlines.get(id)
    if (current === undefined || at < current.at) this.set(id, at)
  }

  get(id: Id): number | undefined {
    return this.deadlines.get(id)?.at
  }

  clear(id: Id): void {
    this.deadlines.delete(id)
  }

  next(): number | undefined {
    this.dropStale()
    return this.heap[0]?.at
  }

  /** Removes and returns the ids due at `now`, earliest first. */
  expired(now: number): Id[] {
    const due: Id[] = []
    for (;;) {
      this.dropStale()
      const top = this.heap[0]
      if (top === undefined || top.at > now) return due
      this.pop()
      this.deadlines.delete(top.id)
      due.push(top.id)
    }
  }

  private live(node: Deadline<Id>): boolean {
    return this.deadlines.get(node.id) === node
  }

  private dropStale(): void {
    while (this.heap.length > 0 && !this.live(this.heap[0]!)) this.pop()
  }

  private rebuild(): void {
    this.heap = [...this.deadlines.values()]
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i)
  }

  private push(node: Deadline<Id>): void {
    const h = this.heap
    h.push(node)
    let i = h.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(node, h[parent]!)) break
      h[i] = h[parent]!
      i = parent
    }
    h[i] = node
  }

  private pop(): void {
    const h = this.heap
    const last = h.pop()!
    if (h.length === 0) return
    h[0] = last
    this.down(0)
  }

  private down(i: number): void {
    const h = this.heap
    const node = h[i]!
    for (;;) {
      const left = 2 * i + 1
      if (left >= h.length) break
      const right = left + 1
      const child = right < h.length && before(h[right]!, h[left]!) ? right : left
      if (!before(h[child]!, node)) break
      h[i] = h[child]!
      i = child
    }
    h[i] = node
  }
}

function before<Id>(a: Deadline<Id>, b: Deadline<Id>): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order)
}
