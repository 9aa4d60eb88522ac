// A second transport on the same command table: what the board's serial console will attach.
import { Duplex, PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { ConsoleServer } from './console-server'
import { PROMPT } from './protocol'
import { TestClient } from './testing/line-client'

/** Two PassThroughs crossed: the server's end of a serial line, and the terminal's. */
function streamPair() {
  const toServer = new PassThrough()
  const fromServer = new PassThrough()
  const serverSide = Duplex.from({ readable: toServer, writable: fromServer })
  const terminal = new TestClient(
    fromServer,
    (b) => toServer.write(b),
    () => toServer.end(),
  )
  return { serverSide, terminal }
}

const servers: ConsoleServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

function newServer(allowCommands = false) {
  const server = new ConsoleServer({
    port: 0,
    allowCommands,
    idleTimeoutMs: 100,
    commands: {
      stats: { summary: 'counters', usage: 'stats', mutating: false, run: () => 'rx 12' },
      'bc-flush': { summary: 'drop every binding', usage: 'bc-flush', mutating: true, run: () => 'flushed' },
    },
  })
  servers.push(server)
  return server
}

describe('ConsoleServer.attachStream', () => {
  it('serves the same command table on a stream as on TCP, commands registered later included', async () => {
    const server = newServer()
    const { port } = await server.listen()
    const { serverSide, terminal } = streamPair()
    const session = server.attachStream(serverSide, { peer: 'serial test' })
    expect(session.peer).toBe('serial test')
    const tcp = await TestClient.tcp(port)

    expect(await terminal.ask('stats')).toBe('rx 12\n')
    expect(await tcp.ask('stats')).toBe('rx 12\n')
    server.register('hal', { summary: 'home agents list', usage: 'hal', mutating: false, run: () => 'none' })
    expect(await terminal.ask('hal')).toBe('none\n')
    expect(await tcp.ask('hal')).toBe('none\n')
    expect(server.sessionCount).toBe(2)
    tcp.input.destroy()
  })

  it('keeps the read-only rule on a stream', async () => {
    const { serverSide, terminal } = streamPair()
    newServer().attachStream(serverSide)
    expect(await terminal.ask('bc-flush')).toBe(
      'error: bc-flush: read-only console: set console.allowCommands: true\n',
    )
    const allowed = streamPair()
    newServer(true).attachStream(allowed.serverSide)
    expect(await allowed.terminal.ask('bc-flush')).toBe('flushed\n')
  })

  it('has no idle timeout by default, and ends the stream on quit', async () => {
    const server = newServer()
    const { serverSide, terminal } = streamPair()
    const session = server.attachStream(serverSide)
    await terminal.waitForPrompts(1)
    await new Promise((r) => setTimeout(r, 250)) // beyond the server's 100 ms TCP idle timeout
    expect(await terminal.ask('stats')).toBe('rx 12\n')
    terminal.send('quit\r\n')
    expect(await terminal.untilClosed()).toMatch(new RegExp(`${PROMPT}bye\\r\\n$`))
    terminal.end()
    await session.closed
    expect(server.sessionCount).toBe(0)
  })
})
