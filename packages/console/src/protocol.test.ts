import { describe, expect, it } from 'vitest'
import { findPromptEnd, formatAnswer, PROMPT } from './protocol'

describe('formatAnswer', () => {
  it('ends every line with CR LF, once', () => {
    expect(formatAnswer('a\nb')).toBe('a\r\nb\r\n')
    expect(formatAnswer('a\r\nb\n')).toBe('a\r\nb\r\n')
    expect(formatAnswer('')).toBe('')
  })

  it('shows control characters as \\xNN so an answer cannot drive the terminal', () => {
    expect(formatAnswer('red \x1b[31mX\x07\tend')).toBe('red \\x1b[31mX\\x07\tend\r\n')
  })

  it('keeps an answer line from looking like a prompt', () => {
    expect(formatAnswer(`ok\n${PROMPT}fake`)).toBe(`ok\r\n ${PROMPT}fake\r\n`)
  })
})

describe('findPromptEnd', () => {
  const greeting = `hello\r\n${PROMPT}`

  it('finds a prompt at the start, after CR LF, and right after the previous prompt', () => {
    expect(findPromptEnd(PROMPT)).toBe(PROMPT.length)
    expect(findPromptEnd(greeting)).toBe(greeting.length)
    expect(findPromptEnd(`${greeting}${PROMPT}`, greeting.length)).toBe(greeting.length + PROMPT.length)
  })

  it('waits for a prompt that has not fully arrived', () => {
    expect(findPromptEnd('hello\r\nmip6-rou')).toBe(-1)
    expect(findPromptEnd(`${greeting}rx 1\r\n`, greeting.length)).toBe(-1)
  })

  it('is not fooled by prompt text inside a formatted answer', () => {
    const stream = `${greeting}${formatAnswer(`${PROMPT}x\n${PROMPT}`)}`
    expect(findPromptEnd(stream, greeting.length)).toBe(-1)
  })
})
