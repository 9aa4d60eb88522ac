// The engine's timers in one table (quinn-proto's timer.rs): deadlines by name, the earliest
// is what the adapter arms. Spurious wake-ups are harmless: only expired entries fire.

export class TimerTable<Id extends string> {
  private readonly deadlines = new Map<Id, number>()

  set(id: Id, at: number): void {
    this.deadlines.set(id, at)
  }

  /** Keeps the earlier of the current deadline and `at`. */
  setEarlier(id: Id, at: number): void {
    const current = this.deadlines.get(id)
    if (current === undefined || at < current) this.deadlines.set(id, at)
  }

  get(id: Id): number | undefined {
    return this.deadlines.get(id)
  }

  clear(id: Id): void {
    this.deadlines.delete(id)
  }

  next(): number | undefined {
    let min: number | undefined
    for (const at of this.deadlines.values()) if (min === undefined || at < min) min = at
    return min
  }

  /** Removes and returns the ids due at `now`, earliest first. */
  expired(now: number): Id[] {
    const due = [...this.deadlines].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1])
    for (const [id] of due) this.deadlines.delete(id)
    return due.map(([id]) => id)
  }
}
