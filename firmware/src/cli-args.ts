// Command-line flags shared by the subcommands, parsed strictly: an unknown flag is an error
// that names it, never silently ignored.
import { type ParseArgsConfig, parseArgs } from 'node:util'

export const CONFIG_FLAGS = {
  config: { type: 'string' },
  'radvd-conf': { type: 'string' },
  'mip6d-conf': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options']

export class UsageError extends Error {}

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}
