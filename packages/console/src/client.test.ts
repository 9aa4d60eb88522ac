import { createServer, type Server, type Socket } from 'node:net'
import { PassThrough, Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { interactiveConsole, requestConsole } from './client'
import { ConsoleServer } from './console-server'
import { PROMPT } from './protocol'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})

async function startConsole(maxClients = 8) {
  const server = new ConsoleServer({
    port: 0,
    maxClients,
    commands: {
      stats: { summary: 'counters', usage: 'stats', mutating: false, run: () => 'rx 12\ntx 34\n' },
      echo: {
        summary: 'its arguments',
        usage: 'echo WORD ...',
        mutating: false,
        run: (args) => args.join(' '),
      },
      tricky: {
        summary: 'an answer that looks like prompts',
        usage: 'tricky',
        mutating: false,
        run: () => `${PROMPT}\n\n${PROMPT}x`,
      },
    },
  })
  closers.push(() => server.close())
  return (await server.listen()).port
}

/** A port where nothing listens: one the kernel just gave out and took back. */
async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise((r) => s.close(r))
  return port
}

describe('requestConsole', () => {
  it('returns the answer to one command, LF-terminated, and flags errors', async () => {
    const port = await startConsole()
    expect(await requestConsole('stats', { port })).toEqual({ text: 'rx 12\ntx 34\n', error: false })
    expect(await requestConsole('echo a  b', { port })).toEqual({ text: 'a b\n', error: false })
    expect(await requestConsole('nope', { port })).toEqual({
      text: 'error: unknown command "nope" (help lists the commands)\n',
      error: true,
    })
  })

  it('frames an answer by the prompts, not by prompt-like text in it', async () => {
    const port = await startConsole()
    expect(await requestConsole('tricky', { port })).toEqual({
      text: ` ${PROMPT}\n\n ${PROMPT}x\n`,
      error: false,
    })
  })

  it('says so when no router listens', async () => {
    const port = await freePort()
    await expect(requestConsole('stats', { port })).rejects.toThrow(
      `no router console on 127.0.0.1:${port} (is mip6-router run running? is console.port set?)`,
    )
  })

  it("passes on the server's refusal", async () => {
    const port = await startConsole(1)
    const first = requestConsole('stats', { port })
    await expect(requestConsole('stats', { port })).rejects.toThrow(
      `the router console on 127.0.0.1:${port} closed the connection: error: too many console clients (max 1); closing`,
    )
    await first
  })

  it('gives up on a server that never prompts', async () => {
    const held = new Set<Socket>()
    const mute: Server = createServer((socket) => void held.add(socket))
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r))
    closers.push(async () => {
      for (const socket of held) socket.destroy()
      await new Promise((r) => mute.close(r))
    })
    const { port } = mute.address() as { port: number }
    await expect(requestConsole('stats', { port, timeoutMs: 100 })).rejects.toThrow(
      `the router console on 127.0.0.1:${port} gave no answer in 0.1 s`,
    )
  })
})

describe('interactiveConsole', () => {
  it('joins input and output to the console until the input ends', async () => {
    const port = await startConsole()
    const input = new PassThrough()
    let shown = ''
    const output = new Writable({
      write(chunk, _encoding, done) {
        shown += String(chunk)
        done()
      },
    })
    const session = interactiveConsole(input, output, { port })
    input.end('stats\n')
    await session
    expect(shown).toBe(
      `mip6-router console (read-only): help lists the commands, quit leaves\r\n${PROMPT}rx 12\r\ntx 34\r\n${PROMPT}bye\r\n`,
    )
  })
})
