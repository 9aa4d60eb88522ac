// The telemetry client: the router's state and events on MQTT (MQTT 5, or 3.1.1 when the
// broker speaks only that), never in the way of the router. Every call from the firmware is
// synchronous and cheap: it updates memory (the retained mirror, the bounded event queue)
// and schedules one flush on a later turn of the event loop; nothing here waits on the
// broker, and the broker being away only means the flush has nothing to do until it is back.
//
// On every connect: `status` online, then every retained topic the router owns (and the
// tombstones of what ended while the broker was away), then the queued events, in seq order,
// then (if the queue overflowed) one `events-dropped` event with the count. Retained topics
// of ours that the router no longer has (an earlier run's bindings) are emptied.
import { EventEmitter } from 'node:events'
import { readFile, stat } from 'node:fs/promises'
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'
import type { HaAction } from '@mip6/home-agent'
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { decideCommand, runCommand } from './commands'
import { discoveryFilter, discoveryMessages, discoveryNodeId, discoveryStatusTopic } from './discovery'
import { EmbeddedBroker } from './embedded-broker'
import { EventQueue } from './event-queue'
import type { TelemetryLogger, TelemetryLogLevel } from './logger'
import { type ResolvedOptions, resolveOptions, TelemetryConfigError, type TelemetryOptions } from './options'
import {
  addressText,
  type BindingRemoval,
  bindingJson,
  eventBody,
  eventJson,
  type HealthState,
  isoTime,
  type RouterInfo,
  type StationInput,
  stationsJson,
  type TelemetryBinding,
  type TelemetryEvent,
} from './payloads'
import { RetainedMirror } from './retained-mirror'
import { SUBSYSTEMS, type Subsystem, type TopicTree, topicMatches, topicTree } from './topics'

// Publishes handed to the client and not yet acknowledged. Beyond these, events wait in the
// bounded queue and retained topics stay dirty in the mirror (only their latest value is
// kept), so a broker that stops reading costs bounded memory. The window is wide because a
// busy Home Agent turns the event loop only tens of times a second, and each turn can hand
// over at most what the window has room for (npm run bench: the 10k BU/s burst).
const MAX_INFLIGHT_EVENTS = 1024
const MAX_INFLIGHT_RETAINED = 256

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'refused' | 'stopped'

export interface TelemetryStatus {
  connection: ConnectionState
  /** The broker, without credentials. */
  url: string | undefined
  protocolVersion: 4 | 5
  lastError: string | undefined
  eventsQueued: number
  eventsDropped: number
  eventsPublished: number
  /** Connections after the first. */
  reconnects: number
}

interface Events {
  state: [TelemetryStatus]
}

// MQTT 3.1.1 §3.2.2.3 return codes and MQTT 5 §3.2.2.2 reason codes of a refused CONNECT.
const V3_BAD_PROTOCOL = 1
const V5_UNSUPPORTED_PROTOCOL = 132
const REFUSED_LOGIN: Record<number, string> = {
  4: 'bad user name or password',
  5: 'not authorized',
  134: 'bad user name or password',
  135: 'not authorized',
}

export class Telemetry extends EventEmitter<Events> {
  readonly topics: TopicTree
  private readonly o: ResolvedOptions
  private readonly logger: TelemetryLogger | undefined
  private readonly clock: { monotonicMs(): number; wallMs(): number }
  private readonly statsSource: (() => Record<string, unknown>) | undefined
  private readonly mirror = new RetainedMirror()
  private readonly queue: EventQueue<string>
  /** `bindings/<hoa>` topic -> the care-of address it holds. */
  private readonly bindingTopics = new Map<string, string>()
  /** Refreshes not yet in the mirror, by topic: see refreshRepublishMs. */
  private readonly refreshes = new Map<string, TelemetryBinding>()
  private refreshTimer: NodeJS.Timeout | undefined
  private readonly healthSince = new Map<string, { state: string; since: string }>()
  private readonly interfaceSince = new Map<string, { up: boolean; since: string }>()
  private readonly discoveryTopics = new Set<string>()
  private readonly allow: ReadonlySet<string>
  private readonly startedMonoMs: number
  private readonly startedWallMs: number
  private infoValue: RouterInfo | undefined
  private seq = 0
  private inflight = 0
  private retainedInflight = 0
  private eventsPublished = 0
  private reconnects = 0
  private connectedOnce = false
  private client: MqttClient | undefined
  private online = false
  private connection: ConnectionState = 'idle'
  private lastError: string | undefined
  private lastLogged: string | undefined
  private protocolVersion: 4 | 5
  private url: URL | undefined
  private baseClientOptions: IClientOptions = {}
  private embedded: EmbeddedBroker | undefined
  private flushScheduled = false
  private retryTimer: NodeJS.Timeout | undefined
  private statsTimer: NodeJS.Timeout | undefined
  private loopDelay: IntervalHistogram | undefined
  private started = false
  private stopped = false

  constructor(options: TelemetryOptions = {}) {
    super()
    this.o = resolveOptions(options)
    this.logger = options.logger
    this.statsSource = options.statsSource
    this.clock = options.clock ?? { monotonicMs: () => performance.now(), wallMs: () => Date.now() }
    this.topics = topicTree(this.o.prefix, this.o.id)
    this.queue = new EventQueue(this.o.eventQueueLimit)
    this.allow = new Set(this.o.commands.enabled ? this.o.commands.allow : [])
    this.protocolVersion = this.o.protocol === 4 ? 4 : 5
    this.url = this.o.url
    this.startedMonoMs = this.clock.monotonicMs()
    this.startedWallMs = this.clock.wallMs()
    this.updateDiscovery()
  }

  // ---- the firmware's API: synchronous, never waits on the broker ----

  /** `info`, retained: version, board, interfaces, prefixes, data plane, start time. */
  info(info: RouterInfo): void {
    if (this.stopped) return
    this.infoValue = { ...info, startedAt: info.startedAt ?? isoTime(this.startedWallMs) }
    this.mirror.set(this.topics.info, JSON.stringify(this.infoValue))
    this.updateDiscovery()
    this.schedule()
  }

  /** `bindings/<home address>`: the binding's JSON, or emptied when it is a removal. */
  binding(b: TelemetryBinding | BindingRemoval): void {
    if (this.stopped) return
    const topic = this.topics.binding(addressText(b.homeAddress))
    if ('removed' in b) {
      this.bindingTopics.delete(topic)
      this.refreshes.delete(topic)
      this.mirror.remove(topic)
    } else {
      const careOf = addressText(b.careOfAddress)
      // At thousands of BU/s each refresh would cost a retained publish (and the broker a
      // stored copy): a binding whose care-of address stays is republished later, once.
      if (this.bindingTopics.get(topic) === careOf) {
        this.refreshes.set(topic, b)
        this.refreshTimer ??= setTimeout(() => this.republishRefreshes(), this.o.refreshRepublishMs).unref()
        return
      }
      this.bindingTopics.set(topic, careOf)
      this.refreshes.delete(topic)
      this.setBinding(topic, b)
    }
    this.schedule()
  }

  private setBinding(topic: string, b: TelemetryBinding): void {
    this.mirror.set(topic, JSON.stringify(bindingJson(b, this.clock.monotonicMs(), this.clock.wallMs())))
  }

  private republishRefreshes(): void {
    clearTimeout(this.refreshTimer)
    this.refreshTimer = undefined
    for (const [topic, b] of this.refreshes) this.setBinding(topic, b)
    this.refreshes.clear()
    this.schedule()
  }

  /** One event on `events` (QoS 1): numbered now, queued until the broker takes it. */
  event(e: TelemetryEvent): void {
    if (this.stopped) return
    if (e.kind === 'ra-interface-up' || e.kind === 'ra-interface-down')
      this.interfaceState(e.ifname, e.kind === 'ra-interface-up', e.reason)
    this.enqueue(eventBody(e, this.o.redactMacs))
  }

  /** `health/<subsystem>`, retained, so one subsystem's fault never reads as the router being down. */
  health(subsystem: Subsystem, state: HealthState, detail?: string): void {
    if (this.stopped) return
    if (!SUBSYSTEMS.includes(subsystem))
      throw new RangeError(`health: subsystem "${subsystem}" is not one of ${SUBSYSTEMS.join(', ')}`)
    const prev = this.healthSince.get(subsystem)
    const since = prev?.state === state ? prev.since : isoTime(this.clock.wallMs())
    this.healthSince.set(subsystem, { state, since })
    const body = { subsystem, state, ...(detail === undefined ? {} : { detail }), since }
    this.mirror.set(this.topics.health(subsystem), JSON.stringify(body))
    this.schedule()
  }

  /** `interfaces/<ifname>`, retained: link state, read by Home Assistant's connectivity sensor. */
  interfaceState(ifname: string, up: boolean, detail?: string): void {
    if (this.stopped) return
    const prev = this.interfaceSince.get(ifname)
    const since = prev?.up === up ? prev.since : isoTime(this.clock.wallMs())
    this.interfaceSince.set(ifname, { up, since })
    const body = { ifname, up, ...(detail === undefined ? {} : { detail }), since }
    this.mirror.set(this.topics.iface(ifname), JSON.stringify(body))
    this.schedule()
  }

  /** `stations/<ifname>`, retained: the stations associated on a radio. */
  stations(ifname: string, stations: StationInput[]): void {
    if (this.stopped) return
    const body = stationsJson(ifname, stations, this.o.redactMacs, this.clock.wallMs())
    const { updatedAt: _, ...comparable } = body
    const topic = this.topics.stations(ifname)
    const old = this.mirror.get(topic)
    if (old !== undefined) {
      const { updatedAt: __, ...oldComparable } = JSON.parse(old) as typeof body
      if (JSON.stringify(oldComparable) === JSON.stringify(comparable)) return
    }
    this.mirror.set(topic, JSON.stringify(body))
    this.schedule()
  }

  /** `stats` (QoS 0, not retained), now; dropped while the broker is away. */
  stats(extra: Record<string, unknown> = {}): void {
    if (this.stopped || !this.online || !this.client) return
    let source: Record<string, unknown> = {}
    try {
      source = this.statsSource?.() ?? {}
    } catch (e) {
      this.log('warn', `stats source failed: ${(e as Error).message}`)
    }
    const lag = this.loopDelay
    const body = {
      ts: isoTime(this.clock.wallMs()),
      uptimeS: Math.floor((this.clock.monotonicMs() - this.startedMonoMs) / 1000),
      bindings: this.bindingTopics.size,
      rssBytes: process.memoryUsage.rss(),
      ...(lag
        ? {
            eventLoopLagMs: {
              p50: round3(lag.percentile(50) / 1e6),
              p99: round3(lag.percentile(99) / 1e6),
              max: round3(lag.max / 1e6),
            },
          }
        : {}),
      telemetry: {
        eventsQueued: this.queue.length,
        eventsDropped: this.queue.droppedTotal,
        eventsPublished: this.eventsPublished,
        reconnects: this.reconnects,
      },
      ...source,
      ...extra,
    }
    lag?.reset()
    this.client.publish(this.topics.stats, JSON.stringify(body), { qos: 0, retain: false })
  }

  /** Translates what the Home Agent reports for telemetry; other actions are ignored. */
  fromHomeAgent(action: HaAction): void {
    switch (action.kind) {
      case 'binding-added':
      case 'binding-changed':
        this.binding(action.binding)
        break
      case 'binding-removed':
        this.binding({ homeAddress: action.binding.homeAddress, removed: true })
        break
      case 'event':
        this.event({
          kind: action.event,
          homeAddress: action.homeAddress,
          careOfAddress: action.careOfAddress,
          status: action.status,
          sequence: action.binding?.sequence,
          lifetimeS: action.binding?.grantedLifetimeS,
        })
        break
    }
  }

  status(): TelemetryStatus {
    return {
      connection: this.connection,
      url: this.url ? safeUrl(this.url) : undefined,
      protocolVersion: this.protocolVersion,
      lastError: this.lastError,
      eventsQueued: this.queue.length,
      eventsDropped: this.queue.droppedTotal,
      eventsPublished: this.eventsPublished,
      reconnects: this.reconnects,
    }
  }

  /** The embedded broker's port, when telemetry runs one. */
  get embeddedBrokerPort(): number | undefined {
    return this.embedded?.port
  }

  /** Resolves true once connected, false after `timeoutMs`; never rejects. */
  whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.connection === 'connected') return Promise.resolve(true)
    return new Promise((resolve) => {
      const onState = (s: TelemetryStatus) => {
        if (s.connection !== 'connected' && s.connection !== 'stopped') return
        done(s.connection === 'connected')
      }
      const timer = setTimeout(() => done(false), timeoutMs)
      const done = (v: boolean) => {
        clearTimeout(timer)
        this.off('state', onState)
        resolve(v)
      }
      this.on('state', onState)
    })
  }

  // ---- lifecycle ----

  /**
   * Reads the credential and TLS files, starts the embedded broker when no url is set, and
   * starts connecting. Resolves without waiting for the broker: a broker that is down or
   * refuses the login shows in status() and the log, and telemetry keeps trying.
   * Throws TelemetryConfigError for a setting or file that cannot work.
   */
  async start(): Promise<void> {
    if (this.started) throw new Error('telemetry is already started')
    this.started = true
    this.baseClientOptions = await this.fileOptions()
    if (this.url === undefined) {
      this.embedded = await EmbeddedBroker.start({
        ...(this.o.embeddedPort === undefined ? {} : { port: this.o.embeddedPort }),
        ...(this.logger ? { logger: this.logger } : {}),
      })
      this.url = new URL(this.embedded.url)
    }
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 })
    this.loopDelay.enable()
    if (this.o.statsIntervalS > 0) {
      this.statsTimer = setInterval(() => this.stats(), this.o.statsIntervalS * 1000)
      this.statsTimer.unref()
    }
    this.log('info', `telemetry to ${safeUrl(this.url)} as ${this.clientId} under ${this.topics.base}/`)
    this.createClient()
  }

  /**
   * Publishes what is pending, then `offline` on `status` (a broker sends no will after a
   * clean disconnect), waits for the broker to take it (at most stopTimeoutMs), disconnects
   * and stops the embedded broker.
   */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    clearTimeout(this.retryTimer)
    clearInterval(this.statsTimer)
    this.loopDelay?.disable()
    this.republishRefreshes()
    const client = this.client
    if (client) {
      if (this.online) {
        this.flush()
        await withTimeout(
          new Promise<void>((resolve) =>
            client.publish(this.topics.status, 'offline', { qos: 1, retain: true }, () => resolve()),
          ),
          this.o.stopTimeoutMs,
        )
      }
      this.online = false
      const ended = await withTimeout(
        client.endAsync(false).then(() => true),
        this.o.stopTimeoutMs,
      )
      if (!ended) client.end(true)
    }
    await this.embedded?.stop()
    this.setConnection('stopped')
  }

  // ---- the connection ----

  private get clientId(): string {
    return `mip6-router-${this.o.id}`
  }

  private async fileOptions(): Promise<IClientOptions> {
    const read = async (what: string, file: string | undefined) => {
      if (file === undefined) return undefined
      try {
        return await readFile(file)
      } catch (e) {
        throw new TelemetryConfigError(
          what,
          `cannot read ${file}: ${readProblem(e as NodeJS.ErrnoException)}`,
        )
      }
    }
    const opts: IClientOptions = {}
    const tls = this.o.tls
    const ca = await read('tls.caFile', tls.caFile)
    const cert = await read('tls.certFile', tls.certFile)
    const key = await read('tls.keyFile', tls.keyFile)
    if (ca) opts.ca = ca
    if (cert) opts.cert = cert
    if (key) opts.key = key
    if (this.url?.protocol === 'mqtts:' || this.url?.protocol === 'wss:') {
      opts.rejectUnauthorized = tls.verify ?? true
      if (tls.verify === false)
        this.log(
          'warn',
          "tls.verify is off: the broker's certificate is not checked, anyone on the path can pose as it",
        )
      if (tls.servername) opts.servername = tls.servername
    }
    if (this.o.username !== undefined) opts.username = this.o.username
    if (this.o.passwordFile !== undefined) {
      const raw = await read('passwordFile', this.o.passwordFile)
      const password = raw!.toString('utf8').replace(/\r?\n$/, '')
      if (password === '') throw new TelemetryConfigError('passwordFile', `${this.o.passwordFile} is empty`)
      opts.password = password
      const mode = (await stat(this.o.passwordFile)).mode
      if (mode & 0o077)
        this.log(
          'warn',
          `passwordFile ${this.o.passwordFile} can be read by others (mode ${(mode & 0o777).toString(8)}): chmod 600 it`,
        )
    }
    return opts
  }

  private createClient(): void {
    const url = this.url!
    const options: IClientOptions = {
      ...this.baseClientOptions,
      clientId: this.clientId,
      protocolVersion: this.protocolVersion,
      keepalive: this.o.keepaliveS,
      clean: true,
      reconnectPeriod: this.o.reconnectPeriodMs,
      connectTimeout: this.o.connectTimeoutMs,
      reconnectOnConnackError: false,
      resubscribe: false,
      queueQoSZero: false,
      will: { topic: this.topics.status, payload: Buffer.from('offline'), qos: 1, retain: true },
      ...(this.protocolVersion === 5 ? { properties: { sessionExpiryInterval: 0 } } : {}),
    }
    const client = connect(`${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`, options)
    this.client = client
    this.setConnection('connecting')
    client.on('connect', () => client === this.client && this.onConnect(client))
    client.on('close', () => client === this.client && this.onClose())
    client.on('error', (e) => client === this.client && this.onError(client, e))
    client.on('message', (topic, payload, packet) => {
      if (client === this.client) this.onMessage(client, topic, payload, packet)
    })
  }

  private replaceClient(after: number): void {
    const old = this.client
    this.client = undefined
    this.online = false
    old?.end(true)
    // The old client's callbacks never come (end(true) drops its store): start counting anew.
    this.inflight = 0
    this.retainedInflight = 0
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.createClient()
    }, after)
    this.retryTimer.unref()
  }

  private onConnect(client: MqttClient): void {
    if (this.connectedOnce) this.reconnects++
    this.connectedOnce = true
    this.online = true
    this.lastError = undefined
    this.lastLogged = undefined
    this.log(
      'info',
      `connected to ${safeUrl(this.url!)} (MQTT ${this.protocolVersion === 5 ? '5' : '3.1.1'})`,
    )
    this.setConnection('connected')
    client.publish(this.topics.status, 'online', { qos: 1, retain: true })
    const v5 = this.protocolVersion === 5
    const subs: Record<string, { qos: 0 | 1; nl?: boolean; rap?: boolean }> = {}
    for (const f of this.topics.dynamicFamilies) subs[f] = { qos: 1, ...(v5 ? { nl: true } : {}) }
    if (this.o.discovery.enabled) {
      subs[discoveryFilter(this.o.discovery.prefix, this.o.id)] = { qos: 1, ...(v5 ? { nl: true } : {}) }
      subs[discoveryStatusTopic(this.o.discovery.prefix)] = { qos: 1 }
    }
    if (this.o.commands.enabled) subs[this.topics.commandFilter] = { qos: 1, ...(v5 ? { rap: true } : {}) }
    client.subscribe(subs, (err) => {
      if (err) this.log('warn', `subscribe failed: ${err.message}`)
    })
    this.mirror.markAllDirty()
    this.flush()
  }

  private onClose(): void {
    const wasOnline = this.online
    this.online = false
    if (wasOnline)
      this.log('warn', `lost the broker ${safeUrl(this.url!)}; events queue (up to ${this.queue.limit})`)
    if (this.connection === 'connected' || this.connection === 'connecting')
      this.setConnection('disconnected')
  }

  private onError(client: MqttClient, e: Error & { code?: number | string }): void {
    const code = typeof e.code === 'number' ? e.code : undefined
    if (
      this.protocolVersion === 5 &&
      this.o.protocol === 'auto' &&
      (code === V3_BAD_PROTOCOL || code === V5_UNSUPPORTED_PROTOCOL)
    ) {
      this.protocolVersion = 4
      this.log('info', `broker ${safeUrl(this.url!)} does not speak MQTT 5; using 3.1.1`)
      this.replaceClient(0)
      return
    }
    if (code !== undefined && REFUSED_LOGIN[code] !== undefined) {
      const who =
        this.o.username === undefined ? 'an anonymous login' : `the login of user "${this.o.username}"`
      const fix =
        this.o.username === undefined
          ? 'set username and passwordFile (or a client certificate)'
          : 'check username and passwordFile'
      this.lastError = `broker ${safeUrl(this.url!)} refused ${who} (${REFUSED_LOGIN[code]}): ${fix}; trying again in ${Math.round(this.o.refusedRetryMs / 1000)} s`
      this.logOnce('error', this.lastError)
      this.setConnection('refused')
      if (client === this.client) this.replaceClient(this.o.refusedRetryMs)
      return
    }
    this.lastError = `${safeUrl(this.url!)}: ${e.message}${hint(e)}`
    this.logOnce('warn', this.lastError)
    this.emit('state', this.status())
  }

  private onMessage(client: MqttClient, topic: string, payload: Buffer, packet: IPublishPacket): void {
    if (this.o.discovery.enabled && topic === discoveryStatusTopic(this.o.discovery.prefix)) {
      if (payload.toString() === 'online') {
        this.log('info', 'Home Assistant is online: announcing the router again')
        for (const t of this.discoveryTopics) this.mirror.markDirty(t)
        this.schedule()
      }
      return
    }
    const families = [...this.topics.dynamicFamilies]
    if (this.o.discovery.enabled) families.push(discoveryFilter(this.o.discovery.prefix, this.o.id))
    if (families.some((f) => topicMatches(f, topic))) {
      // A retained value the router does not hold is left from an earlier run: clear it.
      if (packet.retain && payload.length > 0 && !this.mirror.has(topic)) {
        this.log('debug', `clearing stale retained ${topic}`)
        this.mirror.remove(topic)
        this.schedule()
      }
      return
    }
    if (!this.o.commands.enabled) return
    const decision = decideCommand(this.topics.base, topic, payload, packet.retain, this.allow)
    if (!decision) return
    const responseTopic = packet.properties?.responseTopic
    const correlationData = packet.properties?.correlationData
    const reply = (name: string, body: Record<string, unknown>) => {
      if (!this.online || client !== this.client) return
      const to = responseTopic && !/[+#]/.test(responseTopic) ? responseTopic : this.topics.commandReply(name)
      client.publish(to, JSON.stringify({ command: name, ...body }), {
        qos: 1,
        retain: false,
        ...(this.protocolVersion === 5 && correlationData ? { properties: { correlationData } } : {}),
      })
    }
    if (decision.kind === 'refuse') {
      this.log('warn', `refused MQTT command ${decision.name}: ${decision.reason}`)
      reply(decision.name, { ok: false, message: decision.reason })
      return
    }
    const { request } = decision
    const handler = this.o.commands.handlers[request.name]!
    void runCommand(handler, request).then((r) => {
      this.log(
        r.ok ? 'info' : 'warn',
        `MQTT command ${request.name}: ${r.ok ? 'done' : 'failed'}${r.message ? `: ${r.message}` : ''}`,
      )
      reply(request.name, { ...r })
    })
  }

  // ---- publishing ----

  private enqueue(body: Record<string, unknown>): void {
    this.seq++
    this.queue.push(eventJson(this.seq, this.clock.wallMs(), body))
    this.schedule()
  }

  private schedule(): void {
    if (this.flushScheduled || !this.online) return
    this.flushScheduled = true
    setImmediate(() => this.flush())
  }

  private flush(): void {
    this.flushScheduled = false
    const client = this.client
    if (!this.online || !client) return
    for (const d of this.mirror.takeDirty(MAX_INFLIGHT_RETAINED - this.retainedInflight)) {
      this.retainedInflight++
      client.publish(d.topic, d.payload, { qos: 1, retain: true }, (err) => {
        if (client !== this.client) return
        this.retainedInflight--
        if (!err) this.mirror.acknowledged(d.topic, d.version)
        if (this.mirror.dirtyCount > 0) this.schedule()
      })
    }
    while (this.inflight < MAX_INFLIGHT_EVENTS && this.queue.length > 0)
      this.publishEvent(client, this.queue.shift()!)
    if (this.queue.length === 0 && this.queue.droppedUnreported > 0 && this.inflight < MAX_INFLIGHT_EVENTS) {
      const count = this.queue.takeDropped()
      this.log(
        'warn',
        `${count} events were dropped: they came faster than the broker took them, or while it was away (queue limit ${this.queue.limit})`,
      )
      this.seq++
      this.publishEvent(client, eventJson(this.seq, this.clock.wallMs(), { kind: 'events-dropped', count }))
    }
  }

  private publishEvent(client: MqttClient, json: string): void {
    this.inflight++
    client.publish(this.topics.events, json, { qos: 1, retain: false }, (err) => {
      if (client !== this.client) return
      this.inflight--
      if (!err) this.eventsPublished++
      if (this.queue.length > 0 || this.queue.droppedUnreported > 0) this.schedule()
    })
  }

  private updateDiscovery(): void {
    if (!this.o.discovery.enabled) return
    const messages = discoveryMessages({
      discoveryPrefix: this.o.discovery.prefix,
      id: this.o.id,
      topics: this.topics,
      info: this.infoValue,
    })
    const now = new Set(messages.map((m) => m.topic))
    for (const old of this.discoveryTopics) if (!now.has(old)) this.mirror.remove(old)
    this.discoveryTopics.clear()
    for (const m of messages) {
      this.discoveryTopics.add(m.topic)
      this.mirror.set(m.topic, JSON.stringify(m.payload))
    }
  }

  /** Home Assistant's node id of this router (`mip6-router-<id>`). */
  get discoveryNodeId(): string {
    return discoveryNodeId(this.o.id)
  }

  private setConnection(c: ConnectionState): void {
    this.connection = c
    this.emit('state', this.status())
  }

  private log(level: TelemetryLogLevel, message: string): void {
    this.logger?.log(level, 'telemetry', message)
  }

  /** The same failure every reconnect period is logged once, until the next success. */
  private logOnce(level: TelemetryLogLevel, message: string): void {
    if (message === this.lastLogged) return
    this.lastLogged = message
    this.log(level, message)
  }
}

function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`
}

function hint(e: Error & { code?: number | string }): string {
  const code = String(e.code ?? '')
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code))
    return " (the broker's certificate does not verify: set tls.caFile to the CA that signed it, or tls.servername to the name it holds)"
  if (
    /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA/.test(
      `${code} ${e.message}`.toUpperCase(),
    )
  )
    return ' (the broker wants a client certificate it trusts: check tls.certFile and tls.keyFile)'
  if (code === 'ECONNREFUSED') return ' (no broker listening there; telemetry keeps trying)'
  return ''
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function readProblem(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
      return 'permission denied'
    case 'EISDIR':
      return 'a directory, not a file'
    default:
      return e.message
  }
}
