// The console over real TCP on an ephemeral loopback port.
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandTable } from './command-table'
import { ConsoleServer, type ConsoleServerOptions } from './console-server'
import type { ConsoleLogger } from './logger'
import { PROMPT } from './protocol'
import { TestClient } from './testing/line-client'

const TABLE: CommandTable = {
  stats: { summary: 'counters', usage: 'stats', mutating: false, run: () => 'rx 12\ntx 34\n' },
  'bc-flush': { summary: 'drop every binding', usage: 'bc-flush', mutating: true, run: () => 'flushed' },
  boom: {
    summary: 'throws',
    usage: 'boom',
    mutating: false,
    run: () => {
      throw new Error('kaboom')
    },
  },
  slow: {
    summary: 'answers after 200 ms',
    usage: 'slow',
    mutating: false,
    run: () => new Promise<string>((resolve) => setTimeout(() => resolve('slow done'), 200)),
  },
}

const servers: ConsoleServer[] = []
const clients: TestClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.input.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = []
  const logger: ConsoleLogger = { log: (level, _subsystem, message) => void lines.push({ level, message }) }
  return { logger, lines }
}

async function start(options: Partial<ConsoleServerOptions> = {}) {
  const server = new ConsoleServer({ commands: TABLE, port: 0, ...options })
  servers.push(server)
  const { port } = await server.listen()
  return { server, port }
}

async function client(port: number): Promise<TestClient> {
  const c = await TestClient.tcp(port)
  clients.push(c)
  return c
}

describe('ConsoleServer over TCP', () => {
  it('greets, prompts, and lists the commands on help', async () => {
    const { port } = await start()
    const c = await client(port)
    expect(await c.waitForPrompts(1)).toBe(
      `mip6-router console (read-only): help lists the commands, quit leaves\r\n${PROMPT}`,
    )
    const help = await c.ask('help')
    expect(help).toContain('  stats       counters\n')
    expect(help).toContain('  bc-flush *  drop every binding\n')
    expect(await c.ask('help stats')).toBe('stats: counters\nusage: stats\n')
    expect(await c.ask('stats')).toBe('rx 12\ntx 34\n')
  })

  it('names an unknown command and suggests one', async () => {
    const { port } = await start()
    const c = await client(port)
    expect(await c.ask('stat')).toBe(
      'error: unknown command "stat"; did you mean "stats"? (help lists the commands)\n',
    )
  })

  it('refuses a mutating command on a read-only console', async () => {
    const { port } = await start()
    const c = await client(port)
    expect(await c.ask('bc-flush')).toBe(
      'error: bc-flush: read-only console: set console.allowCommands: true\n',
    )
  })

  it('runs a mutating command when created with allowCommands, and logs it', async () => {
    const { logger, lines } = recordingLogger()
    const { port } = await start({ allowCommands: true, logger })
    const c = await client(port)
    expect(c.received === '' ? await c.waitForPrompts(1) : c.received).not.toContain('read-only')
    expect(await c.ask('bc-flush')).toBe('flushed\n')
    expect(lines).toContainEqual({ level: 'info', message: 'ran: bc-flush' })
  })

  it('serves several clients at once; a slow command holds up only its own client', async () => {
    const { server, port } = await start()
    const [a, b, c] = await Promise.all([client(port), client(port), client(port)])
    const slow = a.ask('slow')
    expect(await b.ask('stats')).toBe('rx 12\ntx 34\n')
    expect(await c.ask('help stats')).toBe('stats: counters\nusage: stats\n')
    expect(a.received).not.toContain('slow done')
    expect(await slow).toBe('slow done\n')
    expect(server.sessionCount).toBe(3)
  })

  it('answers pipelined lines in order, and all of them when the client half-closes', async () => {
    const { port } = await start()
    const c = await client(port)
    c.send('slow\nstats\nnope\n')
    c.end()
    const all = await c.untilClosed()
    expect(all.split(PROMPT).slice(1).join('|')).toBe(
      'slow done\r\n|rx 12\r\ntx 34\r\n|error: unknown command "nope" (help lists the commands)\r\n|bye\r\n',
    )
  })

  it('disconnects a client that sends a 10 MB line, with a message, and keeps serving', async () => {
    const { logger, lines } = recordingLogger()
    const { port } = await start({ logger })
    const flood = await client(port)
    await flood.waitForPrompts(1)
    flood.send(Buffer.alloc(10 * 1024 * 1024, 'A'))
    expect(await flood.untilClosed()).toMatch(/\r\nerror: line longer than 4096 bytes; closing\r\n$/)
    expect(lines).toContainEqual({ level: 'warn', message: 'line longer than 4096 bytes; session closed' })
    expect(await (await client(port)).ask('stats')).toBe('rx 12\ntx 34\n')
  })

  it('disconnects a client that sends binary garbage', async () => {
    const { port } = await start()
    const c = await client(port)
    await c.waitForPrompts(1)
    c.send(Buffer.from([0x00, 0x01, 0x0a, 0xfe, 0x80, 0x0a, 0x1b, 0x5b, 0x0a, 0x07, 0x0a]))
    const all = await c.untilClosed()
    expect(all).toContain('error: line ignored: control character 0x00 in the line\r\n')
    expect(all).toContain('error: line ignored: not UTF-8 text\r\n')
    expect(all).toMatch(/error: too much input that is not text; closing\r\n$/)
  })

  it('ignores telnet negotiation bytes', async () => {
    const { port } = await start()
    const c = await client(port)
    await c.waitForPrompts(1)
    // What a telnet client may send first: DO SUPPRESS-GO-AHEAD, WILL TERMINAL-TYPE, WILL NAWS
    // with its subnegotiation (80x24), then the line with CR NUL.
    c.send(Buffer.from([255, 253, 3, 255, 251, 24, 255, 251, 31, 255, 250, 31, 0, 80, 0, 24, 255, 240]))
    c.send(Buffer.concat([Buffer.from('sta'), Buffer.from([255, 241]), Buffer.from('ts\r\0')]))
    await c.waitForPrompts(2)
    expect(c.received.endsWith(`${PROMPT}rx 12\r\ntx 34\r\n${PROMPT}`)).toBe(true)
  })

  it('gives a command that throws an error line for that client only, and stays up', async () => {
    const { logger, lines } = recordingLogger()
    const { port } = await start({ logger })
    const [a, b] = await Promise.all([client(port), client(port)])
    await b.waitForPrompts(1)
    expect(await a.ask('boom')).toBe('error: boom failed: kaboom\n')
    expect(b.received).not.toContain('kaboom')
    expect(await a.ask('stats')).toBe('rx 12\ntx 34\n')
    expect(await b.ask('stats')).toBe('rx 12\ntx 34\n')
    expect(lines).toContainEqual({ level: 'error', message: 'command failed: boom' })
  })

  it('closes a session after the idle timeout, and not one that keeps typing', async () => {
    const { port } = await start({ idleTimeoutMs: 150 })
    const [idle, busy] = await Promise.all([client(port), client(port)])
    for (let i = 0; i < 4; i++) {
      expect(await busy.ask('stats')).toBe('rx 12\ntx 34\n')
      await new Promise((r) => setTimeout(r, 60))
    }
    expect(await idle.untilClosed()).toMatch(/\r\nerror: idle for 0.15 s; closing\r\n$/)
    expect(await busy.ask('stats')).toBe('rx 12\ntx 34\n')
  })

  it('closes on quit, exit and Ctrl-D with bye', async () => {
    const { port } = await start()
    for (const input of ['quit\r\n', 'EXIT\n', '\x04']) {
      const c = await client(port)
      await c.waitForPrompts(1)
      c.send(input)
      expect(await c.untilClosed()).toMatch(new RegExp(`${PROMPT}bye\\r\\n$`))
    }
  })

  it('turns away a client beyond maxClients and takes one again when a place is free', async () => {
    const { server, port } = await start({ maxClients: 2 })
    const [a] = await Promise.all([client(port), client(port)])
    await a.waitForPrompts(1)
    const third = await client(port)
    expect(await third.untilClosed()).toBe('error: too many console clients (max 2); closing\r\n')
    a.send('quit\n')
    await a.closed
    await expect.poll(() => server.sessionCount).toBe(1)
    expect(await (await client(port)).ask('stats')).toBe('rx 12\ntx 34\n')
  })

  it('tells clients when it shuts down', async () => {
    const { server, port } = await start()
    const c = await client(port)
    await c.waitForPrompts(1)
    await server.close()
    expect(await c.untilClosed()).toMatch(/\r\nerror: the router is shutting down; closing\r\n$/)
  })

  it('listens on loopback by default, and warns when told to listen elsewhere', async () => {
    const quiet = recordingLogger()
    const { server } = await start({ logger: quiet.logger })
    expect(server.address()?.host).toBe('127.0.0.1')
    expect(quiet.lines.filter((l) => l.level === 'warn')).toEqual([])

    const loud = recordingLogger()
    const { port } = await start({ host: '0.0.0.0', allowCommands: true, logger: loud.logger })
    expect(loud.lines.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: `console listens on 0.0.0.0:${port}, which is not loopback: whoever reaches it can read the router's state and change it (allowCommands is on)`,
      },
    ])
  })

  it('says which port is taken when it cannot listen', async () => {
    const { port } = await start()
    const second = new ConsoleServer({ commands: TABLE, port })
    await expect(second.listen()).rejects.toThrow(
      `console: 127.0.0.1:${port} is in use (another mip6-router, or mip6d?); set console.port`,
    )
  })
})
