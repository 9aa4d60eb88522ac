// RFC 6040: Explicit Congestion Notification across the tunnel. The entry point copies the
// whole Traffic Class, ECN field included (RFC 6040 §4.1's normal mode), so routers on the
// tunnel path can mark congestion; the exit point then carries a mark into the inner header
// (§4.2), or the congestion signal would be lost at decapsulation.
//
// RFC 3168 §5: the ECN field is the two low-order bits of the Traffic Class.

export const Ecn = {
  notEct: 0b00,
  ect1: 0b01,
  ect0: 0b10,
  ce: 0b11,
} as const

const ECN_MASK = 0b11

export function ecnOf(trafficClass: number): number {
  return trafficClass & ECN_MASK
}

export function withEcn(trafficClass: number, ecn: number): number {
  return (trafficClass & ~ECN_MASK) | ecn
}

/**
 * RFC 6040 §4.2, Figure 4: the ECN field the decapsulated packet leaves with, or undefined
 * when it must be dropped (congestion marked on a packet whose transport cannot hear of it).
 */
export function decapsulatedEcn(outer: number, inner: number): number | undefined {
  if (outer === Ecn.ce) return inner === Ecn.notEct ? undefined : Ecn.ce
  if (outer === Ecn.ect1 && inner === Ecn.ect0) return Ecn.ect1
  return inner
}
