// A CommandRunner that records every command line and answers from rules, for unit tests of
// code that drives ip, nft or modprobe. A rule may fail a command (the tool's own message),
// as the real runTool does with its stderr.
import type { CommandRunner } from '../command'

export interface FakeRule {
  /** Matched against the command line joined with spaces. */
  match: RegExp
  /** Standard output of the command; default empty. */
  stdout?: string
  /** The command fails with this message instead. */
  fail?: string
  /** Applies to this many calls, then the rule is spent; default every call. */
  times?: number
}

export interface FakeRunner {
  run: CommandRunner
  /** Every command line, in order. */
  calls: string[]
  /** Rules added later are tried first. */
  on(rule: FakeRule): void
  /** Forgets the calls recorded so far. */
  clear(): void
}

export function fakeRunner(rules: FakeRule[] = []): FakeRunner {
  const table = [...rules]
  const calls: string[] = []
  return {
    calls,
    on: (rule) => table.unshift(rule),
    clear: () => {
      calls.length = 0
    },
    run: async (argv) => {
      const line = argv.join(' ')
      calls.push(line)
      const rule = table.find((r) => r.match.test(line) && (r.times === undefined || r.times > 0))
      if (!rule) return ''
      if (rule.times !== undefined) rule.times--
      if (rule.fail !== undefined) throw new Error(`${line}: ${rule.fail}`)
      return rule.stdout ?? ''
    },
  }
}
