// Length-prefixed records on the pipes between LinkSocket and capture-helper.mjs: a 4-byte
// big-endian body length, then the body. The helper keeps its own copy of this framing
// (it is plain JavaScript); the record kinds are listed at the top of capture-helper.mjs.
export const RECORD_LENGTH_BYTES = 4

export const RecordKind = {
  ready: 1,
  frame: 2,
  error: 3,
  fatal: 4,
} as const

/** One record for the helper's stdin: a frame to inject. The copy frees the caller's buffer. */
export function frameRecord(frame: Uint8Array): Buffer {
  const rec = Buffer.allocUnsafe(RECORD_LENGTH_BYTES + frame.length)
  rec.writeUInt32BE(frame.length, 0)
  rec.set(frame, RECORD_LENGTH_BYTES)
  return rec
}

/** Reassembles record bodies from pipe chunks, which split and join records arbitrarily. */
export class RecordReader {
  #pending: Buffer = Buffer.alloc(0)

  constructor(private readonly onRecord: (body: Buffer) => void) {}

  push(chunk: Buffer): void {
    const buf = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk])
    let at = 0
    while (buf.length - at >= RECORD_LENGTH_BYTES) {
      const length = buf.readUInt32BE(at)
      if (buf.length - at - RECORD_LENGTH_BYTES < length) break
      this.onRecord(buf.subarray(at + RECORD_LENGTH_BYTES, at + RECORD_LENGTH_BYTES + length))
      at += RECORD_LENGTH_BYTES + length
    }
    // Keep only the unfinished tail, copied so a large chunk is not held for a few bytes.
    this.#pending = at === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at))
  }
}
