// RFC 4191 §2.1: the 2-bit preference of default routers (RA Prf) and of more-specific routes
// (Route Information Prf). 10 is reserved: a receiver treats it as medium (RFC 4191 §2.2), but
// the codec keeps it so the bytes come back as they were.

export type RouterPreference = 'high' | 'medium' | 'low' | 'reserved'

const byBits: readonly RouterPreference[] = ['medium', 'high', 'reserved', 'low']

/** The two bits as a number 0-3, shifted down. */
export function preferenceFromBits(bits: number): RouterPreference {
  return byBits[bits & 0b11]!
}

export function preferenceToBits(p: RouterPreference): number {
  return byBits.indexOf(p)
}
