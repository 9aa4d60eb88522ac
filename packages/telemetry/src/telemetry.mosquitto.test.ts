// System tests of the telemetry client against a real mosquitto (Debian's), started here on a
// free port with a config of the test's own, and checked with an independent subscriber.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checkDiscoveryConfig, discoveryId, discoveryNodeId } from './discovery'
import type { TelemetryLogger } from './logger'
import type { TelemetryOptions } from './options'
import type { TelemetryBinding } from './payloads'
import { Telemetry } from './telemetry'
import { type Certs, CHILD_ROUTER, Mosquitto, makeCerts, Probe, retainedSnapshot } from './testing'

const ROOT = join(import.meta.dirname, '../../..')
let dir: string
const cleanups: Array<() => Promise<unknown> | unknown> = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mip6-telemetry-'))
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function subdir(name: string): string {
  return mkdtempSync(join(dir, `${name}-`))
}

async function mosquitto(name: string, options: Partial<Parameters<typeof Mosquitto.start>[0]> = {}) {
  const m = await Mosquitto.start({ dir: subdir(name), ...options })
  cleanups.push(() => m.stop('SIGKILL'))
  return m
}

async function probe(url: string, filters: string[], options = {}) {
  const p = await Probe.open(url, filters, options)
  cleanups.push(() => p.close())
  return p
}

function recordingLogger(): TelemetryLogger & { lines: string[] } {
  const lines: string[] = []
  return { lines, log: (level, _s, message) => lines.push(`${level} ${message}`) }
}

async function telemetry(options: TelemetryOptions, connect = true) {
  const t = new Telemetry({ reconnectPeriodMs: 100, statsIntervalS: 0, ...options })
  cleanups.push(() => t.stop())
  await t.start()
  if (connect) expect(await t.whenConnected(5000), JSON.stringify(t.status())).toBe(true)
  return t
}

function binding(hoa: string, coa: string, sequence: number): TelemetryBinding {
  return {
    homeAddress: hoa,
    careOfAddress: coa,
    haAddress: '2001:db8:1::1',
    ifname: 'wlan0',
    state: 'registered',
    sequence,
    flags: {
      acknowledge: true,
      homeRegistration: true,
      linkLocalCompatibility: false,
      keyManagementCompatibility: false,
    },
    grantedLifetimeS: 420,
    expiresAt: performance.now() + 420_000,
    registeredAtWallMs: Date.UTC(2026, 0, 2, 3, 4, 5),
  }
}

function spawnChild(options: TelemetryOptions): {
  child: ChildProcess
  lines: string[]
  waitLine(l: string): Promise<void>
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ROUTER, JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'))
  const lines: string[] = []
  let err = ''
  const waiters: Array<() => void> = []
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    lines.push(...d.split('\n').filter(Boolean))
    for (const w of waiters) w()
  })
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d
  })
  const waitLine = (l: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never printed ${l}: ${lines} ${err}`)), 15_000)
      const check = () => {
        if (lines.includes(l)) {
          clearTimeout(timer)
          resolve()
        }
      }
      waiters.push(check)
      check()
    })
  return { child, lines, waitLine }
}

describe('telemetry against mosquitto', () => {
  it('publishes a binding as retained JSON on bindings/<RFC 5952 home address>, with status and info', async () => {
    const m = await mosquitto('binding')
    const t = await telemetry({ url: m.url, id: 'denali' })
    t.info({
      version: '0.1.0',
      board: 'apu2',
      interfaces: [{ name: 'wlan0', role: 'home' }],
      prefixes: ['2001:db8:1::/64'],
      dataplane: 'userspace',
    })
    t.binding(binding('2001:DB8:1:0:0:0:0:100', '2001:db8:2::100', 7))
    const topic = 'mip6/denali/bindings/2001:db8:1::100'
    const p = await probe(m.url, ['mip6/denali/#'])
    await p.waitFor((x) => x.topic === topic, 5000, 'the binding')
    const retained = await retainedSnapshot(m.url, 'mip6/denali/#')
    expect(retained.get('mip6/denali/status')).toBe('online')
    const info = JSON.parse(retained.get('mip6/denali/info')!)
    expect(info).toMatchObject({
      version: '0.1.0',
      board: 'apu2',
      dataplane: 'userspace',
      prefixes: ['2001:db8:1::/64'],
    })
    expect(Date.parse(info.startedAt)).toBeGreaterThan(0)
    const b = JSON.parse(retained.get(topic)!)
    expect(b).toMatchObject({
      homeAddress: '2001:db8:1::100',
      careOfAddress: '2001:db8:2::100',
      haAddress: '2001:db8:1::1',
      sequence: 7,
      lifetimeS: 420,
      flags: { acknowledge: true, homeRegistration: true, linkLocalCompatibility: false },
      registeredAt: '2026-01-02T03:04:05.000Z',
    })
    expect(b.lifetimeLeftS).toBeGreaterThan(410)
    expect(b.lifetimeLeftS).toBeLessThanOrEqual(420)
    // The same binding in another spelling lands on the same topic.
    t.binding(binding('2001:db8:1::0100', '2001:db8:3::100', 8))
    await p.waitFor((x) => x.topic === topic && JSON.parse(x.payload).sequence === 8, 5000, 'the update')
    expect([...(await retainedSnapshot(m.url, 'mip6/denali/bindings/#')).keys()]).toEqual([topic])
  })

  it('a refresh at the same care-of address reaches the retained topic within refreshRepublishMs, once; a move at once', async () => {
    const m = await mosquitto('refresh')
    const t = await telemetry({ url: m.url, id: 'denali', refreshRepublishMs: 300 })
    const topic = 'mip6/denali/bindings/2001:db8:1::100'
    const p = await probe(m.url, ['mip6/denali/bindings/#'])
    t.binding(binding('2001:db8:1::100', '2001:db8:2::100', 1))
    await p.waitFor((x) => x.topic === topic, 5000, 'the registration')
    const sent = performance.now()
    for (let seq = 2; seq <= 5; seq++) t.binding(binding('2001:db8:1::100', '2001:db8:2::100', seq))
    const refreshed = await p.waitFor(
      (x) => x.topic === topic && JSON.parse(x.payload).sequence === 5,
      5000,
      'seq 5',
    )
    expect(refreshed.at - sent).toBeGreaterThanOrEqual(250)
    expect(p.on(topic).map((x) => JSON.parse(x.payload).sequence)).toEqual([1, 5])
    t.binding(binding('2001:db8:1::100', '2001:db8:3::100', 6))
    const moved = await p.waitFor(
      (x) => x.topic === topic && JSON.parse(x.payload).sequence === 6,
      5000,
      'the move',
    )
    expect(JSON.parse(moved.payload).careOfAddress).toBe('2001:db8:3::100')
  })

  it('connects over WebSockets (ws://) as well', async () => {
    const m = await mosquitto('ws', { websockets: true })
    const t = await telemetry({ url: `ws://127.0.0.1:${m.wsPort}/mqtt`, id: 'web' })
    t.binding(binding('2001:db8:1::100', '2001:db8:2::100', 1))
    const p = await probe(m.url, ['mip6/web/bindings/#'])
    await p.waitFor((x) => x.topic === 'mip6/web/bindings/2001:db8:1::100', 5000, 'the binding over ws')
    expect(t.status()).toMatchObject({
      connection: 'connected',
      protocolVersion: 5,
      url: `ws://127.0.0.1:${m.wsPort}/mqtt`,
    })
  })

  it('empties the retained binding topic when the binding ends', async () => {
    const m = await mosquitto('removal')
    const t = await telemetry({ url: m.url, id: 'denali' })
    const topic = 'mip6/denali/bindings/2001:db8:1::100'
    const p = await probe(m.url, ['mip6/denali/bindings/#'])
    t.binding(binding('2001:db8:1::100', '2001:db8:2::100', 1))
    await p.waitFor((x) => x.topic === topic && x.payload !== '')
    t.binding({ homeAddress: '2001:db8:1::100', removed: true })
    await p.waitFor((x) => x.topic === topic && x.payload === '', 5000, 'the empty payload')
    expect((await retainedSnapshot(m.url, 'mip6/denali/#')).has(topic)).toBe(false)
  })

  it('numbers events with an increasing seq, QoS 1 and not retained', async () => {
    const m = await mosquitto('events')
    const t = await telemetry({ url: m.url, id: 'denali', redactMacs: true })
    const p = await probe(m.url, ['mip6/denali/events'])
    const kinds = [
      'binding-registered',
      'binding-refreshed',
      'binding-deregistered',
      'binding-expired',
      'binding-rejected',
    ] as const
    for (let i = 0; i < 30; i++)
      t.event({
        kind: kinds[i % 5]!,
        homeAddress: '2001:db8:1::100',
        careOfAddress: '2001:db8:2::7',
        status: i % 5 === 4 ? 135 : 0,
      })
    t.event({ kind: 'ra-interface-down', ifname: 'wlan0' })
    t.event({ kind: 'station-join', ifname: 'wlan0', mac: '02:11:22:33:44:55', ssid: 'home' })
    await p.waitUntil(() => p.seen.length >= 32 || undefined, 5000, '32 events')
    const events = p.seen.map((x) => ({ retain: x.retain, ...JSON.parse(x.payload) }))
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1))
    expect(events.every((e) => e.retain === false && !Number.isNaN(Date.parse(e.ts)))).toBe(true)
    expect(events[4]).toMatchObject({ kind: 'binding-rejected', status: 135, homeAddress: '2001:db8:1::100' })
    expect(events[31]).toMatchObject({ kind: 'station-join', mac: 'xx:xx:xx:xx:44:55' })
    // The RA interface event also sets the retained interface state.
    const state = JSON.parse(
      (await retainedSnapshot(m.url, 'mip6/denali/interfaces/#')).get('mip6/denali/interfaces/wlan0')!,
    )
    expect(state).toMatchObject({ ifname: 'wlan0', up: false })
  })

  it('SIGKILL of the router process: the broker publishes offline (the will)', async () => {
    const m = await mosquitto('sigkill')
    const p = await probe(m.url, ['mip6/killed/status'])
    const c = spawnChild({ url: m.url, id: 'killed', keepaliveS: 5 })
    await c.waitLine('connected')
    await p.waitFor((x) => x.payload === 'online')
    c.child.kill('SIGKILL')
    await p.waitFor((x) => x.payload === 'offline', 5000, 'offline')
    expect((await retainedSnapshot(m.url, 'mip6/killed/status')).get('mip6/killed/status')).toBe('offline')
  })

  it('clean stop (SIGTERM): offline is published by the router before it disconnects', async () => {
    const m = await mosquitto('sigterm')
    const p = await probe(m.url, ['mip6/stopped/status'])
    const c = spawnChild({ url: m.url, id: 'stopped' })
    await c.waitLine('connected')
    c.child.kill('SIGTERM')
    await c.waitLine('stopped')
    await p.waitFor((x) => x.payload === 'offline', 5000, 'offline')
    // A clean DISCONNECT drops the will (MQTT 3.1.1 §3.1.2.5): this offline came from the router,
    // and the broker took it before the DISCONNECT.
    const log = m.log
    const published = log.search(
      /Received PUBLISH from mip6-router-stopped .*'mip6\/stopped\/status'.*\(7 bytes\)/,
    )
    const disconnect = log.indexOf('Received DISCONNECT from mip6-router-stopped')
    expect(published).toBeGreaterThan(0)
    expect(disconnect).toBeGreaterThan(published)
    const forwarded = log.search(/Sending PUBLISH to probe-\w+ .*'mip6\/stopped\/status'.*\(7 bytes\)/)
    expect(forwarded).toBeGreaterThan(published)
    expect(forwarded).toBeLessThan(disconnect)
  })

  it('broker killed while bindings change, then back: retained state correct again, events kept up to the queue bound, drops counted beyond', async () => {
    const m = await mosquitto('restart', { persistence: true })
    const limit = 10
    const t = await telemetry({
      url: m.url,
      id: 'denali',
      eventQueueLimit: limit,
      discovery: { enabled: false },
    })
    // A persistent session (clean false, QoS 1): mosquitto keeps what it missed across restarts.
    const events = await probe(m.url, ['mip6/denali/events'], { clientId: 'events-probe', clean: false })
    const hoa = (n: number) => `2001:db8:1::${n}`
    const topic = (n: number) => `mip6/denali/bindings/${hoa(n)}`
    let ev = 0
    const emit = (n: number) => {
      for (let i = 0; i < n; i++)
        t.event({
          kind: 'binding-refreshed',
          homeAddress: hoa(1),
          careOfAddress: '2001:db8:2::1',
          status: ++ev,
        })
    }

    t.binding(binding(hoa(1), '2001:db8:2::1', 1))
    t.binding(binding(hoa(2), '2001:db8:2::2', 1))
    t.binding(binding(hoa(3), '2001:db8:2::3', 1))
    emit(3)
    await events.waitUntil(() => events.seen.length >= 3 || undefined, 5000, 'the first events')

    // Round 1: SIGTERM (mosquitto saves its retained messages, so the old bindings come back).
    await m.stop('SIGTERM')
    await waitState(t, 'disconnected')
    t.binding({ homeAddress: hoa(1), removed: true })
    t.binding(binding(hoa(2), '2001:db8:9::2', 2))
    t.binding(binding(hoa(4), '2001:db8:2::4', 1))
    emit(limit - 2) // within the bound: nothing may be lost
    await m.run()
    await waitState(t, 'connected')
    const expect1 = (snap: Map<string, string>) => {
      expect(snap.has(topic(1))).toBe(false)
      expect(JSON.parse(snap.get(topic(2))!).careOfAddress).toBe('2001:db8:9::2')
      expect(snap.has(topic(3))).toBe(true)
      expect(snap.has(topic(4))).toBe(true)
      expect(snap.get('mip6/denali/status')).toBe('online')
    }
    await events.waitUntil(() => events.seen.length >= 3 + limit - 2 || undefined, 5000, 'the queued events')
    await settle(t)
    expect1(await retainedSnapshot(m.url, 'mip6/denali/#'))

    // Round 2: SIGKILL (mosquitto loses what it had not saved), and more events than the queue holds.
    await m.stop('SIGKILL')
    await waitState(t, 'disconnected')
    t.binding({ homeAddress: hoa(3), removed: true })
    t.binding(binding(hoa(5), '2001:db8:2::5', 1))
    const before = ev
    emit(limit + 5)
    expect(t.status()).toMatchObject({ eventsQueued: limit, eventsDropped: 5 })
    await m.run()
    await waitState(t, 'connected')
    const notice = await events.waitFor(
      (x) => JSON.parse(x.payload).kind === 'events-dropped',
      5000,
      'the drop notice',
    )
    expect(JSON.parse(notice.payload).count).toBe(5)
    await settle(t)
    const snap = await retainedSnapshot(m.url, 'mip6/denali/#')
    expect([...snap.keys()].filter((k) => k.includes('/bindings/')).sort()).toEqual(
      [topic(2), topic(4), topic(5)].sort(),
    )

    // Every event but the 5 oldest of round 2 arrived, in seq order, then the notice.
    const got = [...new Map(events.seen.map((x) => JSON.parse(x.payload)).map((e) => [e.seq, e])).values()]
    const statuses = got.filter((e) => e.kind === 'binding-refreshed').map((e) => e.status)
    const expected = Array.from({ length: ev }, (_, i) => i + 1).filter((s) => s <= before || s > before + 5)
    expect(statuses).toEqual(expected)
    expect(got.map((e) => e.seq)).toEqual([...got.map((e) => e.seq)].sort((a, b) => a - b))
    expect(got.at(-1)!.kind).toBe('events-dropped')
  })

  it('a wrong password gives a clear error and never blocks the caller; the right one connects', async () => {
    const m = await mosquitto('auth', { users: { router: 's3cret' } })
    const wrong = join(dir, 'wrong-password')
    writeFileSync(wrong, 'guess\n', { mode: 0o600 })
    const log = recordingLogger()
    const t = new Telemetry({
      url: m.url,
      id: 'denali',
      username: 'router',
      passwordFile: wrong,
      logger: log,
      statsIntervalS: 0,
    })
    cleanups.push(() => t.stop())
    const t0 = performance.now()
    await t.start()
    expect(performance.now() - t0).toBeLessThan(1000)
    await waitState(t, 'refused')
    const status = t.status()
    expect(status.lastError).toMatch(
      /refused the login of user "router" \((bad user name or password|not authorized)\): check username and passwordFile/,
    )
    expect(log.lines.filter((l) => l.startsWith('error') && l.includes('refused the login'))).toHaveLength(1)
    // The router's calls stay synchronous and cheap while the broker refuses.
    const t1 = performance.now()
    for (let i = 0; i < 2000; i++) {
      t.binding(binding(`2001:db8:1::${(i % 200) + 1}`, '2001:db8:2::1', i))
      t.event({ kind: 'binding-refreshed', homeAddress: '2001:db8:1::1', careOfAddress: '2001:db8:2::1' })
    }
    expect(performance.now() - t1).toBeLessThan(1000)
    expect(t.status().connection).toBe('refused')

    const right = join(dir, 'right-password')
    writeFileSync(right, 's3cret\n', { mode: 0o600 })
    await telemetry({ url: m.url, id: 'ok', username: 'router', passwordFile: right })
  })

  it('TLS with a client certificate; a broker certificate that does not verify is a clear error', async () => {
    const certs: Certs = makeCerts(subdir('certs'))
    const m = await mosquitto('tls', { tls: certs })
    const url = `mqtts://127.0.0.1:${m.port}`
    const tls = { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile }
    const t = await telemetry({ url, id: 'secure', tls })
    t.binding(binding('2001:db8:1::100', '2001:db8:2::100', 3))
    const { readFileSync } = await import('node:fs')
    const probeTls = {
      ca: readFileSync(certs.caFile),
      cert: readFileSync(certs.clientCertFile),
      key: readFileSync(certs.clientKeyFile),
    }
    const p = await probe(url, ['mip6/secure/#'], probeTls)
    await p.waitFor(
      (x) => x.topic === 'mip6/secure/bindings/2001:db8:1::100' && x.retain,
      5000,
      'the binding over TLS',
    )
    expect(m.log).toMatch(/New client connected .* as mip6-router-secure .*u'mip6-router-test'/)

    const bad = await telemetry({ url, id: 'untrusted', tls: { ...tls, caFile: certs.otherCaFile } }, false)
    await new Promise<void>((resolve) => {
      const check = () => bad.status().lastError && resolve()
      bad.on('state', check)
      check()
    })
    expect(bad.status().connection).not.toBe('connected')
    expect(bad.status().lastError).toMatch(/certificate.*tls\.caFile/s)
  })

  it('announces the router to Home Assistant with valid discovery configs, again when it comes online', async () => {
    const m = await mosquitto('discovery')
    const t = await telemetry({ url: m.url, id: 'denali.lab' })
    t.info({
      version: '0.1.0',
      board: 'rpi4',
      interfaces: [
        { name: 'wlan0', role: 'home' },
        { name: 'wlan1.10', role: 'visited' },
      ],
      prefixes: [],
      dataplane: 'kernel',
    })
    t.interfaceState('wlan0', true)
    const p = await probe(m.url, ['homeassistant/#'])
    await p.waitUntil(() => p.seen.length >= 5 || undefined, 5000, 'five configs')
    const configs = await retainedSnapshot(m.url, 'homeassistant/#')
    const node = discoveryNodeId('denali.lab')
    expect(node).toMatch(/^mip6-router-denali_lab_[0-9a-f]{6}$/)
    expect([...configs.keys()].sort()).toEqual(
      [
        `homeassistant/binary_sensor/${node}/wlan0_connectivity/config`,
        `homeassistant/binary_sensor/${node}/${discoveryId('wlan1.10')}_connectivity/config`,
        `homeassistant/sensor/${node}/bindings/config`,
        `homeassistant/sensor/${node}/ras_sent/config`,
        `homeassistant/sensor/${node}/uptime/config`,
      ].sort(),
    )
    const ids = new Set<string>()
    for (const [topic, payload] of configs) {
      const config = JSON.parse(payload)
      expect(checkDiscoveryConfig(topic, config, 'homeassistant'), topic).toEqual([])
      expect(config.availability_topic).toBe('mip6/denali.lab/status')
      ids.add(config.unique_id)
    }
    expect(ids.size).toBe(configs.size)
    const wlan0 = JSON.parse(configs.get(`homeassistant/binary_sensor/${node}/wlan0_connectivity/config`)!)
    expect(wlan0).toMatchObject({
      device_class: 'connectivity',
      state_topic: 'mip6/denali.lab/interfaces/wlan0',
    })

    // Home Assistant's birth message: every config again.
    const seenBefore = p.seen.length
    await p.client.publishAsync('homeassistant/status', 'online')
    await p.waitUntil(() => p.seen.length >= seenBefore + 6 || undefined, 5000, 'the configs again')
    expect(new Set(p.seen.slice(seenBefore).map((x) => x.topic))).toEqual(
      new Set([...configs.keys(), 'homeassistant/status']),
    )
  })

  it('clears retained topics of its own that the router no longer has (an earlier run)', async () => {
    const m = await mosquitto('stale')
    const p = await probe(m.url, ['mip6/denali/#'])
    await p.client.publishAsync('mip6/denali/bindings/2001:db8:1::99', '{"old":true}', {
      qos: 1,
      retain: true,
    })
    await p.client.publishAsync('mip6/denali/health/ess', '{"old":true}', { qos: 1, retain: true })
    const t = await telemetry({ url: m.url, id: 'denali' })
    t.binding(binding('2001:db8:1::1', '2001:db8:2::1', 1))
    t.health('ess', 'ok')
    await p.waitFor(
      (x) => x.topic === 'mip6/denali/bindings/2001:db8:1::99' && x.payload === '',
      5000,
      'the stale binding cleared',
    )
    await settle(t)
    const snap = await retainedSnapshot(m.url, 'mip6/denali/#')
    expect(snap.has('mip6/denali/bindings/2001:db8:1::99')).toBe(false)
    expect(snap.has('mip6/denali/bindings/2001:db8:1::1')).toBe(true)
    expect(JSON.parse(snap.get('mip6/denali/health/ess')!)).toMatchObject({ subsystem: 'ess', state: 'ok' })
  })

  it('publishes health per subsystem, stations and stats', async () => {
    const m = await mosquitto('health')
    const t = await telemetry({
      url: m.url,
      id: 'denali',
      redactMacs: true,
      statsSource: () => ({ rasSent: 1234, messages: { BU: 3 } }),
    })
    const p = await probe(m.url, ['mip6/denali/#'])
    t.health('dataplane', 'degraded', 'no ip6_tunnel: userspace data plane')
    t.health('ra', 'ok')
    t.stations('wlan0', [
      { mac: '02:AA:BB:CC:DD:EE', ssid: 'home', signalDbm: -48, connectedS: 30, rxBytes: 1, txBytes: 2 },
    ])
    t.binding(binding('2001:db8:1::1', '2001:db8:2::1', 1))
    await settle(t)
    t.stats()
    const stats = await p.waitFor((x) => x.topic === 'mip6/denali/stats', 5000, 'stats')
    expect(stats.retain).toBe(false)
    expect(JSON.parse(stats.payload)).toMatchObject({ bindings: 1, rasSent: 1234, messages: { BU: 3 } })
    expect(JSON.parse(stats.payload).rssBytes).toBeGreaterThan(1e6)
    const snap = await retainedSnapshot(m.url, 'mip6/denali/#')
    expect(JSON.parse(snap.get('mip6/denali/health/dataplane')!)).toMatchObject({
      state: 'degraded',
      detail: 'no ip6_tunnel: userspace data plane',
    })
    expect(JSON.parse(snap.get('mip6/denali/stations/wlan0')!)).toMatchObject({
      count: 1,
      stations: [{ mac: 'xx:xx:xx:xx:dd:ee', ssid: 'home', signalDbm: -48 }],
    })
    expect(snap.has('mip6/denali/stats')).toBe(false)
  })

  it('runs allowed commands over an authenticated connection, and refuses retained or unlisted ones', async () => {
    const m = await mosquitto('commands', { users: { router: 'pw', operator: 'op' } })
    const pwFile = join(dir, 'cmd-password')
    writeFileSync(pwFile, 'pw', { mode: 0o600 })
    const dropped: string[] = []
    await telemetry({
      url: m.url,
      id: 'denali',
      username: 'router',
      passwordFile: pwFile,
      commands: {
        enabled: true,
        allow: ['drop-binding'],
        handlers: {
          'drop-binding': ({ args }) => {
            dropped.push((args as { homeAddress: string }).homeAddress)
            return { ok: true, message: 'dropped' }
          },
          'reload-config': () => ({ ok: true }),
        },
      },
    })
    const p = await probe(m.url, ['mip6/denali/cmd-reply/#'], { username: 'operator', password: 'op' })
    await p.client.publishAsync('mip6/denali/cmd/drop-binding', '{"homeAddress":"2001:db8:1::5"}', { qos: 1 })
    const ok = await p.waitFor((x) => x.topic === 'mip6/denali/cmd-reply/drop-binding', 5000, 'the reply')
    expect(JSON.parse(ok.payload)).toEqual({ command: 'drop-binding', ok: true, message: 'dropped' })
    expect(dropped).toEqual(['2001:db8:1::5'])

    await p.client.publishAsync('mip6/denali/cmd/reload-config', '', { qos: 1 })
    const unlisted = await p.waitFor(
      (x) => x.topic === 'mip6/denali/cmd-reply/reload-config',
      5000,
      'the refusal',
    )
    expect(JSON.parse(unlisted.payload)).toMatchObject({
      ok: false,
      message: 'command "reload-config" is not in the allow-list',
    })

    // MQTT 5 keeps the retain flag for us (retain as published); a retained command never runs.
    await p.client.publishAsync('mip6/denali/cmd/drop-binding', '{"homeAddress":"2001:db8:1::6"}', {
      qos: 1,
      retain: true,
    })
    const refused = await p.waitUntil(
      () => p.seen.filter((x) => x.topic === 'mip6/denali/cmd-reply/drop-binding')[1],
      5000,
      'the retained refusal',
    )
    expect(JSON.parse(refused.payload)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/retained commands are refused/),
    })
    expect(dropped).toEqual(['2001:db8:1::5'])
    await p.client.publishAsync('mip6/denali/cmd/drop-binding', '', { qos: 1, retain: true })
  })
})

async function waitState(t: Telemetry, connection: string, timeoutMs = 8000): Promise<void> {
  if (t.status().connection === connection) return
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`never ${connection}: ${JSON.stringify(t.status())}`)),
      timeoutMs,
    )
    const on = (s: { connection: string }) => {
      if (s.connection !== connection) return
      clearTimeout(timer)
      t.off('state', on)
      resolve()
    }
    t.on('state', on)
  })
}

/** Lets telemetry's scheduled flush and the broker's acknowledgements happen. */
async function settle(_t: Telemetry): Promise<void> {
  await new Promise((r) => setTimeout(r, 150))
}
