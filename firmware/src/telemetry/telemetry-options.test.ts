import { defaultRouterConfig } from '@mip6/config'
import { describe, expect, it } from 'vitest'
import { parseMqttFlag, telemetryOptionsFrom } from './telemetry-options'

const mqtt = () => defaultRouterConfig().mqtt

describe('telemetry options from the config and --mqtt', () => {
  it('with nothing configured: the embedded broker (no url), the router id as the topic id', () => {
    const o = telemetryOptionsFrom(mqtt(), undefined, 'denali')
    expect(o).toBeDefined()
    expect(o!.url).toBeUndefined()
    expect(o!.id).toBe('denali')
    expect(o!.commands).toEqual({ enabled: false, allow: [] })
  })

  it('--mqtt none, or mqtt.enabled false, turns telemetry off', () => {
    expect(telemetryOptionsFrom(mqtt(), parseMqttFlag('none'), undefined)).toBeUndefined()
    expect(telemetryOptionsFrom({ ...mqtt(), enabled: false }, undefined, undefined)).toBeUndefined()
  })

  it('--mqtt URL replaces the configured broker and turns a disabled section back on', () => {
    const configured = { ...mqtt(), enabled: false, url: 'mqtt://broker.lab', username: 'denali' }
    const o = telemetryOptionsFrom(configured, parseMqttFlag('mqtts://other:8883'), undefined)
    expect(o?.url).toBe('mqtts://other:8883')
    expect(o?.username).toBe('denali')
  })

  it('carries every setting across, the embedded broker port included', () => {
    const o = telemetryOptionsFrom(
      {
        enabled: true,
        url: 'mqtts://b',
        username: 'u',
        passwordFile: '/etc/mip6/pw',
        prefix: 'lab',
        tls: { caFile: '/ca.pem', verify: false },
        keepaliveS: 10,
        statsIntervalS: 5,
        eventQueueLimit: 50,
        redactMacs: true,
        discovery: { enabled: false },
        commands: { enabled: true, allow: ['reload'] },
        brokerPort: 0,
      },
      undefined,
      'r1',
    )
    expect(o).toEqual({
      url: 'mqtts://b',
      username: 'u',
      passwordFile: '/etc/mip6/pw',
      prefix: 'lab',
      id: 'r1',
      keepaliveS: 10,
      statsIntervalS: 5,
      eventQueueLimit: 50,
      redactMacs: true,
      tls: { caFile: '/ca.pem', verify: false },
      discovery: { enabled: false },
      commands: { enabled: true, allow: ['reload'] },
      embeddedBroker: { port: 0 },
    })
  })
})
