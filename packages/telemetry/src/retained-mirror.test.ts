import { describe, expect, it } from 'vitest'
import { RetainedMirror } from './retained-mirror'

describe('RetainedMirror', () => {
  it('publishes only the latest value of a topic that changed several times', () => {
    const m = new RetainedMirror()
    m.set('a', '1')
    m.set('a', '2')
    m.set('b', 'x')
    m.set('a', '3')
    expect(m.takeDirty().map((d) => [d.topic, d.payload])).toEqual([
      ['a', '3'],
      ['b', 'x'],
    ])
    expect(m.takeDirty()).toEqual([])
  })

  it('does not mark a topic dirty for the same payload', () => {
    const m = new RetainedMirror()
    m.set('a', '1')
    m.takeDirty()
    m.set('a', '1')
    expect(m.dirtyCount).toBe(0)
  })

  it('keeps a tombstone until the broker acknowledged that very version', () => {
    const m = new RetainedMirror()
    m.set('a', '1')
    m.takeDirty()
    m.remove('a')
    const [tomb] = m.takeDirty()
    expect(tomb).toMatchObject({ topic: 'a', payload: '' })
    expect(m.has('a')).toBe(false)
    m.markAllDirty()
    expect(m.takeDirty().map((d) => d.topic)).toEqual(['a'])
    m.acknowledged('a', tomb!.version)
    m.markAllDirty()
    expect(m.takeDirty()).toEqual([])
    expect(m.size).toBe(0)
  })

  it('a value set after a removal outlives the removal acknowledgement', () => {
    const m = new RetainedMirror()
    m.remove('a')
    const [tomb] = m.takeDirty()
    m.set('a', 'back')
    m.acknowledged('a', tomb!.version)
    expect(m.get('a')).toBe('back')
  })

  it('on reconnect, every value and every unacknowledged tombstone goes out again', () => {
    const m = new RetainedMirror()
    m.set('x/1', 'a')
    m.set('x/2', 'b')
    m.takeDirty()
    m.remove('x/1')
    m.markAllDirty()
    expect(m.takeDirty().map((d) => [d.topic, d.payload])).toEqual([
      ['x/1', ''],
      ['x/2', 'b'],
    ])
    expect(m.live('x/')).toEqual(['x/2'])
  })

  it('hands out at most max topics at a time and keeps the rest dirty', () => {
    const m = new RetainedMirror()
    for (let i = 0; i < 5; i++) m.set(`t/${i}`, String(i))
    expect(m.takeDirty(2).map((d) => d.topic)).toEqual(['t/0', 't/1'])
    expect(m.dirtyCount).toBe(3)
    m.set('t/0', 'again')
    expect(m.takeDirty().map((d) => d.topic)).toEqual(['t/2', 't/3', 't/4', 't/0'])
  })
})
