import { describe, expect, it } from 'vitest'
import { frameRecord, RecordReader } from './records'

describe('records', () => {
  const bodies = [Uint8Array.of(1, 2, 3), new Uint8Array(0), new Uint8Array(1500).fill(0xaa)]
  const stream = Buffer.concat(bodies.map(frameRecord))

  it('frames a body with its 4-byte big-endian length', () => {
    expect([...frameRecord(Uint8Array.of(9, 8))]).toEqual([0, 0, 0, 2, 9, 8])
  })

  it('reassembles records from chunks split at every possible point', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const got: number[][] = []
      const reader = new RecordReader((body) => got.push([...body]))
      reader.push(stream.subarray(0, cut))
      reader.push(stream.subarray(cut))
      expect(got).toEqual(bodies.map((b) => [...b]))
    }
  })

  it('reassembles records delivered one byte at a time', () => {
    const got: number[] = []
    const reader = new RecordReader((body) => got.push(body.length))
    for (let i = 0; i < stream.length; i++) reader.push(stream.subarray(i, i + 1))
    expect(got).toEqual([3, 0, 1500])
  })
})
