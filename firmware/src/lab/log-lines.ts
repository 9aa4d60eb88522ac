// The router's and the mobile node's logs as the lab reads them: one JSON object per line on
// stderr (what `run` and `mn` write when stderr is not a terminal).
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface LogLine {
  ts: string
  level: string
  subsystem: string
  msg: string
  [field: string]: unknown
}

/** Calls `each` with every JSON log line the child writes on stderr; other lines go to `other`. */
export function followLog(
  child: ChildProcess,
  each: (l: LogLine) => void,
  other: (line: string) => void,
): void {
  if (!child.stderr) return
  createInterface({ input: child.stderr }).on('line', (line) => {
    const parsed = parseLogLine(line)
    if (parsed) each(parsed)
    else if (line.trim() !== '') other(line)
  })
}

export function parseLogLine(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined
  try {
    const value = JSON.parse(line) as Partial<LogLine>
    return typeof value.msg === 'string' && typeof value.ts === 'string' ? (value as LogLine) : undefined
  } catch {
    return undefined
  }
}

/** Calls `each` with every line the child writes on stdout. */
export function followStdout(child: ChildProcess, each: (line: string) => void): void {
  if (child.stdout) createInterface({ input: child.stdout }).on('line', each)
}
