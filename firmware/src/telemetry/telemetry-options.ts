// The telemetry settings the router runs with: the config's `mqtt` section, with `--mqtt`
// on top (`none` turns telemetry off, a URL replaces the config's broker). No url means the
// embedded broker on 127.0.0.1.
import type { MqttConfig } from '@mip6/config'
import type { TelemetryOptions } from '@mip6/telemetry'

/** What run.ts takes from `--mqtt`. */
export type MqttFlag = { kind: 'none' } | { kind: 'url'; url: string } | undefined

export function parseMqttFlag(value: string | undefined): MqttFlag {
  if (value === undefined) return undefined
  return value === 'none' ? { kind: 'none' } : { kind: 'url', url: value }
}

/** Undefined when telemetry is off. Handlers, stats, logger and clock are the router's to add. */
export function telemetryOptionsFrom(
  mqtt: MqttConfig,
  flag: MqttFlag,
  id: string | undefined,
): TelemetryOptions | undefined {
  if (flag?.kind === 'none' || (!mqtt.enabled && flag === undefined)) return undefined
  const url = flag?.kind === 'url' ? flag.url : mqtt.url
  return {
    ...defined({
      url,
      username: mqtt.username,
      passwordFile: mqtt.passwordFile,
      prefix: mqtt.prefix,
      id,
      keepaliveS: mqtt.keepaliveS,
      statsIntervalS: mqtt.statsIntervalS,
      eventQueueLimit: mqtt.eventQueueLimit,
      redactMacs: mqtt.redactMacs,
    }),
    tls: defined(mqtt.tls),
    discovery: defined(mqtt.discovery),
    commands: { enabled: mqtt.commands.enabled, allow: mqtt.commands.allow },
    ...(mqtt.brokerPort === undefined ? {} : { embeddedBroker: { port: mqtt.brokerPort } }),
  }
}

/** Drops the keys whose value is undefined, so the telemetry package's defaults apply. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
