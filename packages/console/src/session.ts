// One console session over any Duplex stream (a TCP socket, a serial port, a test's pair):
// decodes lines, answers them one at a time in order, keeps the prompt framing of
// protocol.ts, and ends the session on quit, Ctrl-D, end of input, idle timeout, an
// over-long line or too much unreadable input. Nothing a client sends can throw out of here.
import type { Duplex } from 'node:stream'
import type { CommandRegistry } from './command-table'
import { type DecodedInput, LineDecoder } from './line-decoder'
import type { ConsoleLogger, ConsoleLogLevel } from './logger'
import { CRLF, formatAnswer, PROMPT } from './protocol'

export interface SessionOptions {
  registry: CommandRegistry
  allowCommands: boolean
  commandTimeoutMs: number
  maxLineBytes: number
  /** 0: never. */
  idleTimeoutMs: number
  /** Lines in a row that are not text before the session is closed. */
  maxBadLines: number
  greeting: string
  /** For the log: `tcp 127.0.0.1:50312`, `serial /dev/ttyS0`. */
  peer: string
  logger?: ConsoleLogger
}

/** How long a closing session waits for the peer to close before dropping the stream. */
const CLOSE_GRACE_MS = 1000

export class ConsoleSession {
  readonly peer: string
  /** Resolves when the stream is closed (or destroyed). */
  readonly closed: Promise<void>
  private readonly stream: Duplex
  private readonly options: SessionOptions
  private readonly decoder: LineDecoder
  private readonly pending: DecodedInput[] = []
  private busy = false
  private closing = false
  private badLines = 0
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private graceTimer: ReturnType<typeof setTimeout> | undefined
  private markClosed!: () => void

  constructor(stream: Duplex, options: SessionOptions) {
    this.stream = stream
    this.options = options
    this.peer = options.peer
    this.decoder = new LineDecoder(options.maxLineBytes)
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve
    })
    stream.on('data', (chunk: Buffer | string) => this.onData(chunk))
    stream.on('end', () => this.enqueue(this.decoder.end()))
    stream.on('error', (e) => this.log('debug', 'stream error', { error: e.message }))
    stream.on('close', () => this.onClosed())
    void this.send(`${formatAnswer(options.greeting)}${PROMPT}`)
    this.armIdle()
  }

  /** Interrupts the session with a last line of its own (no prompt). With `drop`, the stream
   *  is destroyed once that line is written instead of waiting for the peer to close. */
  close(message: string, drop = false): void {
    this.finish(message, CRLF)
    if (drop) this.stream.end(() => this.stream.destroy())
  }

  /** Ends the session: `message` as the last line, no prompt, then the end of the stream. */
  private finish(message: string, before = ''): void {
    if (this.closing) return
    this.closing = true
    this.pending.length = 0
    clearTimeout(this.idleTimer)
    // Keep reading and dropping what the client still sends, so that it reads the message
    // and our FIN rather than a reset; drop the stream if it does not close in time.
    this.stream.resume()
    if (this.stream.writable) this.stream.end(`${before}${formatAnswer(message)}`)
    this.graceTimer = setTimeout(() => this.stream.destroy(), CLOSE_GRACE_MS)
    this.graceTimer.unref?.()
  }

  private onData(chunk: Buffer | string): void {
    if (this.closing) return
    this.armIdle()
    this.enqueue(this.decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
  }

  private enqueue(inputs: DecodedInput[]): void {
    if (this.closing || inputs.length === 0) return
    this.pending.push(...inputs)
    void this.drain()
  }

  /** Answers pending inputs one at a time; input is paused meanwhile (backpressure). */
  private async drain(): Promise<void> {
    if (this.busy) return
    this.busy = true
    this.stream.pause()
    try {
      for (let input = this.pending.shift(); input && !this.closing; input = this.pending.shift()) {
        await this.handle(input)
      }
    } catch (e) {
      this.log('error', 'session failed', { error: e instanceof Error ? e.message : String(e) })
      this.finish('error: console session failed; closing')
    } finally {
      this.busy = false
      if (!this.stream.destroyed) this.stream.resume()
    }
  }

  private async handle(input: DecodedInput): Promise<void> {
    switch (input.kind) {
      case 'line': {
        this.badLines = 0
        const reply = await this.options.registry.dispatch(input.text, this.options)
        if (reply.failure !== undefined) {
          const failure = reply.failure
          this.log('error', `command failed: ${input.text}`, {
            error: failure instanceof Error ? (failure.stack ?? failure.message) : String(failure),
          })
        } else if (this.isMutating(input.text)) {
          this.log('info', `ran: ${input.text}`, { refused: reply.error })
        }
        if (this.closing) return
        if (reply.close) {
          this.finish(reply.text)
          return
        }
        await this.send(`${formatAnswer(reply.text)}${PROMPT}`)
        this.armIdle()
        return
      }
      case 'bad-line':
        if (++this.badLines >= this.options.maxBadLines) {
          this.finish('error: too much input that is not text; closing')
          return
        }
        await this.send(`${formatAnswer(`error: line ignored: ${input.reason}`)}${PROMPT}`)
        return
      case 'end':
        this.finish('bye')
        return
      case 'overflow':
        this.log('warn', `line longer than ${input.maxLineBytes} bytes; session closed`)
        this.close(`error: line longer than ${input.maxLineBytes} bytes; closing`)
        return
    }
  }

  private isMutating(line: string): boolean {
    const name = line.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
    return this.options.registry.get(name)?.mutating === true
  }

  /** Writes, and waits while the peer does not read (its own session stalls, no other). */
  private async send(text: string): Promise<void> {
    if (this.closing || !this.stream.writable) return
    if (this.stream.write(text)) return
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done)
        this.stream.off('close', done)
        resolve()
      }
      this.stream.on('drain', done)
      this.stream.on('close', done)
    })
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer)
    const ms = this.options.idleTimeoutMs
    if (ms <= 0 || this.closing) return
    this.idleTimer = setTimeout(() => {
      this.log('info', `idle for ${ms / 1000} s; session closed`)
      this.close(`error: idle for ${ms / 1000} s; closing`)
    }, ms)
    this.idleTimer.unref?.()
  }

  private onClosed(): void {
    this.closing = true
    clearTimeout(this.idleTimer)
    clearTimeout(this.graceTimer)
    this.pending.length = 0
    this.markClosed()
  }

  private log(level: ConsoleLogLevel, message: string, fields: Record<string, unknown> = {}): void {
    this.options.logger?.log(level, 'console', message, { peer: this.peer, ...fields })
  }
}
