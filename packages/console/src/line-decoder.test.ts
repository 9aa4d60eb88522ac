import { describe, expect, it } from 'vitest'
import { type DecodedInput, LineDecoder } from './line-decoder'

const IAC = 255
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

/** Pushes one byte at a time: every state must survive a chunk boundary. */
function byteByByte(decoder: LineDecoder, input: Uint8Array): DecodedInput[] {
  return [...input].flatMap((b) => decoder.push(Uint8Array.of(b)))
}

describe('LineDecoder', () => {
  it('ends lines at LF, CR LF and telnet CR NUL', () => {
    const d = new LineDecoder(100)
    expect(d.push(bytes('bc\nra\r\nstats\r', [0], 'hal\r'))).toEqual([
      { kind: 'line', text: 'bc' },
      { kind: 'line', text: 'ra' },
      { kind: 'line', text: 'stats' },
      { kind: 'line', text: 'hal' },
    ])
    expect(d.push(bytes('\nx\n'))).toEqual([{ kind: 'line', text: 'x' }])
  })

  it('drops telnet negotiation and subnegotiation, even split byte by byte (RFC 854, RFC 855)', () => {
    const input = bytes(
      [IAC, 253, 1], // DO ECHO
      [IAC, 251, 3], // WILL SUPPRESS-GO-AHEAD
      'b',
      [IAC, 250, 24, 0, ...Buffer.from('xterm'), IAC, IAC, IAC, 240], // SB TERMINAL-TYPE IS xterm (IAC IAC inside) SE
      [IAC, 241], // NOP
      'c\r\n',
    )
    expect(byteByByte(new LineDecoder(100), input)).toEqual([{ kind: 'line', text: 'bc' }])
    expect(new LineDecoder(100).push(input)).toEqual([{ kind: 'line', text: 'bc' }])
  })

  it('erases a character on BS, DEL and IAC EC, and the line on IAC EL and IAC IP', () => {
    const d = new LineDecoder(100)
    expect(d.push(bytes('bcx', [0x08], 'é', [0x7f], '\n'))).toEqual([{ kind: 'line', text: 'bc' }])
    expect(d.push(bytes('rz', [IAC, 247], 'a\n'))).toEqual([{ kind: 'line', text: 'ra' }])
    expect(d.push(bytes('junk', [IAC, 248], 'hal\n'))).toEqual([{ kind: 'line', text: 'hal' }])
    expect(d.push(bytes('junk', [IAC, 244], 'bc\n'))).toEqual([{ kind: 'line', text: 'bc' }])
  })

  it('ends the input at Ctrl-D and IAC EOF, after the line typed so far', () => {
    const d = new LineDecoder(100)
    expect(d.push(bytes('bc\nstats', [0x04], 'ignored\n'))).toEqual([
      { kind: 'line', text: 'bc' },
      { kind: 'line', text: 'stats' },
      { kind: 'end' },
    ])
    expect(d.done).toBe(true)
    expect(d.push(bytes('more\n'))).toEqual([])
    expect(new LineDecoder(100).push(bytes([IAC, 236]))).toEqual([{ kind: 'end' }])
  })

  it('gives the unterminated last line when the transport ends', () => {
    const d = new LineDecoder(100)
    expect(d.push(bytes('bc\nstats'))).toEqual([{ kind: 'line', text: 'bc' }])
    expect(d.end()).toEqual([{ kind: 'line', text: 'stats' }, { kind: 'end' }])
    expect(d.end()).toEqual([])
  })

  it('accepts a line of exactly maxLineBytes and overflows on one byte more', () => {
    expect(new LineDecoder(4).push(bytes('abcd\n'))).toEqual([{ kind: 'line', text: 'abcd' }])
    const d = new LineDecoder(4)
    expect(d.push(bytes('abcde\n'))).toEqual([{ kind: 'overflow', maxLineBytes: 4 }])
    expect(d.done).toBe(true)
  })

  it('reports lines with control characters or invalid UTF-8 without running them', () => {
    const d = new LineDecoder(100)
    expect(d.push(bytes([0x1b], '[A\n', [0xc3, 0x28], '\n', [IAC, IAC], '\n', 'a\tb\n'))).toEqual([
      { kind: 'bad-line', reason: 'control character 0x1b in the line' },
      { kind: 'bad-line', reason: 'not UTF-8 text' },
      { kind: 'bad-line', reason: 'not UTF-8 text' },
      { kind: 'line', text: 'a\tb' },
    ])
  })
})
