// The telemetry settings, their defaults, and the checks that turn a bad setting into an
// error naming the setting, the value and what is allowed.
import { hostname } from 'node:os'
import type { CommandHandler } from './commands'
import { DEFAULT_DISCOVERY_PREFIX } from './discovery'
import type { TelemetryLogger } from './logger'
import { topicLevelProblem, topicPrefixProblem } from './topics'

export const DEFAULT_PREFIX = 'mip6'
export const DEFAULT_BROKER_PORT = 1883
export const URL_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'] as const

export interface TelemetryTls {
  /** PEM file of the CA(s) that sign the broker's certificate; default: the system's. */
  caFile?: string
  /** PEM client certificate and key, for brokers that ask for one. */
  certFile?: string
  keyFile?: string
  /** Check the broker's certificate and name; default true. */
  verify?: boolean
  /** The name the broker's certificate must hold; default the URL's host. */
  servername?: string
}

export interface TelemetryOptions {
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://` broker URL; absent: the embedded broker. */
  url?: string
  tls?: TelemetryTls
  /** May also come from the URL; a password never does. */
  username?: string
  /** File holding the password (trailing newline ignored): not the command line, not the URL. */
  passwordFile?: string
  /** Default `mip6`. */
  prefix?: string
  /** Default the hostname. */
  id?: string
  /** `auto` (default): MQTT 5, and 3.1.1 when the broker refuses 5. */
  protocol?: 'auto' | 5 | 4
  /** Default 30; must be > 0 so a dead link is noticed and the will is sent. */
  keepaliveS?: number
  /** Between attempts while the broker is unreachable. Default 2000. */
  reconnectPeriodMs?: number
  /** Before trying again after the broker refused the login. Default 60 000. */
  refusedRetryMs?: number
  /** Default 10 000. */
  connectTimeoutMs?: number
  /** Events kept while the broker is unreachable or slower than they come; the oldest go
   *  beyond. Default 10 000: a second of a 10k BU/s burst, about 3 MB (npm run bench). */
  eventQueueLimit?: number
  /** `stats` period; 0: only when stats() is called. Default 30. */
  statsIntervalS?: number
  /** What the periodic `stats` reports besides telemetry's own figures. */
  statsSource?: () => Record<string, unknown>
  /** Station MACs as `xx:xx:xx:xx:5e:01` on `stations/*` and in events. Default false. */
  redactMacs?: boolean
  /** Home Assistant discovery: on by default with a broker url, off with the embedded broker
   *  (Home Assistant cannot reach a broker that listens on the router's loopback). */
  discovery?: { enabled?: boolean; prefix?: string }
  /** Commands on `<prefix>/<id>/cmd/<name>`: off by default. */
  commands?: { enabled?: boolean; allow?: string[]; handlers?: Record<string, CommandHandler> }
  /** For the embedded broker (no url): 127.0.0.1 only; port default 1883, or a free one if that is taken; 0: a free one. */
  embeddedBroker?: { port?: number }
  /** Waits this long for the broker to take `offline` at stop. Default 2000. */
  stopTimeoutMs?: number
  /** A refresh (same care-of address) reaches `bindings/<hoa>` at most this much later; the
   *  `binding-refreshed` event goes at once. Default 10 000. */
  refreshRepublishMs?: number
  logger?: TelemetryLogger
  /** `monotonicMs` must be the clock of the Home Agent's `now` (binding expiry times). */
  clock?: { monotonicMs(): number; wallMs(): number }
}

/** `setting` is the option's path (`tls.certFile`), so a caller can point at it in a file. */
export class TelemetryConfigError extends Error {
  override name = 'TelemetryConfigError'
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`mqtt.${setting}: ${message}`)
  }
}

export interface ResolvedOptions {
  url: URL | undefined
  tls: TelemetryTls
  username: string | undefined
  passwordFile: string | undefined
  prefix: string
  id: string
  protocol: 'auto' | 5 | 4
  keepaliveS: number
  reconnectPeriodMs: number
  refusedRetryMs: number
  connectTimeoutMs: number
  eventQueueLimit: number
  statsIntervalS: number
  redactMacs: boolean
  discovery: { enabled: boolean; prefix: string }
  commands: { enabled: boolean; allow: string[]; handlers: Record<string, CommandHandler> }
  embeddedPort: number | undefined
  stopTimeoutMs: number
  refreshRepublishMs: number
}

export function resolveOptions(o: TelemetryOptions): ResolvedOptions {
  const fail = (setting: string, msg: string): never => {
    throw new TelemetryConfigError(setting, msg)
  }
  let url: URL | undefined
  if (o.url !== undefined) {
    try {
      url = new URL(o.url)
    } catch {
      fail('url', `"${o.url}" is not a URL (mqtt://host[:port], mqtts://, ws://host[:port]/path, wss://)`)
    }
    if (!URL_SCHEMES.includes(url!.protocol as (typeof URL_SCHEMES)[number]))
      fail('url', `"${o.url}": scheme ${url!.protocol} is not one of ${URL_SCHEMES.join(' ')}`)
    if (url!.password !== '')
      fail('url', 'holds a password: put it in passwordFile (a URL shows in ps, shell history and logs)')
  }
  const secure = url?.protocol === 'mqtts:' || url?.protocol === 'wss:'
  const tls = o.tls ?? {}
  if (!secure && (tls.caFile || tls.certFile || tls.keyFile))
    fail(
      'tls',
      `files are set but the url is ${url ? url.protocol : 'the embedded broker'}: use mqtts:// or wss://`,
    )
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined))
    fail('tls.certFile', 'tls.certFile and tls.keyFile go together: set both or neither')
  const username = o.username ?? (url?.username ? decodeURIComponent(url.username) : undefined)
  if (o.passwordFile !== undefined && username === undefined)
    fail('passwordFile', 'is set but no username (set username, or put it in the url as mqtt://user@host)')
  if (url === undefined && (username !== undefined || o.passwordFile !== undefined))
    fail('url', 'username and passwordFile need a broker url: the embedded broker takes no login')

  const prefix = o.prefix ?? DEFAULT_PREFIX
  const prefixProblem = topicPrefixProblem(prefix)
  if (prefixProblem) fail('prefix', `"${prefix}" ${prefixProblem}`)
  const id = o.id ?? hostname()
  const idProblem = topicLevelProblem(id)
  if (idProblem) fail('id', `"${id}" ${idProblem}: it is one topic level`)

  const protocol = o.protocol ?? 'auto'
  if (protocol !== 'auto' && protocol !== 5 && protocol !== 4)
    fail('protocol', `${String(protocol)} is not auto, 5 or 4 (3.1.1)`)
  const positive = (name: string, value: number | undefined, dflt: number, max: number) => {
    const v = value ?? dflt
    if (!Number.isInteger(v) || v <= 0 || v > max) fail(name, `${v} is not an integer in 1..${max}`)
    return v
  }
  // MQTT 3.1.1 §3.1.2.10: keep alive is 16 bits; 0 would turn off the broker's liveness check.
  const keepaliveS = positive('keepaliveS', o.keepaliveS, 30, 65535)
  const statsIntervalS = o.statsIntervalS ?? 30
  if (!Number.isInteger(statsIntervalS) || statsIntervalS < 0 || statsIntervalS > 86400)
    fail('statsIntervalS', `${statsIntervalS} is not an integer in 0..86400`)

  const discoveryPrefix = o.discovery?.prefix ?? DEFAULT_DISCOVERY_PREFIX
  const dp = topicPrefixProblem(discoveryPrefix)
  if (dp) fail('discovery.prefix', `"${discoveryPrefix}" ${dp}`)

  const commandsEnabled = o.commands?.enabled ?? false
  const allow = o.commands?.allow ?? []
  const handlers = o.commands?.handlers ?? {}
  if (commandsEnabled) {
    const authenticated =
      (username !== undefined && o.passwordFile !== undefined) || (secure && tls.certFile !== undefined)
    if (!authenticated)
      fail(
        'commands.enabled',
        'needs an authenticated broker connection: set username and passwordFile, ' +
          'or an mqtts:// url with tls.certFile and tls.keyFile',
      )
    if (allow.length === 0)
      fail('commands.allow', 'is needed with commands.enabled: the list of commands to accept')
    for (const name of allow) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
        fail('commands.allow', `"${name}" is not a command name ([a-z0-9-])`)
      if (handlers[name] === undefined) fail('commands.allow', `"${name}" has no handler in this firmware`)
    }
  }

  const embeddedPort = o.embeddedBroker?.port
  if (
    embeddedPort !== undefined &&
    (!Number.isInteger(embeddedPort) || embeddedPort < 0 || embeddedPort > 65535)
  )
    fail('embeddedBroker.port', `${embeddedPort} is not in 0..65535`)

  return {
    url,
    tls,
    username,
    passwordFile: o.passwordFile,
    prefix,
    id,
    protocol,
    keepaliveS,
    reconnectPeriodMs: positive('reconnectPeriodMs', o.reconnectPeriodMs, 2000, 3_600_000),
    refusedRetryMs: positive('refusedRetryMs', o.refusedRetryMs, 60_000, 86_400_000),
    connectTimeoutMs: positive('connectTimeoutMs', o.connectTimeoutMs, 10_000, 600_000),
    eventQueueLimit: positive('eventQueueLimit', o.eventQueueLimit, 10_000, 10_000_000),
    statsIntervalS,
    redactMacs: o.redactMacs ?? false,
    discovery: { enabled: o.discovery?.enabled ?? url !== undefined, prefix: discoveryPrefix },
    commands: { enabled: commandsEnabled, allow, handlers },
    embeddedPort,
    stopTimeoutMs: positive('stopTimeoutMs', o.stopTimeoutMs, 2000, 60_000),
    refreshRepublishMs: positive('refreshRepublishMs', o.refreshRepublishMs, 10_000, 3_600_000),
  }
}
