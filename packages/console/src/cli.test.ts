// `mip6-router console` as a user runs it: the real CLI in a child process, against a console
// served by this test process.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsoleServer } from './console-server'
import { PROMPT } from './protocol'

const CLI = join(import.meta.dirname, '../../../bin/mip6-router.mjs')

function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'console', ...args], { stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

let server: ConsoleServer
let port: number
beforeAll(async () => {
  server = new ConsoleServer({
    port: 0,
    commands: {
      stats: { summary: 'counters', usage: 'stats', mutating: false, run: () => 'rx 12\ntx 34\n' },
    },
  })
  port = (await server.listen()).port
})
afterAll(() => server.close())

describe.concurrent('mip6-router console', () => {
  it('prints the answer to one command and exits 0', async () => {
    expect(await cli(['--port', String(port), 'stats'])).toEqual({
      code: 0,
      stdout: 'rx 12\ntx 34\n',
      stderr: '',
    })
  })

  it('passes the arguments after the command, and exits 1 on an error answer', async () => {
    expect(await cli([`--port=${port}`, 'help', 'stats'])).toEqual({
      code: 0,
      stdout: 'stats: counters\nusage: stats\n',
      stderr: '',
    })
    const unknown = await cli(['--port', String(port), 'bul'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toBe('error: unknown command "bul" (help lists the commands)\n')
  })

  it('exits 1 with a clear message when no router listens', async () => {
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const free = (probe.address() as { port: number }).port
    await new Promise((r) => probe.close(r))
    expect(await cli(['--host', '127.0.0.1', '--port', String(free), 'stats'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `mip6-router console: no router console on 127.0.0.1:${free} (is mip6-router run running? is console.port set?)\n`,
    })
  })

  it('without a command, joins stdin and stdout to the console until stdin ends', async () => {
    const { code, stdout } = await cli(['--port', String(port)], 'stats\n')
    expect(code).toBe(0)
    expect(stdout).toContain(`${PROMPT}rx 12\r\ntx 34\r\n${PROMPT}bye\r\n`)
  })
})
