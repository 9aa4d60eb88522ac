export { formatHostPort, isLoopback } from './address'
export {
  type ConsoleAnswer,
  ConsoleClientError,
  type ConsoleClientOptions,
  interactiveConsole,
  requestConsole,
} from './client'
export {
  CommandRegistry,
  type CommandTable,
  type ConsoleCommand,
  READ_ONLY_REFUSAL,
  type Reply,
} from './command-table'
export {
  type AttachOptions,
  type ConsoleAddress,
  ConsoleServer,
  type ConsoleServerOptions,
} from './console-server'
export type { ConsoleLogger, ConsoleLogLevel } from './logger'
export {
  DEFAULT_CONSOLE_HOST,
  DEFAULT_CONSOLE_PORT,
  ERROR_PREFIX,
  findPromptEnd,
  formatAnswer,
  PROMPT,
} from './protocol'
export type { ConsoleSession } from './session'
