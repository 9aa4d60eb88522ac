// The telemetry client alone, in this process: how fast Debian's mosquitto takes events
// (QoS 1, each acknowledged by a PUBACK), and what the offline queue costs in memory
// when the broker is unreachable and events keep coming (it must stay bounded by its limit).
// Prints figures; never fails on timing. Run with --expose-gc (npm run bench does).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Telemetry } from '../src/telemetry'
import { findTool, freePort, Mosquitto } from '../src/testing'

const EVENTS = Number(process.env.TELEMETRY_CLIENT_BENCH_EVENTS ?? 20_000)
const OFFLINE_EVENTS = 200_000
const CHUNK = 1_000
const f = (n: number, digits = 1) => n.toFixed(digits)
const turn = () => new Promise((r) => setImmediate(r))

function event(i: number) {
  return {
    kind: 'binding-registered' as const,
    homeAddress: `2001:db8::${(i % 65_535).toString(16)}`,
    careOfAddress: '2001:db8:1::2',
    status: 0,
    sequence: i % 65_536,
    lifetimeS: 262_140,
  }
}

function heapMiB(): number {
  globalThis.gc?.()
  globalThis.gc?.()
  return process.memoryUsage().heapUsed / 2 ** 20
}

async function publishRate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mip6-telemetry-bench-'))
  const broker = await Mosquitto.start({ dir })
  const t = new Telemetry({ url: broker.url, id: 'bench', statsIntervalS: 0, eventQueueLimit: EVENTS })
  try {
    await t.start()
    await t.whenConnected(5_000)
    const t0 = performance.now()
    let callMs = 0
    for (let i = 0; i < EVENTS; i += CHUNK) {
      const c0 = performance.now()
      for (let k = i; k < Math.min(EVENTS, i + CHUNK); k++) t.event(event(k))
      callMs += performance.now() - c0
      await turn()
    }
    const deadline = t0 + 60_000
    while (t.status().eventsPublished < EVENTS && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 5))
    const s = (performance.now() - t0) / 1000
    const acked = t.status().eventsPublished
    console.log(
      `  ${EVENTS} events (QoS 1) to mosquitto, queue limit ${EVENTS}: ${acked} acknowledged by the broker in ${f(s, 2)} s, ` +
        `${f(acked / s, 0)} events/s; the router's call costs ${f((1000 * callMs) / EVENTS, 2)} µs an event`,
    )
  } finally {
    await t.stop()
    await broker.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function offlineQueue(limit: number): Promise<void> {
  const port = await freePort()
  const t = new Telemetry({
    url: `mqtt://127.0.0.1:${port}`,
    id: 'bench',
    statsIntervalS: 0,
    eventQueueLimit: limit,
    stopTimeoutMs: 100,
  })
  await t.start()
  const before = heapMiB()
  for (let i = 0; i < OFFLINE_EVENTS; i += CHUNK) {
    for (let k = i; k < i + CHUNK; k++) t.event(event(k))
    await turn()
  }
  const after = heapMiB()
  const s = t.status()
  console.log(
    `  broker unreachable, ${OFFLINE_EVENTS} events, queue limit ${limit}: ${s.eventsQueued} queued, ` +
      `${s.eventsDropped} dropped, heap +${f(after - before, 2)} MiB (${f(((after - before) * 2 ** 20) / limit, 0)} B a queued event)`,
  )
  await t.stop()
}

function hasMosquitto(): boolean {
  try {
    return findTool('mosquitto') !== ''
  } catch {
    return false
  }
}

if (!hasMosquitto())
  console.log('SKIP telemetry client bench: mosquitto not installed (apt-get install mosquitto)')
else {
  console.log(`Telemetry client (this process, Node ${process.version})`)
  // The offline queue first, while the heap holds nothing of the other figure's.
  for (const limit of [1_000, 10_000, 100_000]) await offlineQueue(limit)
  await publishRate()
}
