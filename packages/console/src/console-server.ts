// The console server: one command table, served on TCP (as mip6d's port 7777, loopback by
// default) and on any other Duplex stream attached to it (the board's serial console).
// Protocol: protocol.ts. Read-only unless created with allowCommands.
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { formatHostPort, isLoopback } from './address'
import { CommandRegistry, type CommandTable, type ConsoleCommand } from './command-table'
import type { ConsoleLogger } from './logger'
import { DEFAULT_CONSOLE_HOST, DEFAULT_CONSOLE_PORT, formatAnswer } from './protocol'
import { ConsoleSession } from './session'

export interface ConsoleServerOptions {
  /** The commands, by name; more can be added with register(). */
  commands: CommandTable
  /** Default 127.0.0.1. Any address that is not loopback is logged as a warning. */
  host?: string
  /** Default 7777; 0 picks a free port (see address()). */
  port?: number
  /** Run mutating commands; default false (read-only console). */
  allowCommands?: boolean
  /** TCP clients at once; one more is told so and closed. Default 8. */
  maxClients?: number
  /** A session with no input for this long is closed; 0 never. Default 600 000 (10 min). */
  idleTimeoutMs?: number
  /** Longest input line in bytes; a longer one closes the session. Default 4096. */
  maxLineBytes?: number
  /** A command that has not answered by then gets an error line. Default 10 000. */
  commandTimeoutMs?: number
  /** Lines in a row that are not text before the session is closed. Default 3. */
  maxBadLines?: number
  /** The first line of every session. */
  greeting?: string
  logger?: ConsoleLogger
}

export interface AttachOptions {
  /** For the log, e.g. `serial /dev/ttyS0`. */
  peer?: string
  /** Default 0 (never): a serial line stays open. */
  idleTimeoutMs?: number
}

export interface ConsoleAddress {
  host: string
  port: number
}

export class ConsoleServer {
  readonly registry: CommandRegistry
  private readonly options: Required<Omit<ConsoleServerOptions, 'commands' | 'logger'>>
  private readonly logger: ConsoleLogger | undefined
  private readonly sessions = new Set<ConsoleSession>()
  private tcpSessions = 0
  private server: Server | undefined
  private bound: ConsoleAddress | undefined

  constructor(options: ConsoleServerOptions) {
    this.registry = new CommandRegistry(options.commands)
    this.logger = options.logger
    const allowCommands = options.allowCommands ?? false
    this.options = {
      host: options.host ?? DEFAULT_CONSOLE_HOST,
      port: options.port ?? DEFAULT_CONSOLE_PORT,
      allowCommands,
      maxClients: options.maxClients ?? 8,
      idleTimeoutMs: options.idleTimeoutMs ?? 600_000,
      maxLineBytes: options.maxLineBytes ?? 4096,
      commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
      maxBadLines: options.maxBadLines ?? 3,
      greeting:
        options.greeting ??
        `mip6-router console${allowCommands ? '' : ' (read-only)'}: help lists the commands, quit leaves`,
    }
    const { port, maxClients } = this.options
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new RangeError(`console port must be 0..65535, not ${port}`)
    if (!Number.isInteger(maxClients) || maxClients < 1)
      throw new RangeError(`console maxClients must be at least 1, not ${maxClients}`)
  }

  register(name: string, command: ConsoleCommand): void {
    this.registry.register(name, command)
  }

  /** Starts listening on TCP; resolves with the bound address (the port, when 0 was asked). */
  async listen(): Promise<ConsoleAddress> {
    if (this.server) throw new Error('console server is already listening')
    const { host, port } = this.options
    const server = createServer({ allowHalfOpen: true }, (socket) => this.onConnection(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, host, port)))
      server.listen({ host, port, exclusive: true }, () => resolve())
    })
    server.on('error', (e) => this.logger?.log('error', 'console', `server error: ${e.message}`))
    this.server = server
    const address = server.address() as AddressInfo
    this.bound = { host: address.address, port: address.port }
    const where = formatHostPort(this.bound.host, this.bound.port)
    this.logger?.log('info', 'console', `listening on ${where}`, {
      allowCommands: this.options.allowCommands,
    })
    if (!isLoopback(host))
      this.logger?.log(
        'warn',
        'console',
        `console listens on ${where}, which is not loopback: whoever reaches it can read the router's state` +
          (this.options.allowCommands ? ' and change it (allowCommands is on)' : ''),
      )
    return this.bound
  }

  /** The TCP address once listening. */
  address(): ConsoleAddress | undefined {
    return this.bound
  }

  /** Serves the same commands on another transport (a serial port, a test's stream pair). The
   *  session ends the stream on quit or Ctrl-D; attach again for a new one. */
  attachStream(stream: Duplex, options: AttachOptions = {}): ConsoleSession {
    return this.startSession(stream, options.peer ?? 'stream', options.idleTimeoutMs ?? 0)
  }

  /** Number of open sessions, all transports. */
  get sessionCount(): number {
    return this.sessions.size
  }

  /** Stops listening and closes every session with a last line; resolves once all are closed. */
  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    const closing = [...this.sessions].map((s) => {
      s.close('error: the router is shutting down; closing', true)
      return s.closed
    })
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
    await Promise.all(closing)
  }

  private onConnection(socket: Socket): void {
    const peer = `tcp ${formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0)}`
    socket.setNoDelay(true)
    if (this.tcpSessions >= this.options.maxClients) {
      this.logger?.log('warn', 'console', `refused ${peer}: ${this.tcpSessions} clients already`)
      socket.on('error', () => {})
      socket.resume()
      socket.end(formatAnswer(`error: too many console clients (max ${this.options.maxClients}); closing`))
      setTimeout(() => socket.destroy(), 1000).unref()
      return
    }
    this.tcpSessions++
    const session = this.startSession(socket, peer, this.options.idleTimeoutMs)
    void session.closed.then(() => this.tcpSessions--)
  }

  private startSession(stream: Duplex, peer: string, idleTimeoutMs: number): ConsoleSession {
    const session = new ConsoleSession(stream, {
      ...this.options,
      registry: this.registry,
      idleTimeoutMs,
      peer,
      logger: this.logger,
    })
    this.sessions.add(session)
    this.logger?.log('debug', 'console', 'session opened', { peer })
    void session.closed.then(() => {
      this.sessions.delete(session)
      this.logger?.log('debug', 'console', 'session closed', { peer })
    })
    return session
  }
}

function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = formatHostPort(host, port)
  if (e.code === 'EADDRINUSE')
    return new Error(`console: ${where} is in use (another mip6-router, or mip6d?); set console.port`)
  if (e.code === 'EADDRNOTAVAIL') return new Error(`console: ${host} is not an address of this machine`)
  if (e.code === 'EACCES') return new Error(`console: no permission to listen on ${where}`)
  return new Error(`console: cannot listen on ${where}: ${e.message}`)
}
