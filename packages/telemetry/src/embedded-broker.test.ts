// The zero-config broker: aedes in a worker thread on 127.0.0.1, watched with Debian's
// mosquitto_sub exactly as the README tells a user to.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedBroker, EmbeddedBrokerError } from './embedded-broker'
import type { TelemetryLogger } from './logger'
import { Telemetry } from './telemetry'
import { findTool, freePort, Probe, retainedSnapshot } from './testing'

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function recordingLogger(): TelemetryLogger & { lines: string[] } {
  const lines: string[] = []
  return { lines, log: (level, _s, message) => lines.push(`${level} ${message}`) }
}

async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => server.close(r)))
  return { server, port: (server.address() as { port: number }).port }
}

function mosquittoSub(port: number, filter: string): { child: ChildProcess; lines: string[] } {
  const child = spawn(
    findTool('mosquitto_sub'),
    ['-h', '127.0.0.1', '-p', String(port), '-t', filter, '-v'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  cleanups.push(() => child.exitCode === null && child.kill())
  const lines: string[] = []
  let partial = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n')
    partial = parts.pop()!
    lines.push(...parts)
  })
  return { child, lines }
}

async function until<T>(check: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const v = check()
    if (v !== undefined) return v
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('embedded broker', () => {
  it('with no broker configured, mosquitto_sub -t "mip6/#" -v sees the topics on 127.0.0.1', async () => {
    const port = await freePort()
    const log = recordingLogger()
    const t = new Telemetry({ id: 'denali', embeddedBroker: { port }, logger: log, statsIntervalS: 0 })
    cleanups.push(() => t.stop())
    t.info({
      version: '0.1.0',
      board: 'apu2',
      interfaces: [{ name: 'wlan0' }],
      prefixes: [],
      dataplane: 'userspace',
    })
    t.binding({
      homeAddress: '2001:db8:1::100',
      careOfAddress: '2001:db8:2::100',
      sequence: 4,
      flags: {
        acknowledge: true,
        homeRegistration: true,
        linkLocalCompatibility: false,
        keyManagementCompatibility: false,
      },
      grantedLifetimeS: 60,
      expiresAt: performance.now() + 60_000,
      registeredAtWallMs: Date.now(),
    })
    await t.start()
    expect(t.embeddedBrokerPort).toBe(port)
    expect(await t.whenConnected(5000)).toBe(true)
    // aedes speaks MQTT 3.1.1 only: the client fell back from 5.
    expect(t.status().protocolVersion).toBe(4)
    expect(log.lines).toContain(`info broker mqtt://127.0.0.1:${port} does not speak MQTT 5; using 3.1.1`)

    const sub = mosquittoSub(port, 'mip6/#')
    await until(
      () => (sub.lines.some((l) => l.startsWith('mip6/denali/bindings/')) ? true : undefined),
      'the binding',
    )
    t.event({
      kind: 'binding-registered',
      homeAddress: '2001:db8:1::100',
      careOfAddress: '2001:db8:2::100',
      status: 0,
    })
    await until(
      () => (sub.lines.some((l) => l.startsWith('mip6/denali/events ')) ? true : undefined),
      'the event',
    )
    const topics = sub.lines.map((l) => l.slice(0, l.indexOf(' ')))
    expect(topics).toEqual(
      expect.arrayContaining([
        'mip6/denali/status',
        'mip6/denali/info',
        'mip6/denali/bindings/2001:db8:1::100',
        'mip6/denali/events',
      ]),
    )
    expect(sub.lines).toContain('mip6/denali/status online')
    const event = sub.lines.find((l) => l.startsWith('mip6/denali/events '))!
    expect(JSON.parse(event.slice('mip6/denali/events '.length))).toMatchObject({
      seq: 1,
      kind: 'binding-registered',
    })
    // No Home Assistant discovery on a loopback-only broker unless asked for.
    expect((await retainedSnapshot(`mqtt://127.0.0.1:${port}`, 'homeassistant/#')).size).toBe(0)

    await t.stop()
    expect(await freePort()).toBeGreaterThan(0)
    const reuse = createServer()
    await new Promise<void>((resolve, reject) => {
      reuse.once('error', reject)
      reuse.listen(port, '127.0.0.1', () => resolve())
    })
    await new Promise((r) => reuse.close(r))
  })

  it('runs off the main thread: clients are served while the main event loop is blocked', async () => {
    const broker = await EmbeddedBroker.start({ port: 0 })
    cleanups.push(() => broker.stop())
    expect(broker.threadId).toBeGreaterThan(0)
    // spawnSync blocks this thread until both tools are done; only a broker on another thread can serve them.
    const script = [
      `"${findTool('mosquitto_sub')}" -h 127.0.0.1 -p ${broker.port} -t probe -C 1 -W 5 &`,
      'sleep 0.3',
      `"${findTool('mosquitto_pub')}" -h 127.0.0.1 -p ${broker.port} -t probe -m while-blocked`,
      'wait',
    ].join('\n')
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 10_000 })
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('while-blocked')
  })

  it('listens on 127.0.0.1 only', async () => {
    const broker = await EmbeddedBroker.start({ port: 0 })
    cleanups.push(() => broker.stop())
    const r = spawnSync('ss', ['-Hltn', `sport = :${broker.port}`], { encoding: 'utf8' })
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toContain(`127.0.0.1:${broker.port}`)
  })

  it('a configured port that is taken is a clear error; a taken default port moves to a free one', async () => {
    const { port } = await occupy()
    await expect(EmbeddedBroker.start({ port })).rejects.toThrow(EmbeddedBrokerError)
    await expect(EmbeddedBroker.start({ port })).rejects.toThrow(
      `127.0.0.1:${port}: the port is taken (EADDRINUSE)`,
    )
    const log = recordingLogger()
    const broker = await EmbeddedBroker.start({ preferredPort: port, logger: log })
    cleanups.push(() => broker.stop())
    expect(broker.port).not.toBe(port)
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes(`${port} is taken`))).toBe(true)
  })

  it('starts the broker again when its worker dies, and the client restores the retained state', async () => {
    const t = new Telemetry({
      id: 'phoenix',
      embeddedBroker: { port: 0 },
      reconnectPeriodMs: 100,
      statsIntervalS: 0,
    })
    cleanups.push(() => t.stop())
    await t.start()
    expect(await t.whenConnected(5000)).toBe(true)
    t.health('ra', 'ok')
    const url = `mqtt://127.0.0.1:${t.embeddedBrokerPort}`
    const p = await Probe.open(url, ['mip6/phoenix/health/ra'])
    await p.waitFor((m) => m.retain || m.payload !== '')
    await p.close()
    const broker = (t as unknown as { embedded: EmbeddedBroker }).embedded
    const worker = (broker as unknown as { worker: Worker }).worker
    const firstThread = broker.threadId
    await worker.terminate()
    await until(
      () => (broker.threadId !== undefined && broker.threadId !== firstThread ? true : undefined),
      'a new worker',
    )
    await until(
      () => (t.status().reconnects >= 1 && t.status().connection === 'connected' ? true : undefined),
      'a reconnect',
    )
    await new Promise((r) => setTimeout(r, 100))
    const snap = await retainedSnapshot(url, 'mip6/phoenix/#')
    expect(snap.get('mip6/phoenix/status')).toBe('online')
    expect(JSON.parse(snap.get('mip6/phoenix/health/ra')!)).toMatchObject({ state: 'ok' })
  })
})
