// A bare console client for tests: raw bytes out, text in, and waits on what has arrived.
import { connect, type Socket } from 'node:net'
import type { Readable } from 'node:stream'
import { CRLF, findPromptEnd, PROMPT } from '../protocol'

export class TestClient {
  received = ''
  readonly closed: Promise<void>
  private waiters: Array<() => void> = []
  private ended = false

  constructor(
    readonly input: Readable,
    private readonly write: (bytes: string | Uint8Array) => void,
    private readonly endInput: () => void,
  ) {
    input.setEncoding('utf8')
    input.on('data', (text: string) => {
      this.received += text
      this.wake()
    })
    this.closed = new Promise((resolve) => {
      const done = () => {
        this.ended = true
        this.wake()
        resolve()
      }
      input.on('end', done)
      input.on('close', done)
      input.on('error', () => {})
    })
  }

  static async tcp(port: number, host = '127.0.0.1'): Promise<TestClient & { socket: Socket }> {
    const socket = connect({ host, port })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    const client = new TestClient(
      socket,
      (b) => socket.write(b),
      () => socket.end(),
    )
    return Object.assign(client, { socket })
  }

  send(bytes: string | Uint8Array): void {
    this.write(bytes)
  }

  end(): void {
    this.endInput()
  }

  /** Resolves when `received` matches, rejects when the stream ends first or after 3 s. */
  async waitFor(match: (text: string) => boolean, what = 'the expected text'): Promise<string> {
    const deadline = Date.now() + 3000
    while (!match(this.received)) {
      if (this.ended)
        throw new Error(`stream ended before ${what}; received ${JSON.stringify(this.received)}`)
      if (Date.now() > deadline)
        throw new Error(`no ${what} in 3 s; received ${JSON.stringify(this.received)}`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    return this.received
  }

  /** Waits for the n-th prompt (1 is the one after the greeting). */
  waitForPrompts(n: number): Promise<string> {
    return this.waitFor((t) => countPrompts(t) >= n, `prompt ${n}`)
  }

  /** Sends a line and returns its answer (LF line ends), the text before the next prompt. */
  async ask(line: string): Promise<string> {
    const before = countPrompts(this.received)
    if (before === 0) await this.waitForPrompts(1)
    const start = this.received.length
    this.send(`${line}\r\n`)
    await this.waitForPrompts(Math.max(before, 1) + 1)
    return this.received.slice(start, this.received.length - PROMPT.length).replaceAll(CRLF, '\n')
  }

  /** Everything received once the server closed the stream. */
  async untilClosed(): Promise<string> {
    await this.closed
    return this.received
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }
}

/** Prompts by the framing rule of protocol.ts, not by a text search. */
function countPrompts(text: string): number {
  let n = 0
  for (let at = findPromptEnd(text, 0); at >= 0; at = findPromptEnd(text, at)) n++
  return n
}
