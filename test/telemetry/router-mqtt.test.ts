// The running router on MQTT, as a lab user watches it: seed 002's router in namespaces with a
// scapy mobile node, Debian's mosquitto in the router's namespace (where its loopback is), and
// mosquitto_sub as the subscriber. Registrations and deregistrations must show on the retained
// `bindings/<home address>` topics and on `events`; a broker that goes away and comes back must
// end up with the router's state; SIGTERM and SIGKILL must both leave `status` at `offline`.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hasCommand, requireTool } from '@mip6/wire/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HaLab, requireHaTools } from '../ha/support/ha-lab'
import { bindingAck, bindingUpdate, isBindingAck } from '../ha/support/packets'
import { NamespaceMosquitto, publish, retainedUnder, Subscriber } from './support/namespace-mqtt'

const SUITE = 'router telemetry (mosquitto, scapy mobile node)'
const OK = requireHaTools(SUITE) && requireTool(hasCommand('mosquitto_sub', 'mosquitto-clients'), SUITE)

const BASE = 'mip6/denali'
const topic = (leaf: string) => `${BASE}/${leaf}`

/** The router's id, and whatever else the test adds, in the native YAML beside the seed's files. */
function yamlConfig(dir: string, mqtt = ''): string {
  const file = join(dir, 'router.yaml')
  writeFileSync(file, `router:\n  id: denali\n${mqtt}`)
  return file
}

type Json = Record<string, unknown>
const json = (payload: string | undefined): Json => JSON.parse(payload ?? 'null') as Json
const events = (sub: Subscriber) => sub.on(topic('events')).map((m) => json(m.payload))

async function deregister(lab: HaLab, coa: string, hoa: string, seq: number): Promise<void> {
  const { reply } = await lab.ask(
    'mobile',
    bindingUpdate({ coa, hoa, seq, lifetimeUnits: 0 }),
    isBindingAck(),
    `BA for the deregistration of ${hoa}`,
  )
  expect(bindingAck(reply)?.status).toBe(0)
}

describe.runIf(OK)('the router publishes to a mosquitto broker', () => {
  let lab: HaLab
  let broker: NamespaceMosquitto
  let sub: Subscriber

  beforeAll(async () => {
    lab = await HaLab.create('mqtt', {
      beforeRouter: async (h) => {
        broker = await NamespaceMosquitto.start(h.lab, h.routerNs, h.dir)
      },
      routerArgs: (h) => ['--config', yamlConfig(h.dir), '--mqtt', broker.url],
    })
    sub = await Subscriber.start(lab.lab, lab.routerNs, 'mip6/#')
  })
  afterAll(async () => {
    sub?.close()
    await lab?.cleanup()
  })

  it('status online, info and health per subsystem are retained once the router is up', async () => {
    await sub.waitFor((m) => m.topic === topic('health/console'), 'health/console')
    const retained = await retainedUnder(lab.lab, lab.routerNs, `${BASE}/#`)
    expect(retained.get(topic('status'))).toBe('online')
    const info = json(retained.get(topic('info')))
    expect(info.interfaces).toEqual([
      { name: 'wlan0', role: 'home' },
      { name: 'wlan1', role: 'advertised' },
    ])
    expect(info.prefixes).toEqual(['2001:db8::/64', '2001:db8:1::/64'])
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(json(retained.get(topic('health/ra'))).state).toBe('ok')
    expect(json(retained.get(topic('health/home-agent'))).state).toBe('ok')
    expect(json(retained.get(topic('health/console'))).state).toBe('ok')
    // auto on a kernel without ip6_tunnel: the userspace data plane.
    expect(info.dataplane).toBe('userspace')
    expect(json(retained.get(topic('health/dataplane'))).state).toBe('ok')
  })

  it('a registration: bindings/<home address> holds the binding, and events got binding-registered', async () => {
    const coa = '2001:db8:1::2'
    const hoa = '2001:db8::beef'
    const ba = await lab.register(coa, hoa, 10)
    const event = await sub.waitFor(
      (m) => m.topic === topic('events') && json(m.payload).kind === 'binding-registered',
      'binding-registered',
    )
    expect(json(event.payload)).toMatchObject({
      homeAddress: hoa,
      careOfAddress: coa,
      status: 0,
      sequence: 10,
    })
    expect(typeof json(event.payload).seq).toBe('number')
    const retained = await retainedUnder(lab.lab, lab.routerNs, topic('bindings/#'))
    const binding = json(retained.get(topic(`bindings/${hoa}`)))
    expect(binding).toMatchObject({
      homeAddress: hoa,
      careOfAddress: coa,
      sequence: 10,
      lifetimeS: ba.lifetimeUnits4s * 4,
      flags: { acknowledge: true, homeRegistration: true },
    })
    expect(binding.lifetimeLeftS as number).toBeGreaterThan(ba.lifetimeUnits4s * 4 - 10)
    expect(Date.parse(binding.registeredAt as string)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('a deregistration empties the retained topic and sends binding-deregistered', async () => {
    const coa = '2001:db8:1::3'
    const hoa = '2001:db8::cafe'
    await lab.register(coa, hoa, 20)
    await deregister(lab, coa, hoa, 21)
    await sub.waitFor(
      (m) => m.topic === topic('events') && json(m.payload).kind === 'binding-deregistered',
      'binding-deregistered',
    )
    const retained = await retainedUnder(lab.lab, lab.routerNs, topic('bindings/#'))
    expect(retained.has(topic(`bindings/${hoa}`))).toBe(false)
    expect(retained.has(topic('bindings/2001:db8::beef'))).toBe(true)
  })

  it('the broker down while bindings change, then back: the router kept answering, the broker has its state and every event', async () => {
    await broker.stop()
    // While the broker is away the Home Agent answers as ever.
    await lab.register('2001:db8:1::4', '2001:db8::b', 30)
    await lab.register('2001:db8:1::5', '2001:db8::c', 40)
    await deregister(lab, '2001:db8:1::5', '2001:db8::c', 41)
    sub.close()
    await broker.run()
    sub = await Subscriber.start(lab.lab, lab.routerNs, 'mip6/#')
    const kinds = () =>
      events(sub)
        .filter((e) => ['2001:db8::b', '2001:db8::c'].includes(e.homeAddress as string))
        .map((e) => `${e.kind} ${e.homeAddress}`)
    await sub.waitFor(() => kinds().length >= 3, 'the events queued while the broker was away', 15_000)
    expect(kinds()).toEqual([
      'binding-registered 2001:db8::b',
      'binding-registered 2001:db8::c',
      'binding-deregistered 2001:db8::c',
    ])
    const seqs = events(sub).map((e) => e.seq as number)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const bindings = await retainedUnder(lab.lab, lab.routerNs, topic('bindings/#'))
    expect([...bindings.keys()].sort()).toEqual([
      topic('bindings/2001:db8::b'),
      topic('bindings/2001:db8::beef'),
    ])
    expect((await retainedUnder(lab.lab, lab.routerNs, topic('status'))).get(topic('status'))).toBe('online')
  })

  it('SIGTERM: offline is on status before the router exits', async () => {
    const from = sub.messages.length
    expect(await lab.stopRouter()).toBe(0)
    const status = await retainedUnder(lab.lab, lab.routerNs, topic('status'))
    expect(status.get(topic('status'))).toBe('offline')
    expect(sub.messages.slice(from).some((m) => m.topic === topic('status') && m.payload === 'offline')).toBe(
      true,
    )
  })

  it('after a restart the restored bindings are published again; SIGKILL: the broker sends the will, offline', async () => {
    const from = sub.messages.length
    await lab.startRouter()
    await sub.waitFor(
      (m) => sub.messages.indexOf(m) >= from && m.topic === topic('status') && m.payload === 'online',
      'online again',
    )
    const bindings = await retainedUnder(lab.lab, lab.routerNs, topic('bindings/#'))
    expect(bindings.has(topic('bindings/2001:db8::beef'))).toBe(true)
    const killedAt = sub.messages.length
    lab.router.signal('SIGKILL')
    await sub.waitFor(
      (m) => sub.messages.indexOf(m) >= killedAt && m.topic === topic('status') && m.payload === 'offline',
      'the will',
    )
  })
})

describe.runIf(OK)('a broker with logins', () => {
  let lab: HaLab
  const login = { username: 'denali', password: 'right password' }
  let passwordFile: string

  beforeAll(async () => {
    lab = await HaLab.create('mqttpw', {
      beforeRouter: async (h) => {
        await NamespaceMosquitto.start(h.lab, h.routerNs, h.dir, { [login.username]: login.password })
        passwordFile = join(h.dir, 'mqtt-password')
        writeFileSync(passwordFile, 'wrong password\n', { mode: 0o600 })
      },
      routerArgs: (h) => [
        '--config',
        yamlConfig(
          h.dir,
          `mqtt:\n  url: mqtt://127.0.0.1:1883\n  username: denali\n  passwordFile: ${passwordFile}\n` +
            '  statsIntervalS: 1\n  commands:\n    enabled: true\n    allow: [drop-binding]\n',
        ),
      ],
    })
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('a wrong password is a clear error in the log, and the router keeps answering Binding Updates', async () => {
    const line = await lab.router.waitLog((l) => /refused the login/.test(String(l.msg)), 'login refused')
    // mosquitto 2 answers a wrong password with MQTT 5's 135, not authorized.
    expect(line.msg).toMatch(
      /refused the login of user "denali" \((bad user name or password|not authorized)\): check username and passwordFile/,
    )
    expect(line.level).toBe('error')
    expect((await lab.register('2001:db8:1::2', '2001:db8::beef', 1)).status).toBe(0)
  })

  it('with the right one: stats every second, and drop-binding over MQTT ends a binding', async () => {
    writeFileSync(passwordFile, `${login.password}\n`, { mode: 0o600 })
    expect(await lab.stopRouter()).toBe(0)
    await lab.startRouter()
    const sub = await Subscriber.start(lab.lab, lab.routerNs, 'mip6/#', login)
    try {
      const stats = json((await sub.waitFor((m) => m.topic === topic('stats'), 'stats')).payload)
      expect(stats.rasSent as number).toBeGreaterThan(0)
      // The binding restored from the state directory; the Home Agent's counters by kind.
      expect(stats.bindings).toBe(1)
      expect(Object.keys(stats.homeAgent as Json)).toEqual(
        expect.arrayContaining(['received', 'bindingAcks', 'bindingErrors', 'drops']),
      )
      await publish(
        lab.lab,
        lab.routerNs,
        topic('cmd/drop-binding'),
        '{"homeAddress":"2001:db8::beef"}',
        login,
      )
      const reply = await sub.waitFor((m) => m.topic === topic('cmd-reply/drop-binding'), 'the reply')
      expect(json(reply.payload)).toMatchObject({ ok: true })
      expect(await lab.bindingCache()).toEqual([])
      const retained = await retainedUnder(lab.lab, lab.routerNs, topic('bindings/#'), login)
      expect(retained.size).toBe(0)
    } finally {
      sub.close()
    }
  })
})

describe.runIf(OK)('with no broker configured: the embedded broker', () => {
  let lab: HaLab
  let sub: Subscriber

  beforeAll(async () => {
    lab = await HaLab.create('mqttemb', { routerArgs: (h) => ['--config', yamlConfig(h.dir)] })
    sub = await Subscriber.start(lab.lab, lab.routerNs, 'mip6/#')
  })
  afterAll(async () => {
    sub?.close()
    await lab?.cleanup()
  })

  it('logs the subscribe command, and mosquitto_sub on 127.0.0.1 sees the router and its bindings', async () => {
    const up = lab.router.logs.find((l) => l.msg === 'embedded broker up')
    expect(up?.watch).toBe("mosquitto_sub -h 127.0.0.1 -p 1883 -t 'mip6/#' -v")
    await sub.waitFor((m) => m.topic === topic('status') && m.payload === 'online', 'online')
    await lab.register('2001:db8:1::2', '2001:db8::beef', 7)
    const binding = await sub.waitFor((m) => m.topic === topic('bindings/2001:db8::beef'), 'the binding')
    expect(json(binding.payload)).toMatchObject({ careOfAddress: '2001:db8:1::2', sequence: 7 })
  })
})
