// The rule for messages the Home Agent sends in reply to a peer's packets (Binding
// Acknowledgements, Binding Errors, DHAAD Replies, Mobile Prefix Advertisements): a token
// bucket per destination address, as RFC 4443 §2.4 (f) prescribes for ICMPv6 errors and
// RFC 6275 §9.3.3 asks for Binding Errors. Its size and rate default to RFC 6275 §12's
// MAX_UPDATE_RATE (3 a second): a mobile node that keeps to that rate is never limited, while
// BUs with a forged source cannot make us flood a victim.

interface Bucket {
  tokens: number
  at: number
}

/** Past this many peers, buckets that have refilled are forgotten (they equal a new one). */
const PRUNE_ABOVE = 4096

export class ReplyRateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  /**
   * The next prune waits until the table is twice what the last one left: with more peers
   * than PRUNE_ABOVE active at once (many mobile nodes refreshing), a prune that frees little
   * must not run again at the next take, which would scan every bucket per reply.
   */
  private pruneAbove = PRUNE_ABOVE

  constructor(private limit: { perSecond: number; burst: number }) {}

  configure(limit: { perSecond: number; burst: number }): void {
    this.limit = limit
  }

  /** Takes a token for `peer` at `now`; false when the peer is over its rate. */
  take(peer: string, now: number): boolean {
    const { perSecond, burst } = this.limit
    const b = this.buckets.get(peer) ?? { tokens: burst, at: now }
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) * perSecond) / 1000)
    b.at = now
    if (b.tokens < 1) {
      this.buckets.set(peer, b)
      return false
    }
    b.tokens -= 1
    this.buckets.set(peer, b)
    if (this.buckets.size > this.pruneAbove) {
      this.prune(now)
      this.pruneAbove = Math.max(PRUNE_ABOVE, 2 * this.buckets.size)
    }
    return true
  }

  private prune(now: number): void {
    const { perSecond, burst } = this.limit
    for (const [peer, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * perSecond) / 1000 >= burst) this.buckets.delete(peer)
    }
  }
}
