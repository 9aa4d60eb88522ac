// What telemetry needs of a logger: the shape of the firmware's runtime/logger.ts (and of the
// console's), so the firmware passes its own and this package imports nothing from it.

export type TelemetryLogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface TelemetryLogger {
  log(level: TelemetryLogLevel, subsystem: string, message: string, fields?: Record<string, unknown>): void
}
