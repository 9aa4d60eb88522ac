// The console's commands: the table the firmware registers, and how one input line becomes
// one answer (built-ins, "did you mean", the read-only rule, a command that throws or hangs).
// Transport-free: every session, TCP or serial, answers through the same CommandRegistry.
import { editDistance } from '@mip6/config'

export interface ConsoleCommand {
  /** One line, for `help`. */
  summary: string
  /** For `help NAME`: the syntax, e.g. `bc [HOME-ADDRESS]`, and more lines if needed. */
  usage: string
  /** Changes the router's state: refused unless the console was created with allowCommands. */
  mutating: boolean
  /** The answer as text; lines end in LF (the console sends CR LF). */
  run(args: string[]): string | Promise<string>
}

export type CommandTable = Readonly<Record<string, ConsoleCommand>>

export interface Reply {
  text: string
  /** The text starts with "error: ". */
  error: boolean
  /** The session ends after this reply (quit, exit). */
  close: boolean
  /** What a command threw, for the log. */
  failure?: unknown
}

export interface DispatchOptions {
  allowCommands: boolean
  /** A command that has not answered by then gets an error reply (it keeps running). */
  commandTimeoutMs: number
}

const BUILTINS: Readonly<Record<string, { summary: string; usage: string }>> = {
  help: { summary: 'list the commands; help COMMAND shows its usage', usage: 'help [COMMAND]' },
  quit: { summary: 'close this session (also exit, Ctrl-D)', usage: 'quit' },
  exit: { summary: 'close this session (also quit, Ctrl-D)', usage: 'exit' },
}

const NAME = /^[a-z][a-z0-9-]*$/

export const READ_ONLY_REFUSAL = 'read-only console: set console.allowCommands: true'

export class CommandRegistry {
  private readonly table = new Map<string, ConsoleCommand>()

  constructor(commands: CommandTable = {}) {
    for (const [name, command] of Object.entries(commands)) this.register(name, command)
  }

  /** Adds a command; a bad or taken name is a programming error and throws. */
  register(name: string, command: ConsoleCommand): void {
    if (!NAME.test(name)) throw new Error(`console command name "${name}": use lower-case letters, digits, -`)
    if (name in BUILTINS) throw new Error(`console command "${name}" is built in`)
    if (this.table.has(name)) throw new Error(`console command "${name}" is registered twice`)
    this.table.set(name, command)
  }

  get(name: string): ConsoleCommand | undefined {
    return this.table.get(name)
  }

  names(): string[] {
    return [...this.table.keys()].sort()
  }

  /** The answer to one input line. Never rejects. */
  async dispatch(line: string, options: DispatchOptions): Promise<Reply> {
    const [word, ...args] = line.trim().split(/\s+/)
    if (word === undefined || word === '') return { text: '', error: false, close: false }
    const name = word.toLowerCase()
    if (name === 'quit' || name === 'exit') return { text: 'bye', error: false, close: true }
    if (name === 'help') return this.help(args, options)
    const command = this.table.get(name)
    if (command === undefined) return this.unknown(word)
    if (command.mutating && !options.allowCommands) return fail(`${name}: ${READ_ONLY_REFUSAL}`)
    return runCommand(name, command, args, options.commandTimeoutMs)
  }

  private help(args: string[], options: DispatchOptions): Reply {
    if (args.length > 1) return fail('help takes one command name at most: help [COMMAND]')
    const [topic] = args
    if (topic !== undefined) return this.helpOn(topic.toLowerCase(), options)
    const rows: Array<[string, string]> = [
      ...this.names().map((n): [string, string] => {
        const c = this.table.get(n)!
        return [c.mutating ? `${n} *` : n, c.summary]
      }),
      ...Object.entries(BUILTINS).map(([n, b]): [string, string] => [n, b.summary]),
    ]
    const width = Math.max(...rows.map(([n]) => n.length))
    const lines = rows.map(([n, s]) => `  ${n.padEnd(width)}  ${s}`)
    const mutating = this.names().some((n) => this.table.get(n)!.mutating)
    const note = options.allowCommands
      ? "* changes the router's state"
      : `* changes the router's state; refused here (${READ_ONLY_REFUSAL})`
    return ok(['commands:', ...lines, ...(mutating ? [note] : [])].join('\n'))
  }

  private helpOn(name: string, options: DispatchOptions): Reply {
    const builtin = BUILTINS[name]
    if (builtin) return ok(`${name}: ${builtin.summary}\nusage: ${builtin.usage}`)
    const command = this.table.get(name)
    if (command === undefined) return this.unknown(name)
    const lines = [`${name}: ${command.summary}`, `usage: ${command.usage}`]
    if (command.mutating)
      lines.push(
        options.allowCommands
          ? "changes the router's state"
          : `changes the router's state; refused here (${READ_ONLY_REFUSAL})`,
      )
    return ok(lines.join('\n'))
  }

  private unknown(word: string): Reply {
    const guess = suggest(word.toLowerCase(), [...this.names(), ...Object.keys(BUILTINS)])
    const hint = guess === undefined ? '' : `; did you mean "${guess}"?`
    return fail(`unknown command "${word}"${hint} (help lists the commands)`)
  }
}

async function runCommand(
  name: string,
  command: ConsoleCommand,
  args: string[],
  timeoutMs: number,
): Promise<Reply> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<Reply>((resolve) => {
    timer = setTimeout(() => resolve(fail(`${name}: no answer within ${timeoutMs / 1000} s`)), timeoutMs)
  })
  const answered = (async () => ok(String((await command.run(args)) ?? '')))().catch(
    (e: unknown): Reply => ({ ...fail(`${name} failed: ${describe(e)}`), failure: e }),
  )
  try {
    return await Promise.race([answered, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message || e.name
  return String(e)
}

function ok(text: string): Reply {
  return { text, error: false, close: false }
}

function fail(message: string): Reply {
  return { text: `error: ${message}`, error: true, close: false }
}

/** The command the user most likely meant: the only one that `word` starts, else the closest
 *  by edit distance if fewer than half its letters (at least 1, at most 2) differ. */
export function suggest(word: string, names: readonly string[]): string | undefined {
  const prefixed = names.filter((n) => n.startsWith(word))
  if (prefixed.length === 1) return prefixed[0]
  let best: string | undefined
  let bestDistance = Math.min(2, Math.max(1, Math.floor(word.length / 2))) + 1
  for (const n of names) {
    const d = editDistance(word, n)
    if (d < bestDistance) {
      best = n
      bestDistance = d
    }
  }
  return best
}
