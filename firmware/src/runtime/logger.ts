// Structured logs: one JSON object per line when stderr is not a terminal (journald, files,
// pipes), a compact readable line when it is.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  log(level: LogLevel, subsystem: string, message: string, fields?: Record<string, unknown>): void
}

export interface LoggerOptions {
  level: LogLevel
  json: boolean
  write?: (line: string) => void
  now?: () => Date
}

export function isLogLevel(text: string): text is LogLevel {
  return text in RANK
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const now = options.now ?? (() => new Date())
  return {
    log(level, subsystem, message, fields = {}) {
      if (RANK[level] < RANK[options.level]) return
      const ts = now().toISOString()
      if (options.json) {
        write(JSON.stringify({ ts, level, subsystem, msg: message, ...fields }))
        return
      }
      const extra = Object.entries(fields)
        .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('')
      write(`${ts} ${level.toUpperCase().padEnd(5)} ${subsystem}: ${message}${extra}`)
    },
  }
}
