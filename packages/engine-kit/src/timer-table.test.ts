import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TimerTable } from './timer-table'

/** The table as it was specified first: a Map scanned on every call, ties in insertion order. */
class ScanningTable {
  private readonly deadlines = new Map<string, number>()

  set(id: string, at: number): void {
    this.deadlines.set(id, at)
  }

  setEarlier(id: string, at: number): void {
    const current = this.deadlines.get(id)
    if (current === undefined || at < current) this.deadlines.set(id, at)
  }

  get(id: string): number | undefined {
    return this.deadlines.get(id)
  }

  clear(id: string): void {
    this.deadlines.delete(id)
  }

  next(): number | undefined {
    let min: number | undefined
    for (const at of this.deadlines.values()) if (min === undefined || at < min) min = at
    return min
  }

  expired(now: number): string[] {
    const due = [...this.deadlines].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1])
    for (const [id] of due) this.deadlines.delete(id)
    return due.map(([id]) => id)
  }
}

const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')
const at = fc.integer({ min: 0, max: 50 })
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id, at }),
  fc.record({ kind: fc.constant('setEarlier' as const), id, at }),
  fc.record({ kind: fc.constant('clear' as const), id }),
  fc.record({ kind: fc.constant('expired' as const), now: at }),
  fc.record({ kind: fc.constant('next' as const) }),
)

describe('TimerTable', () => {
  it('answers as a scan of every deadline would, ties in the order ids entered the table', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = new TimerTable<string>()
        const model = new ScanningTable()
        for (const o of ops) {
          if (o.kind === 'set' || o.kind === 'setEarlier') {
            table[o.kind](o.id, o.at)
            model[o.kind](o.id, o.at)
          } else if (o.kind === 'clear') {
            table.clear(o.id)
            model.clear(o.id)
          } else if (o.kind === 'expired') {
            expect(table.expired(o.now)).toEqual(model.expired(o.now))
          }
          expect(table.next()).toBe(model.next())
          for (const i of ['a', 'e', 'h']) expect(table.get(i)).toBe(model.get(i))
        }
      }),
    )
  })

  it('keeps its heap near the number of live timers when the same ones are re-set over and over', () => {
    const table = new TimerTable<string>()
    for (let round = 0; round < 1_000; round++)
      for (let i = 0; i < 100; i++) table.set(`expire:${i}`, 1_000_000 + round * 100 + i)
    expect(table.next()).toBe(1_000_000 + 999 * 100)
    expect((table as unknown as { heap: unknown[] }).heap.length).toBeLessThanOrEqual(2 * 100 + 64 + 1)
    expect(table.expired(Number.POSITIVE_INFINITY)).toHaveLength(100)
    expect(table.next()).toBeUndefined()
  })
})
