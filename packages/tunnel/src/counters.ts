// The tunnel's statistics, for telemetry and the console's `stats`. Every packet handed in ends
// in exactly one of `encapsulated`, `decapsulated`, a drop, or (an outer fragment) being held
// for reassembly; the other counters say more about some of those.
import type { Drop, DropReason } from './actions'

export interface TunnelCounters {
  /** Original packets sent into a tunnel, whole or in fragments. */
  encapsulated: number
  /** Of those, the ones sent as outer fragments (RFC 2473 §7.1 (b)). */
  fragmented: number
  /** Inner packets forwarded out of a tunnel. */
  decapsulated: number
  /** Tunnel packets rebuilt from outer fragments. */
  reassembled: number
  packetTooBigSent: number
  timeExceededSent: number
  /** ICMPv6 errors the token bucket held back. */
  icmpErrorsRateLimited: number
  drops: Partial<Record<DropReason, number>>
}

export function newCounters(): TunnelCounters {
  return {
    encapsulated: 0,
    fragmented: 0,
    decapsulated: 0,
    reassembled: 0,
    packetTooBigSent: 0,
    timeExceededSent: 0,
    icmpErrorsRateLimited: 0,
    drops: {},
  }
}

/** Counts the drop and returns its action, so a handler can end with `return [drop(...)]`. */
export function drop(counters: TunnelCounters, reason: DropReason): Drop {
  counters.drops[reason] = (counters.drops[reason] ?? 0) + 1
  return { kind: 'drop', reason }
}
