// The shape every codec in this package has (smoltcp's Repr, dns-packet's encode/decode).
import { ByteView } from './byte-view'
import type { ParseError } from './parse-error'
import type { Result } from './result'

export interface Codec<T> {
  /** Total: never throws on any bytes. Values may be views into `bytes` (zero-copy). */
  parse(bytes: Uint8Array): Result<T, ParseError>
  /** Writes every byte of `length(value)` at `offset`, reserved bytes included; returns the count. */
  emit(value: T, buf: Uint8Array, offset?: number): number
  length(value: T): number
}

/** Emits into a fresh buffer of exactly the right size. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  const buf = new Uint8Array(codec.length(value))
  codec.emit(value, buf, 0)
  return buf
}

/** A programmer error: emit was handed a buffer that cannot hold the value. */
export function assertRoom(buf: Uint8Array, offset: number, needed: number, what: string): void {
  if (offset < 0 || offset + needed > buf.length) {
    throw new RangeError(`${what}: needs ${needed} bytes at offset ${offset}, buffer has ${buf.length}`)
  }
}

export function viewOf(bytes: Uint8Array): ByteView {
  return new ByteView(bytes)
}
