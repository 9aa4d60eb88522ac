// The events waiting for the broker: a ring of at most `limit` entries. When it is full the
// oldest entry goes (an operator wants to know what is happening now more than what happened
// first), and the count of what went is kept until it has been reported.

export class EventQueue<T> {
  readonly limit: number
  private readonly ring: Array<T | undefined>
  private head = 0
  private count = 0
  /** Dropped since the last takeDropped(). */
  private droppedPending = 0
  /** Dropped since the queue was made. */
  droppedTotal = 0

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`event queue limit must be >= 1, not ${limit}`)
    this.limit = limit
    this.ring = new Array(limit)
  }

  get length(): number {
    return this.count
  }

  push(item: T): void {
    if (this.count === this.limit) {
      this.ring[this.head] = undefined
      this.head = (this.head + 1) % this.limit
      this.count--
      this.droppedPending++
      this.droppedTotal++
    }
    this.ring[(this.head + this.count) % this.limit] = item
    this.count++
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined
    const item = this.ring[this.head]
    this.ring[this.head] = undefined
    this.head = (this.head + 1) % this.limit
    this.count--
    return item
  }

  /** The count dropped since the last call, and resets it. */
  takeDropped(): number {
    const n = this.droppedPending
    this.droppedPending = 0
    return n
  }

  get droppedUnreported(): number {
    return this.droppedPending
  }
}
