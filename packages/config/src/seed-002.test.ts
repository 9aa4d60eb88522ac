// Seed 002's router "denali": its radvd.conf as the article printed it (the braces lost), the
// same file with the braces put back, and the native YAML of the same router.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatPrefix } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { loadConfig } from './load'
import { parseRadvdConf } from './radvd-conf-parser'
import { decodeYamlConfig } from './yaml-config'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')

describe('seed 002 radvd.conf', () => {
  it('as printed: says where each missing brace goes', () => {
    const r = loadConfig({ radvdConf: { file: 'radvd.conf', text: read('seed-002-radvd-as-printed.conf') } })
    expect(r.config).toBeUndefined()
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'radvd.conf:1:16: error: missing "{" after "interface wlan0"',
      'radvd.conf:10:29: error: missing "{" after "prefix 2001:db8::/64"',
      'radvd.conf:13:26: error: missing "};" to close "prefix 2001:db8::/64" (opened at 10:9)',
      'radvd.conf:13:26: error: missing "};" to close "interface wlan0" (opened at 1:1)',
      'radvd.conf:15:16: error: missing "{" after "interface wlan1"',
      'radvd.conf:24:31: error: missing "{" after "prefix 2001:db8:1::/64"',
      'radvd.conf:27:26: error: missing "};" to close "prefix 2001:db8:1::/64" (opened at 24:9)',
      'radvd.conf:27:26: error: missing "};" to close "interface wlan1" (opened at 15:1)',
    ])
  })

  it('with the braces restored: loads without a diagnostic', () => {
    const r = loadConfig({ radvdConf: { file: 'radvd.conf', text: read('seed-002-radvd.conf') } })
    expect(r.diagnostics).toEqual([])
    expect(r.config).toBeDefined()
  })

  it('with the braces restored: reads the router the article describes', () => {
    const { config } = parseRadvdConf(read('seed-002-radvd.conf'), 'radvd.conf')
    const [wlan0, wlan1] = config.interfaces
    expect(wlan0!.name).toBe('wlan0')
    expect(wlan0!.ra).toMatchObject({
      advSendAdvert: true,
      advIntervalOpt: true,
      maxRtrAdvIntervalS: 10,
      minRtrAdvIntervalS: 1,
      minDelayBetweenRasS: 1,
      advHomeAgentFlag: true,
      advDefaultLifetimeS: 30,
    })
    expect(
      wlan0!.ra.prefixes.map((p) => [formatPrefix(p.prefix), p.advOnLink, p.advAutonomous, p.advRouterAddr]),
    ).toEqual([['2001:db8::/64', true, true, true]])
    expect(wlan1!.name).toBe('wlan1')
    expect(wlan1!.ra).toMatchObject({ advHomeAgentFlag: false, advIntervalOpt: true, minRtrAdvIntervalS: 1 })
    expect(formatPrefix(wlan1!.ra.prefixes[0]!.prefix)).toBe('2001:db8:1::/64')
  })

  it('as printed, once recovered, means what the restored file means', () => {
    const printed = parseRadvdConf(read('seed-002-radvd-as-printed.conf'), 'radvd.conf')
    const restored = parseRadvdConf(read('seed-002-radvd.conf'), 'radvd.conf')
    expect(printed.config).toEqual(restored.config)
  })

  it('the native YAML of the seed configures the same RAs as its radvd.conf', () => {
    const yaml = decodeYamlConfig(read('seed-002.yaml'), 'seed-002.yaml')
    const radvd = parseRadvdConf(read('seed-002-radvd.conf'), 'radvd.conf')
    expect(yaml.diagnostics).toEqual([])
    expect(yaml.config!.interfaces).toEqual(radvd.config.interfaces)
    expect(yaml.config!.router).toEqual({
      id: 'denali',
      stateDir: '/var/lib/mip6-router',
      dataplane: 'auto',
      logLevel: 'info',
    })
  })

  it('without its Mobile IPv6 options, the seed fails the RFC 4861 minimums, and the message says what allows them', () => {
    const withoutMipv6 = read('seed-002-radvd.conf')
      .split('\n')
      .filter((line) => !line.includes('AdvIntervalOpt'))
      .join('\n')
      .replace('AdvHomeAgentFlag on;', 'AdvHomeAgentFlag off;')
      .replaceAll('AdvRouterAddr on;', 'AdvRouterAddr off;')
    const r = loadConfig({ radvdConf: { file: 'radvd.conf', text: withoutMipv6 } })
    const lines = r.diagnostics.map(formatDiagnostic)
    expect(lines).toContain(
      'radvd.conf:6:27: error: MinRtrAdvInterval 1 s on wlan0 is below 3 s; Mobile IPv6 allows down to 0.03 s when AdvIntervalOpt, AdvHomeAgentFlag or AdvHomeAgentInfo is on, or a prefix has AdvRouterAddr on (setting MinRtrAdvInterval, value 1, allowed 3..7.5)',
    )
    expect(lines.filter((l) => l.includes('error'))).toHaveLength(4)
  })
})
