// `mip6-router console`: talk to a running router's console (TCP, localhost:7777 by default).
// With a COMMAND: print its answer and exit 0, or 1 when it is an error or no router listens.
// Without: an interactive session, like `telnet localhost 7777`.
import {
  ConsoleClientError,
  DEFAULT_CONSOLE_HOST,
  DEFAULT_CONSOLE_PORT,
  interactiveConsole,
  requestConsole,
} from '@mip6/console'
import { parseFlags, UsageError } from '../cli-args'

export const CONSOLE_USAGE = `Usage: mip6-router console [--host H] [--port N] [COMMAND [ARG ...]]

Talks to the console of a running router (mip6-router run), by default on
${DEFAULT_CONSOLE_HOST}:${DEFAULT_CONSOLE_PORT}. With a COMMAND (e.g. bc, ra, stats, help), prints its answer and
exits 0, or 1 when the answer is an error or no router listens. Without one, an interactive
session (quit or Ctrl-D to leave). The console is read-only unless the router's config sets
console.allowCommands: true.`

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const TAKES_VALUE = new Set(['--host', '--port'])

export async function consoleCommand(args: string[]): Promise<number> {
  // Flags come before the COMMAND; what follows it is the command's own (`help bc`).
  let split = 0
  while (split < args.length && args[split]!.startsWith('-')) {
    if (args[split] === '--') break
    split += TAKES_VALUE.has(args[split]!) ? 2 : 1
  }
  const { values } = parseFlags(args.slice(0, split), FLAGS)
  const command = args.slice(args[split] === '--' ? split + 1 : split)
  if (values.help) {
    console.log(CONSOLE_USAGE)
    return 0
  }
  const host = values.host ?? DEFAULT_CONSOLE_HOST
  const port = values.port === undefined ? DEFAULT_CONSOLE_PORT : parsePort(values.port)
  try {
    if (command.length === 0) {
      await interactiveConsole(process.stdin, process.stdout, { host, port })
      return 0
    }
    const answer = await requestConsole(command.join(' '), { host, port })
    ;(answer.error ? process.stderr : process.stdout).write(answer.text)
    return answer.error ? 1 : 0
  } catch (e) {
    if (!(e instanceof ConsoleClientError)) throw e
    console.error(`mip6-router console: ${e.message}`)
    return 1
  }
}

function parsePort(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new UsageError(`--port: "${text}" is not a port number (1-65535)`)
  return port
}
