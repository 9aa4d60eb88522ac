// Discovery payloads held to Home Assistant's documented rules (home-assistant.io, MQTT
// integration, "MQTT Discovery" and the sensor / binary sensor configuration variables).
import { describe, expect, it } from 'vitest'
import {
  checkDiscoveryConfig,
  discoveryId,
  discoveryMessages,
  discoveryNodeId,
  ID_CHARSET,
} from './discovery'
import { topicTree } from './topics'

const info = {
  version: '0.1.0',
  board: 'apu2',
  interfaces: [
    { name: 'wlan0', role: 'home' },
    { name: 'wlan1' },
    { name: 'br-lan.10' },
    { name: 'br_lan_10' },
  ],
  prefixes: [],
  dataplane: 'kernel',
}

describe('Home Assistant discovery', () => {
  const messages = discoveryMessages({
    discoveryPrefix: 'homeassistant',
    id: 'denali',
    topics: topicTree('mip6', 'denali'),
    info,
  })

  it('announces the router as one device: three sensors and a connectivity sensor per interface', () => {
    expect(messages.map((m) => m.topic)).toEqual([
      'homeassistant/sensor/mip6-router-denali/bindings/config',
      'homeassistant/sensor/mip6-router-denali/ras_sent/config',
      'homeassistant/sensor/mip6-router-denali/uptime/config',
      'homeassistant/binary_sensor/mip6-router-denali/wlan0_connectivity/config',
      'homeassistant/binary_sensor/mip6-router-denali/wlan1_connectivity/config',
      `homeassistant/binary_sensor/mip6-router-denali/${discoveryId('br-lan.10')}_connectivity/config`,
      'homeassistant/binary_sensor/mip6-router-denali/br_lan_10_connectivity/config',
    ])
    const devices = new Set(messages.map((m) => JSON.stringify(m.payload.device)))
    expect(devices.size).toBe(1)
  })

  it('keeps every payload to the documented schema, with unique ids from [a-zA-Z0-9_-]', () => {
    for (const m of messages)
      expect(checkDiscoveryConfig(m.topic, m.payload, 'homeassistant'), m.topic).toEqual([])
    const ids = messages.map((m) => m.payload.unique_id as string)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.every((id) => ID_CHARSET.test(id))).toBe(true)
  })

  it('says where the state is and when the router is available', () => {
    const bindings = messages[0]!.payload
    expect(bindings).toMatchObject({
      name: 'Bindings',
      state_topic: 'mip6/denali/stats',
      value_template: '{{ value_json.bindings }}',
      availability_topic: 'mip6/denali/status',
      payload_available: 'online',
      payload_not_available: 'offline',
      device: {
        identifiers: ['mip6-router-denali'],
        manufacturer: 'mip6-router',
        model: 'apu2',
        sw_version: '0.1.0',
      },
    })
    expect(messages[2]!.payload).toMatchObject({ device_class: 'duration', unit_of_measurement: 's' })
    expect(messages[3]!.payload).toMatchObject({
      device_class: 'connectivity',
      state_topic: 'mip6/denali/interfaces/wlan0',
      name: 'wlan0 (home)',
    })
  })

  it('makes ids from any name: kept when they fit, else cleaned and told apart by a hash', () => {
    expect(discoveryId('wlan0')).toBe('wlan0')
    expect(discoveryId('br-lan.10')).toMatch(/^br-lan_10_[0-9a-f]{6}$/)
    expect(discoveryId('br-lan.10')).not.toBe(discoveryId('br-lan:10'))
    expect(discoveryNodeId('denali.lab')).toMatch(ID_CHARSET)
  })

  it.each<[string, string, Record<string, unknown>, RegExp]>([
    ['a node id with a dot', 'homeassistant/sensor/mip6.router/x/config', {}, /topic id "mip6.router"/],
    ['a topic not ending in config', 'homeassistant/sensor/n/x/state', {}, /is not <prefix>\/<component>/],
    [
      'no state_topic',
      'homeassistant/sensor/n/x/config',
      { state_topic: undefined },
      /state_topic is required/,
    ],
    ['no unique_id', 'homeassistant/sensor/n/x/config', { unique_id: undefined }, /unique_id is required/],
    ['a unique_id with spaces', 'homeassistant/sensor/n/x/config', { unique_id: 'a b' }, /unique_id "a b"/],
    ['an unknown key', 'homeassistant/sensor/n/x/config', { stat_t: 'x' }, /unknown key "stat_t"/],
    [
      'a device without ids',
      'homeassistant/sensor/n/x/config',
      { device: { name: 'r' } },
      /identifiers or connections/,
    ],
    [
      'both availability forms',
      'homeassistant/sensor/n/x/config',
      { availability: [] },
      /must not be used together/,
    ],
    [
      'a wildcard state topic',
      'homeassistant/sensor/n/x/config',
      { state_topic: 'a/#' },
      /without wildcards/,
    ],
    [
      'a bad binary_sensor class',
      'homeassistant/binary_sensor/n/x/config',
      { device_class: 'speed' },
      /not a binary_sensor class/,
    ],
    [
      'a duration without a unit',
      'homeassistant/sensor/n/x/config',
      { device_class: 'duration' },
      /duration sensor needs/,
    ],
  ])('the checker catches %s', (_what, topic, change, problem) => {
    const good = {
      unique_id: 'u1',
      name: 'x',
      state_topic: 'mip6/r/stats',
      availability_topic: 'mip6/r/status',
      device: { identifiers: ['r'] },
    }
    const payload: Record<string, unknown> = { ...good, ...change }
    for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k]
    expect(checkDiscoveryConfig(topic, payload, 'homeassistant').join('\n')).toMatch(problem)
  })
})
