// What the console needs of a logger: the shape of the firmware's runtime/logger.ts, so the
// firmware passes its own and this package imports nothing from it.

export type ConsoleLogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface ConsoleLogger {
  log(level: ConsoleLogLevel, subsystem: string, message: string, fields?: Record<string, unknown>): void
}
