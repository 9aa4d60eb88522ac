// Runs a sans-I/O engine on the real clock: arms one timer for the engine's earliest deadline
// and re-arms it after every call that may have moved it.

export interface DrivenEngine<A> {
  handleTimeout(now: number): A[]
  nextTimeout(): number | undefined
}

export type Clock = () => number

/** Monotonic milliseconds: wall-clock steps (NTP, RTC at boot) must not move RA timers. */
export const monotonicMs: Clock = () => performance.now()

/**
 * libuv timers count whole milliseconds from a loop time that may be stale, so they fire up
 * to a millisecond or two early or late. At 50 ms RA intervals that is visible jitter: the
 * timer is armed a little early and the last stretch is slept precisely, blocking the thread
 * (a futex wait, no CPU) for at most PRECISE_WAIT_MS.
 */
const PRECISE_WAIT_MS = 2
const sleeper = new Int32Array(new SharedArrayBuffer(4))

function sleepPrecisely(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms)
}

export class EngineDriver<A> {
  private timer: NodeJS.Timeout | undefined
  private armedFor: number | undefined
  private stopped = false

  /**
   * `precise`: sleep out the last PRECISE_WAIT_MS before a deadline (RA intervals). Off for an
   * engine whose timers tolerate a millisecond or two and whose packets must not wait behind
   * a blocked thread (the Home Agent: at thousands of bindings a deadline is always near).
   */
  constructor(
    private readonly engine: DrivenEngine<A>,
    private readonly perform: (actions: A[]) => void,
    private readonly clock: Clock = monotonicMs,
    private readonly precise = true,
  ) {}

  /** Feeds the engine: `call` gets the current time and returns the actions to perform. */
  run(call: (now: number) => A[]): void {
    if (this.stopped) return
    this.perform(call(this.clock()))
    this.rearm()
  }

  now(): number {
    return this.clock()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private rearm(): void {
    const next = this.engine.nextTimeout()
    if (next === this.armedFor && this.timer !== undefined) return
    clearTimeout(this.timer)
    this.timer = undefined
    this.armedFor = next
    if (next === undefined || this.stopped) return
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        this.armedFor = undefined
        const remaining = next - this.clock()
        if (this.precise && remaining <= PRECISE_WAIT_MS) sleepPrecisely(remaining)
        this.run((now) => this.engine.handleTimeout(now))
      },
      Math.max(0, next - this.clock() - (this.precise ? PRECISE_WAIT_MS : 0)),
    )
  }
}
