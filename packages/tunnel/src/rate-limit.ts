// RFC 4443 §2.4 (f): an IPv6 node MUST limit the rate of the ICMPv6 errors it originates; the
// RFC recommends a token bucket, an average rate with bursts up to a size. One bucket for all
// destinations: the time comes from the caller, so tests and simulations replay exactly.

export class TokenBucket {
  private tokens: number
  private at: number | undefined

  constructor(private readonly rate: { perSecond: number; burst: number }) {
    this.tokens = rate.burst
  }

  /** Takes a token at `now` (ms); false when there is none left. */
  take(now: number): boolean {
    const { perSecond, burst } = this.rate
    const elapsed = this.at === undefined ? 0 : Math.max(0, now - this.at)
    this.tokens = Math.min(burst, this.tokens + (elapsed * perSecond) / 1000)
    this.at = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
