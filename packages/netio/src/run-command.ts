// Runs iproute2 and friends without a shell: arguments are never re-parsed.
import { execFile } from 'node:child_process'

const TIMEOUT_MS = 10_000
const MAX_OUTPUT = 64 * 1024 * 1024

/** Resolves with stdout; rejects naming the command and its stderr. */
export function runCommand(argv: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${argv.join(' ')}: ${stderr.trim() || error.message}`))
        else resolve(stdout)
      },
    )
  })
}

/** `ip` in the current network namespace, or in a named one (`ip -n`) when given. */
export function ipCommand(netns: string | undefined, args: readonly string[]): string[] {
  return netns ? ['ip', '-n', netns, ...args] : ['ip', ...args]
}
