// A broker that accepts the connection and then stops reading: telemetry must keep the
// router's calls cheap and its own memory bounded (inflight caps, the bounded queue, the
// retained mirror keeping only the latest value per topic).
import { createServer, type Socket } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { Telemetry } from './telemetry'

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Answers the CONNECT with an MQTT 3.1.1 CONNACK (§3.2: 0x20, length 2, no session, accepted), then reads nothing. */
async function stalledBroker(): Promise<{ port: number; sockets: Socket[] }> {
  const sockets: Socket[] = []
  const server = createServer((socket) => {
    sockets.push(socket)
    socket.once('data', () => {
      socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]))
      socket.pause()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    for (const s of sockets) s.destroy()
    return new Promise((r) => server.close(r))
  })
  return { port: (server.address() as { port: number }).port, sockets }
}

it('a broker that stops reading: calls stay cheap, the queue stays bounded, drops are counted', async () => {
  const { port } = await stalledBroker()
  const t = new Telemetry({
    url: `mqtt://127.0.0.1:${port}`,
    id: 'stalled',
    protocol: 4,
    eventQueueLimit: 100,
    statsIntervalS: 0,
    stopTimeoutMs: 200,
  })
  cleanups.push(() => t.stop())
  await t.start()
  expect(await t.whenConnected(5000)).toBe(true)
  const flags = {
    acknowledge: true,
    homeRegistration: true,
    linkLocalCompatibility: false,
    keyManagementCompatibility: false,
  }
  const t0 = performance.now()
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 1000; i++) {
      t.binding({
        homeAddress: `2001:db8:1::${(i % 200) + 1}`,
        careOfAddress: '2001:db8:2::1',
        sequence: round * 1000 + i,
        flags,
        grantedLifetimeS: 60,
        expiresAt: performance.now() + 60_000,
        registeredAtWallMs: Date.now(),
      })
      t.event({
        kind: 'binding-refreshed',
        homeAddress: `2001:db8:1::${(i % 200) + 1}`,
        careOfAddress: '2001:db8:2::1',
      })
    }
    await new Promise((r) => setImmediate(r))
  }
  const elapsed = performance.now() - t0
  expect(elapsed).toBeLessThan(3000)
  const s = t.status()
  expect(s.connection).toBe('connected')
  expect(s.eventsQueued).toBe(100)
  // Each turn hands the socket the queue (100): for ten turns, each followed by an
  // events-dropped notice, until the 1024 in flight hold; the rest beyond the bound is dropped.
  const notices = 10
  expect(s.eventsDropped).toBe(20_000 - (1024 - notices) - 100)
  const inflight = t as unknown as { retainedInflight: number; inflight: number }
  expect(inflight.inflight).toBe(1024)
  expect(inflight.retainedInflight).toBeLessThanOrEqual(256)
})
