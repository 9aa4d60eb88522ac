// The YAML format's mqtt section: every key lands in the config with its place in the file
// marked (so telemetry's judgement of a value can point at it), and wrong types are errors at
// FILE:LINE:COL.
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, locate } from './diagnostic'
import { decodeYamlConfig } from './yaml-config'

const decode = (text: string) => decodeYamlConfig(text, 'config.yaml')
const lines = (text: string) => decode(text).diagnostics.map(formatDiagnostic)

const FULL = `mqtt:
  url: mqtts://broker.lab:8883
  username: router
  passwordFile: /etc/mip6-router/mqtt.pass
  prefix: lab/mip6
  keepaliveS: 15
  statsIntervalS: 10
  eventQueueLimit: 500
  redactMacs: on
  tls:
    caFile: /etc/ssl/lab-ca.pem
    certFile: /etc/mip6-router/client.pem
    keyFile: /etc/mip6-router/client.key
    verify: true
    servername: broker
  discovery: { enabled: false, prefix: ha }
  commands: { enabled: true, allow: [drop-binding, reload] }
`

describe('YAML config: mqtt', () => {
  it('is on with the embedded broker when absent', () => {
    expect(decode('').config!.mqtt).toEqual({
      enabled: true,
      tls: {},
      discovery: {},
      commands: { enabled: false, allow: [] },
    })
  })

  it('takes every setting, and marks where each one is', () => {
    const r = decode(FULL)
    expect(r.diagnostics).toEqual([])
    expect(r.config!.mqtt).toEqual({
      enabled: true,
      url: 'mqtts://broker.lab:8883',
      username: 'router',
      passwordFile: '/etc/mip6-router/mqtt.pass',
      prefix: 'lab/mip6',
      keepaliveS: 15,
      statsIntervalS: 10,
      eventQueueLimit: 500,
      redactMacs: true,
      tls: {
        caFile: '/etc/ssl/lab-ca.pem',
        certFile: '/etc/mip6-router/client.pem',
        keyFile: '/etc/mip6-router/client.key',
        verify: true,
        servername: 'broker',
      },
      discovery: { enabled: false, prefix: 'ha' },
      commands: { enabled: true, allow: ['drop-binding', 'reload'] },
    })
    expect(locate(r.sourceMap, 'mqtt.tls.certFile')).toMatchObject({ line: 12, col: 15 })
    expect(locate(r.sourceMap, 'mqtt.commands.allow')).toMatchObject({ line: 17, col: 37 })
    expect(locate(r.sourceMap, 'mqtt.url')).toMatchObject({ line: 2, col: 8 })
  })

  it('turns off with enabled: false', () => {
    expect(decode('mqtt: { enabled: false }').config!.mqtt.enabled).toBe(false)
  })

  it('reports wrong types and unknown keys where they are', () => {
    expect(lines('mqtt:\n  keepaliveS: soon\n  tls: { verify: maybe }\n  brokr: 1\n')).toEqual([
      'config.yaml:2:15: error: keepaliveS takes a whole number 0..4294967295, not "soon" (setting keepaliveS, value soon)',
      'config.yaml:3:18: error: verify takes true or false (or enabled, disabled), not "maybe" (setting verify, value maybe)',
      expect.stringMatching(/^config\.yaml:4:3: error: unknown key "brokr" in mqtt/),
    ])
    expect(lines('mqtt: broker.lab')).toEqual([
      expect.stringMatching(/^config\.yaml:1:7: error: mqtt must be a mapping \(enabled, url,/),
    ])
  })
})
