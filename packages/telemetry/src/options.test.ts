import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { resolveOptions, TelemetryConfigError, type TelemetryOptions } from './options'

const handlers = { 'drop-binding': () => ({ ok: true }) }

describe('telemetry options', () => {
  it('defaults: prefix mip6, id the hostname, MQTT 5 with fallback, keepalive 30 s, embedded broker, no discovery there, no commands', () => {
    const o = resolveOptions({})
    expect(o).toMatchObject({
      url: undefined,
      prefix: 'mip6',
      id: hostname(),
      protocol: 'auto',
      keepaliveS: 30,
      eventQueueLimit: 10_000,
      discovery: { enabled: false, prefix: 'homeassistant' },
      commands: { enabled: false },
    })
    expect(resolveOptions({ url: 'mqtt://broker' }).discovery.enabled).toBe(true)
    expect(resolveOptions({ url: 'mqtt://broker', discovery: { enabled: false } }).discovery.enabled).toBe(
      false,
    )
  })

  it.each<[string, TelemetryOptions, RegExp]>([
    [
      'a password in the url',
      { url: 'mqtt://u:secret@broker' },
      /mqtt\.url: holds a password: put it in passwordFile/,
    ],
    ['an unknown scheme', { url: 'http://broker' }, /scheme http: is not one of mqtt: mqtts: ws: wss:/],
    ['not a url', { url: 'broker:1883:x' }, /scheme broker: is not one of/],
    ['keepalive 0', { keepaliveS: 0 }, /mqtt\.keepaliveS: 0 is not an integer in 1\.\.65535/],
    ['tls files with mqtt://', { url: 'mqtt://b', tls: { caFile: '/ca.pem' } }, /use mqtts:\/\/ or wss:\/\//],
    [
      'a cert without its key',
      { url: 'mqtts://b', tls: { certFile: '/c.pem' } },
      /certFile and tls.keyFile go together/,
    ],
    ['a password file without a user', { url: 'mqtt://b', passwordFile: '/pw' }, /no username/],
    ['a login for the embedded broker', { username: 'u', passwordFile: '/pw' }, /need a broker url/],
    ['a wildcard in the id', { id: 'a+b' }, /mqtt\.id: "a\+b" holds one of \+ # \//],
    ['a slash in the id', { id: 'a/b' }, /mqtt\.id: "a\/b" holds one of/],
    ['a $ prefix', { prefix: '$SYS' }, /reserved for the broker/],
    ['an empty prefix level', { prefix: 'a//b' }, /has a level that is empty/],
    [
      'commands on an anonymous connection',
      { url: 'mqtt://b', commands: { enabled: true, allow: ['drop-binding'], handlers } },
      /mqtt\.commands\.enabled: needs an authenticated broker connection/,
    ],
    [
      'commands with no allow-list',
      { url: 'mqtt://b', username: 'u', passwordFile: '/pw', commands: { enabled: true, handlers } },
      /mqtt\.commands\.allow: is needed with commands\.enabled/,
    ],
    [
      'an allowed command the firmware lacks',
      {
        url: 'mqtt://b',
        username: 'u',
        passwordFile: '/pw',
        commands: { enabled: true, allow: ['reboot'], handlers },
      },
      /"reboot" has no handler/,
    ],
  ])('refuses %s with a message naming the setting', (_what, options, message) => {
    expect(() => resolveOptions(options)).toThrow(TelemetryConfigError)
    expect(() => resolveOptions(options)).toThrow(message)
  })

  it('accepts commands over a login or a client certificate', () => {
    const allow = ['drop-binding']
    expect(
      resolveOptions({
        url: 'mqtt://b',
        username: 'u',
        passwordFile: '/pw',
        commands: { enabled: true, allow, handlers },
      }).commands.enabled,
    ).toBe(true)
    expect(
      resolveOptions({
        url: 'mqtts://b',
        tls: { certFile: '/c', keyFile: '/k' },
        commands: { enabled: true, allow, handlers },
      }).commands.enabled,
    ).toBe(true)
  })

  it('takes the username from the url, never a password', () => {
    expect(resolveOptions({ url: 'mqtt://router@b', passwordFile: '/pw' }).username).toBe('router')
  })
})
