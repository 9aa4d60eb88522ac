import { describe, expect, it } from 'vitest'
import { EventQueue } from './event-queue'

describe('EventQueue', () => {
  it('keeps everything up to its limit, in order', () => {
    const q = new EventQueue<number>(3)
    q.push(1)
    q.push(2)
    q.push(3)
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([1, 2, 3, undefined])
    expect(q.takeDropped()).toBe(0)
  })

  it('drops the oldest beyond its limit and counts what it dropped until reported', () => {
    const q = new EventQueue<number>(3)
    for (let i = 1; i <= 8; i++) q.push(i)
    expect(q.length).toBe(3)
    expect(q.droppedUnreported).toBe(5)
    expect(q.takeDropped()).toBe(5)
    expect(q.takeDropped()).toBe(0)
    expect(q.droppedTotal).toBe(5)
    expect([q.shift(), q.shift(), q.shift()]).toEqual([6, 7, 8])
  })

  it('wraps around its ring while items come and go', () => {
    const q = new EventQueue<number>(4)
    const out: number[] = []
    for (let i = 0; i < 100; i++) {
      q.push(i)
      if (i % 3 === 0) out.push(q.shift()!)
    }
    while (q.length) out.push(q.shift()!)
    // Strictly increasing: drop-oldest never reorders.
    expect(out.every((v, i) => i === 0 || v > out[i - 1]!)).toBe(true)
    expect(out.at(-1)).toBe(99)
    expect(out.length + q.droppedTotal).toBe(100)
  })

  it('refuses a limit below 1', () => {
    expect(() => new EventQueue(0)).toThrow(RangeError)
  })
})
