// The client side of `mip6-router console`: one command and its answer, framed by the
// prompts (protocol.ts), or an interactive session that joins stdin and stdout to the socket
// like telnet or nc.
import { connect, type Socket } from 'node:net'
import type { Readable, Writable } from 'node:stream'
import { formatHostPort } from './address'
import { DEFAULT_CONSOLE_HOST, DEFAULT_CONSOLE_PORT, ERROR_PREFIX, findPromptEnd, PROMPT } from './protocol'

export interface ConsoleClientOptions {
  host?: string
  port?: number
  /** For the whole exchange. Default 30 000. */
  timeoutMs?: number
}

export interface ConsoleAnswer {
  /** The answer with LF line ends, as the command wrote it. */
  text: string
  /** The answer reports a failure (it starts with "error: "). */
  error: boolean
}

/** The router console could not be reached or did not answer; the message says which. */
export class ConsoleClientError extends Error {}

/** Connects, waits for the first prompt, sends `line`, and returns what comes before the next
 *  prompt. */
export function requestConsole(line: string, options: ConsoleClientOptions = {}): Promise<ConsoleAnswer> {
  if (/[\r\n]/.test(line)) return Promise.reject(new ConsoleClientError('a console command is one line'))
  const { host, port, where } = target(options)
  const timeoutMs = options.timeoutMs ?? 30_000
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    socket.setEncoding('utf8')
    let received = ''
    let answerStart = -1
    let settled = false
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outcome()
    }
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          new ConsoleClientError(`the router console on ${where} gave no answer in ${timeoutMs / 1000} s`),
        ),
      )
      socket.destroy()
    }, timeoutMs)
    socket.on('data', (text: string) => {
      received += text
      if (answerStart < 0) {
        answerStart = findPromptEnd(received, 0)
        if (answerStart < 0) return
        socket.write(`${line}\n`)
      }
      const end = findPromptEnd(received, answerStart)
      if (end < 0) return
      const answer = received.slice(answerStart, end - PROMPT.length).replace(/\r\n/g, '\n')
      settle(() => resolve({ text: answer, error: answer.startsWith(ERROR_PREFIX) }))
      socket.end() // the server says bye and closes
    })
    socket.on('error', (e: NodeJS.ErrnoException) => settle(() => reject(connectError(e, where))))
    socket.on('close', () => {
      const said = received.replace(/\r\n/g, '\n').trim()
      const message = `the router console on ${where} closed the connection${said ? `: ${said}` : ''}`
      settle(() => reject(new ConsoleClientError(message)))
    })
  })
}

/** Joins `input` and `output` to the console until either side closes (quit, Ctrl-D). */
export function interactiveConsole(
  input: Readable,
  output: Writable,
  options: ConsoleClientOptions = {},
): Promise<void> {
  const { host, port, where } = target(options)
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port })
    let connected = false
    socket.on('connect', () => {
      connected = true
      socket.pipe(output, { end: false })
      input.pipe(socket) // the end of input (Ctrl-D at a terminal) half-closes: the server says bye
    })
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (!connected) reject(connectError(e, where))
    })
    socket.on('close', () => {
      input.unpipe(socket)
      input.pause()
      resolve()
    })
  })
}

function target(options: ConsoleClientOptions) {
  const host = options.host ?? DEFAULT_CONSOLE_HOST
  const port = options.port ?? DEFAULT_CONSOLE_PORT
  return { host, port, where: formatHostPort(host, port) }
}

function connectError(e: NodeJS.ErrnoException, where: string): ConsoleClientError {
  if (e.code === 'ECONNREFUSED')
    return new ConsoleClientError(
      `no router console on ${where} (is mip6-router run running? is console.port set?)`,
    )
  return new ConsoleClientError(`cannot reach the router console on ${where}: ${e.message}`)
}
