// The one round-trip battery every codec goes through (STYLE.md §7).
import { expect } from 'vitest'
import type { Codec } from '../codec'

const FILL = 0xaa
const OFFSET = 7

/** Parse `hex` written one field per line with `// comments`, as golden bytes are kept. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\/\/.*$/gm, '').replace(/[^0-9a-fA-F]/g, '')
  if (digits.length % 2 !== 0) throw new Error(`odd number of hex digits in golden bytes: ${digits.length}`)
  return Uint8Array.from(digits.match(/../g) ?? [], (b) => Number.parseInt(b, 16))
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

/**
 * Emits `value` into a buffer pre-filled with 0xAA and compares with `golden` (when given),
 * checks `length()`, parses back, emits at an offset, re-emits byte-identical, and parses
 * every truncation without throwing.
 */
export function roundTrip<T>(codec: Codec<T>, value: T, golden?: Uint8Array): Uint8Array {
  const length = codec.length(value)
  const buf = new Uint8Array(length).fill(FILL)
  expect(codec.emit(value, buf, 0)).toBe(length)
  if (golden !== undefined) expect(toHex(buf)).toBe(toHex(golden))

  const parsed = codec.parse(buf)
  if (!parsed.ok) throw new Error(`parse of emitted bytes failed: ${JSON.stringify(parsed.error)}`)
  expect(parsed.value).toEqual(value)

  const shifted = new Uint8Array(length + OFFSET * 2).fill(FILL)
  expect(codec.emit(value, shifted, OFFSET)).toBe(length)
  expect(toHex(shifted.subarray(OFFSET, OFFSET + length))).toBe(toHex(buf))
  expect(shifted.subarray(0, OFFSET).every((b) => b === FILL)).toBe(true)
  expect(shifted.subarray(OFFSET + length).every((b) => b === FILL)).toBe(true)

  const again = new Uint8Array(length)
  codec.emit(parsed.value, again, 0)
  expect(toHex(again)).toBe(toHex(buf))

  for (let cut = 0; cut < length; cut++) {
    const r = codec.parse(buf.slice(0, cut))
    if (r.ok) expect(r.value).not.toEqual(value)
  }
  return buf
}

/** Parses golden bytes and checks that emitting the result gives them back exactly. */
export function parsesExactly<T>(codec: Codec<T>, golden: Uint8Array): T {
  const r = codec.parse(golden)
  if (!r.ok) throw new Error(`parse of golden bytes failed: ${JSON.stringify(r.error)}`)
  const out = new Uint8Array(codec.length(r.value)).fill(FILL)
  codec.emit(r.value, out, 0)
  expect(toHex(out)).toBe(toHex(golden))
  return r.value
}
