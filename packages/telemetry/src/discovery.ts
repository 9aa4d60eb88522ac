// Home Assistant MQTT discovery (home-assistant.io/integrations/mqtt, "MQTT Discovery"):
// config messages on `<discovery_prefix>/<component>/[<node_id>/]<object_id>/config`, node
// and object ids from [a-zA-Z0-9_-], payloads with the documented (unabbreviated) keys. The
// router is one device; its entities read the router's own topics (`stats`, `interfaces/*`)
// and are available while `status` says `online`. `checkDiscoveryConfig` restates the rules
// the documentation gives, so a test can hold every payload to them.
import { createHash } from 'node:crypto'
import type { InterfaceInfo, RouterInfo } from './payloads'
import type { TopicTree } from './topics'

export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant'
export const ID_CHARSET = /^[a-zA-Z0-9_-]+$/

export interface DiscoveryMessage {
  topic: string
  payload: Record<string, unknown>
}

export interface DiscoveryContext {
  discoveryPrefix: string
  /** The router id (topic level `<id>`). */
  id: string
  topics: TopicTree
  info: RouterInfo | undefined
}

/**
 * An id from [a-zA-Z0-9_-] for any name: kept as it is when it fits, else the other
 * characters become `_` and a short hash of the name keeps `eth0.10` and `eth0_10` apart.
 */
export function discoveryId(name: string): string {
  if (ID_CHARSET.test(name)) return name
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 6)
  return `${name.replace(/[^a-zA-Z0-9_-]/g, '_')}_${hash}`
}

export function discoveryNodeId(id: string): string {
  return `mip6-router-${discoveryId(id)}`
}

/** Where a router's discovery configs live; the filter finds stale ones of earlier runs. */
export function discoveryFilter(discoveryPrefix: string, id: string): string {
  return `${discoveryPrefix}/+/${discoveryNodeId(id)}/+/config`
}

export function discoveryStatusTopic(discoveryPrefix: string): string {
  return `${discoveryPrefix}/status`
}

export function discoveryMessages(ctx: DiscoveryContext): DiscoveryMessage[] {
  const node = discoveryNodeId(ctx.id)
  const uid = (object: string) => `${node.replace(/-/g, '_')}_${object}`
  const common = {
    availability_topic: ctx.topics.status,
    payload_available: 'online',
    payload_not_available: 'offline',
    device: {
      identifiers: [node],
      name: `mip6-router ${ctx.id}`,
      manufacturer: 'mip6-router',
      model: ctx.info?.board ?? 'mip6-router',
      ...(ctx.info?.version === undefined ? {} : { sw_version: ctx.info.version }),
    },
    origin: {
      name: 'mip6-router',
      ...(ctx.info?.version === undefined ? {} : { sw_version: ctx.info.version }),
    },
  }
  const sensor = (object: string, fields: Record<string, unknown>): DiscoveryMessage => ({
    topic: `${ctx.discoveryPrefix}/sensor/${node}/${object}/config`,
    payload: { unique_id: uid(object), state_topic: ctx.topics.stats, ...fields, ...common },
  })
  const out: DiscoveryMessage[] = [
    sensor('bindings', {
      name: 'Bindings',
      value_template: '{{ value_json.bindings }}',
      state_class: 'measurement',
      icon: 'mdi:cellphone-link',
    }),
    sensor('ras_sent', {
      name: 'RAs sent',
      value_template: '{{ value_json.rasSent }}',
      state_class: 'total_increasing',
      icon: 'mdi:access-point',
    }),
    sensor('uptime', {
      name: 'Uptime',
      value_template: '{{ value_json.uptimeS }}',
      device_class: 'duration',
      unit_of_measurement: 's',
      state_class: 'measurement',
      entity_category: 'diagnostic',
    }),
  ]
  for (const iface of ctx.info?.interfaces ?? []) out.push(connectivity(ctx, node, uid, iface, common))
  return out
}

function connectivity(
  ctx: DiscoveryContext,
  node: string,
  uid: (object: string) => string,
  iface: InterfaceInfo,
  common: Record<string, unknown>,
): DiscoveryMessage {
  const object = `${discoveryId(iface.name)}_connectivity`
  return {
    topic: `${ctx.discoveryPrefix}/binary_sensor/${node}/${object}/config`,
    payload: {
      unique_id: uid(object),
      name: iface.role ? `${iface.name} (${iface.role})` : iface.name,
      device_class: 'connectivity',
      state_topic: ctx.topics.iface(iface.name),
      value_template: "{{ 'ON' if value_json.up else 'OFF' }}",
      payload_on: 'ON',
      payload_off: 'OFF',
      ...common,
    },
  }
}

// The documented configuration variables of the two components we publish.
const COMMON_KEYS = [
  'availability',
  'availability_mode',
  'availability_template',
  'availability_topic',
  'device',
  'device_class',
  'enabled_by_default',
  'encoding',
  'entity_category',
  'entity_picture',
  'expire_after',
  'force_update',
  'icon',
  'json_attributes_template',
  'json_attributes_topic',
  'name',
  'origin',
  'payload_available',
  'payload_not_available',
  'qos',
  'state_topic',
  'unique_id',
  'value_template',
]
const KEYS: Record<string, Set<string>> = {
  sensor: new Set([
    ...COMMON_KEYS,
    'last_reset_value_template',
    'options',
    'state_class',
    'suggested_display_precision',
    'unit_of_measurement',
  ]),
  binary_sensor: new Set([...COMMON_KEYS, 'off_delay', 'payload_off', 'payload_on']),
}
const DEVICE_KEYS = new Set([
  'configuration_url',
  'connections',
  'hw_version',
  'identifiers',
  'manufacturer',
  'model',
  'model_id',
  'name',
  'serial_number',
  'suggested_area',
  'sw_version',
  'via_device',
])
const ORIGIN_KEYS = new Set(['name', 'sw_version', 'support_url'])
const STATE_CLASSES = new Set(['measurement', 'measurement_angle', 'total', 'total_increasing'])
const ENTITY_CATEGORIES = new Set(['config', 'diagnostic'])
const DURATION_UNITS = new Set(['d', 'h', 'min', 's', 'ms'])
const BINARY_SENSOR_CLASSES = new Set([
  'battery',
  'battery_charging',
  'carbon_monoxide',
  'cold',
  'connectivity',
  'door',
  'garage_door',
  'gas',
  'heat',
  'light',
  'lock',
  'moisture',
  'motion',
  'moving',
  'occupancy',
  'opening',
  'plug',
  'power',
  'presence',
  'problem',
  'running',
  'safety',
  'smoke',
  'sound',
  'tamper',
  'update',
  'vibration',
  'window',
])

/** Every way `payload` on `topic` breaks the documented discovery rules; [] when it keeps them. */
export function checkDiscoveryConfig(topic: string, payload: unknown, discoveryPrefix: string): string[] {
  const problems: string[] = []
  const levels = topic.split('/')
  const prefixLevels = discoveryPrefix.split('/').length
  const rest = levels.slice(prefixLevels)
  if (levels.slice(0, prefixLevels).join('/') !== discoveryPrefix)
    problems.push(`topic ${topic} is not under ${discoveryPrefix}/`)
  if (rest.length < 3 || rest.length > 4 || rest[rest.length - 1] !== 'config')
    problems.push(`topic ${topic} is not <prefix>/<component>/[<node_id>/]<object_id>/config`)
  const component = rest[0] ?? ''
  for (const id of rest.slice(1, -1))
    if (!ID_CHARSET.test(id)) problems.push(`topic id "${id}" has characters outside [a-zA-Z0-9_-]`)
  const keys = KEYS[component]
  if (!keys) problems.push(`component "${component}" is not one this checker knows (sensor, binary_sensor)`)
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    problems.push('payload is not a JSON object')
    return problems
  }
  const p = payload as Record<string, unknown>
  for (const k of Object.keys(p))
    if (keys && !keys.has(k)) problems.push(`unknown key "${k}" for ${component}`)
  const str = (k: string) => typeof p[k] === 'string' && (p[k] as string).length > 0
  if (!str('state_topic')) problems.push('state_topic is required')
  if (!str('unique_id'))
    problems.push('unique_id is required (a device is only made for entities that have one)')
  else if (!ID_CHARSET.test(p.unique_id as string))
    problems.push(`unique_id "${p.unique_id}" has characters outside [a-zA-Z0-9_-]`)
  for (const k of ['state_topic', 'availability_topic', 'json_attributes_topic'])
    if (p[k] !== undefined && (!str(k) || /[+#]/.test(p[k] as string)))
      problems.push(`${k} must be a topic name without wildcards`)
  if (p.availability !== undefined && p.availability_topic !== undefined)
    problems.push('availability and availability_topic must not be used together')
  if (
    p.value_template !== undefined &&
    (!str('value_template') || !(p.value_template as string).includes('{{'))
  )
    problems.push('value_template must be a template string')
  if (p.qos !== undefined && ![0, 1, 2].includes(p.qos as number)) problems.push('qos must be 0, 1 or 2')
  if (p.entity_category !== undefined && !ENTITY_CATEGORIES.has(p.entity_category as string))
    problems.push(`entity_category "${p.entity_category}" is not config or diagnostic`)
  if (component === 'sensor' && p.entity_category === 'config')
    problems.push('a sensor cannot have entity_category config')
  if (p.state_class !== undefined && !STATE_CLASSES.has(p.state_class as string))
    problems.push(`state_class "${p.state_class}" is not one of ${[...STATE_CLASSES].join(', ')}`)
  if (
    component === 'binary_sensor' &&
    p.device_class !== undefined &&
    !BINARY_SENSOR_CLASSES.has(p.device_class as string)
  )
    problems.push(`device_class "${p.device_class}" is not a binary_sensor class`)
  if (
    component === 'sensor' &&
    p.device_class === 'duration' &&
    !DURATION_UNITS.has(p.unit_of_measurement as string)
  )
    problems.push('a duration sensor needs unit_of_measurement d, h, min, s or ms')
  problems.push(...checkDevice(p.device), ...checkOrigin(p.origin))
  return problems
}

function checkDevice(device: unknown): string[] {
  if (device === undefined) return []
  if (typeof device !== 'object' || device === null) return ['device must be an object']
  const d = device as Record<string, unknown>
  const problems = Object.keys(d)
    .filter((k) => !DEVICE_KEYS.has(k))
    .map((k) => `unknown device key "${k}"`)
  const ids = d.identifiers
  const connections = d.connections
  const hasIds = (typeof ids === 'string' && ids !== '') || (Array.isArray(ids) && ids.length > 0)
  const hasConnections = Array.isArray(connections) && connections.length > 0
  if (!hasIds && !hasConnections) problems.push('device needs identifiers or connections')
  return problems
}

function checkOrigin(origin: unknown): string[] {
  if (origin === undefined) return []
  if (typeof origin !== 'object' || origin === null) return ['origin must be an object']
  const o = origin as Record<string, unknown>
  const problems = Object.keys(o)
    .filter((k) => !ORIGIN_KEYS.has(k))
    .map((k) => `unknown origin key "${k}"`)
  if (typeof o.name !== 'string' || o.name === '') problems.push('origin needs a name')
  return problems
}
