// Drives a sans-I/O engine on virtual time (STYLE.md §7): no sleeps, no fake timers. The
// clock jumps to the engine's next deadline and collects what it does there.

export interface TimedEngine<A> {
  handleTimeout(now: number): A[]
  nextTimeout(): number | undefined
}

export interface Timed<A> {
  at: number
  action: A
}

export class VirtualClock<A> {
  now = 0
  readonly log: Timed<A>[] = []

  constructor(private readonly engine: TimedEngine<A>) {}

  /** Records actions an input produced at the current time. */
  record(actions: A[]): A[] {
    for (const action of actions) this.log.push({ at: this.now, action })
    return actions
  }

  /** Fires every deadline up to and including `until`, then sets the clock there. */
  runUntil(until: number): A[] {
    const out: A[] = []
    for (
      let next = this.engine.nextTimeout();
      next !== undefined && next <= until;
      next = this.engine.nextTimeout()
    ) {
      this.now = Math.max(this.now, next)
      out.push(...this.record(this.engine.handleTimeout(this.now)))
    }
    this.now = until
    return out
  }

  advance(ms: number): A[] {
    return this.runUntil(this.now + ms)
  }
}

/** A small seeded generator (mulberry32) so runs replay exactly. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
