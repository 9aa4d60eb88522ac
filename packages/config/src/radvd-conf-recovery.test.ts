// The parser goes on after an error and reports every one, each at FILE:LINE:COL, where radvd
// stops at the first with "syntax error".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostic'
import { parseRadvdConf } from './radvd-conf-parser'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')

function check(text: string): string[] {
  return parseRadvdConf(text, 'radvd.conf').diagnostics.map(formatDiagnostic)
}

describe('radvd.conf parser: recovery', () => {
  it('reports every mistake of a file at once', () => {
    const text = readFileSync(join(FIXTURES, 'radvd', 'invalid-syntax', 'many-errors.conf'), 'utf8')
    expect(check(text)).toEqual([
      'radvd.conf:4:16: error: AdvSendAdvert takes on or off, not "yes" (setting AdvSendAdvert, value yes)',
      'radvd.conf:5:22: error: missing ";" after "MaxRtrAdvInterval 10"',
      'radvd.conf:7:13: error: AdvLinkMTU takes a whole number, not "1280.5" (setting AdvLinkMTU, value 1280.5)',
      'radvd.conf:8:2: error: unknown option "advmanagedflag": radvd keywords are case-sensitive, write AdvManagedFlag (setting advmanagedflag)',
      'radvd.conf:12:3: error: unknown option "AdvAutonomus" in "prefix 2001:db8::/64"; did you mean AdvAutonomous? (setting AdvAutonomus)',
      'radvd.conf:13:20: error: AdvValidLifetime takes a number of seconds or infinity, not "forever" (setting AdvValidLifetime, value forever)',
      'radvd.conf:15:23: error: "route 2001:db8:1::/48" needs a block: write "{ };" even when it is empty',
      'radvd.conf:16:41: error: missing ";" after "AdvRDNSSLifetime 60"',
      'radvd.conf:19:15: error: missing "{" after "interface eth1"',
    ])
  })

  it('still reads the settings around the mistakes', () => {
    const text = readFileSync(join(FIXTURES, 'radvd', 'invalid-syntax', 'many-errors.conf'), 'utf8')
    const { config } = parseRadvdConf(text, 'radvd.conf')
    expect(config.interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1'])
    const [eth0, eth1] = config.interfaces
    expect(eth0!.ra).toMatchObject({ maxRtrAdvIntervalS: 10, minRtrAdvIntervalS: 3 })
    expect(eth0!.ra.prefixes[0]).toMatchObject({ advOnLink: true })
    expect(eth0!.ra.routes).toHaveLength(1)
    expect(eth0!.ra.rdnss[0]).toMatchObject({ advRdnssLifetimeS: 60 })
    expect(eth1!.ra).toMatchObject({ advSendAdvert: true })
    expect(eth1!.ra.prefixes).toHaveLength(1)
  })

  it('says where the "};" of a block is missing when the next block starts', () => {
    expect(
      check(
        'interface eth0 {\n\tprefix 2001:db8::/64 {\n\t\tAdvOnLink on;\n\tprefix 2001:db8:1::/64 {};\n};\n',
      ),
    ).toEqual(['radvd.conf:3:16: error: missing "};" to close "prefix 2001:db8::/64" (opened at 2:2)'])
  })

  it('says where the "};" of an interface is missing when the next interface starts', () => {
    expect(check('interface eth0 {\n\tAdvSendAdvert on;\ninterface eth1 {\n};\n')).toEqual([
      'radvd.conf:2:19: error: missing "};" to close "interface eth0" (opened at 1:1)',
    ])
  })

  it('tells a misplaced option inside a closed block from a missing "};"', () => {
    expect(check('interface eth0 {\n\tprefix 2001:db8::/64 {\n\t\tAdvSendAdvert on;\n\t};\n};\n')).toEqual([
      'radvd.conf:3:3: error: AdvSendAdvert is an interface option; it cannot appear in "prefix 2001:db8::/64" (setting AdvSendAdvert)',
    ])
  })

  it('names the block an option belongs in', () => {
    expect(check('interface eth0 {\n\tAdvOnLink on;\n};\n')).toEqual([
      'radvd.conf:2:2: error: AdvOnLink is a prefix option; it cannot appear directly in "interface eth0" (setting AdvOnLink)',
    ])
  })

  it('finds the "}" of a prefix whose "{" alone is missing', () => {
    const text =
      'interface eth0 {\n\tprefix 2001:db8::/64\n\t\tAdvOnLink off;\n\t};\n\tAdvSendAdvert on;\n};\n'
    expect(check(text)).toEqual(['radvd.conf:2:22: error: missing "{" after "prefix 2001:db8::/64"'])
    const { config } = parseRadvdConf(text, 'radvd.conf')
    expect(config.interfaces[0]!.ra).toMatchObject({ advSendAdvert: true })
    expect(config.interfaces[0]!.ra.prefixes[0]).toMatchObject({ advOnLink: false })
  })

  it('closes a brace-less prefix at the "};" of its interface', () => {
    expect(check('interface eth0 {\n\tprefix 2001:db8::/64\n\t\tAdvOnLink off;\n};\n')).toEqual([
      'radvd.conf:2:22: error: missing "{" after "prefix 2001:db8::/64"',
      'radvd.conf:3:17: error: missing "};" to close "prefix 2001:db8::/64" (opened at 2:2)',
    ])
  })

  it('reports a block that is never closed at the end of the file', () => {
    expect(check('interface eth0 {\n\tprefix 2001:db8::/64 {\n')).toEqual([
      'radvd.conf:2:24: error: missing "};" to close "prefix 2001:db8::/64" (opened at 2:2)',
      'radvd.conf:2:24: error: missing "};" to close "interface eth0" (opened at 1:1)',
    ])
  })

  it('reports a missing ";" after a closing "}"', () => {
    expect(check('interface eth0 {\n}\ninterface eth1 {\n};\n')).toEqual([
      'radvd.conf:2:2: error: missing ";" after the "}" that closes "interface eth0"',
    ])
  })

  it('reports stray tokens outside blocks once per run', () => {
    expect(check('AdvSendAdvert on;\nfoo bar;\ninterface eth0 {};\n};\n')).toEqual([
      'radvd.conf:1:1: error: "AdvSendAdvert" must be inside an "interface NAME { ... };" block',
      'radvd.conf:4:1: error: unexpected "}": no block is open here',
    ])
  })

  it('says an empty file has no interface', () => {
    expect(check('# only a comment\n')).toEqual([
      'radvd.conf:1:1: error: no interface block: radvd.conf needs at least one "interface NAME { ... };"',
    ])
  })

  it('reports a CRLF file once, then reads it', () => {
    const r = parseRadvdConf('interface eth0 {\r\n\tAdvSendAdvert on;\r\n};\r\n', 'radvd.conf')
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'radvd.conf:1:17: error: line ends in CR LF: radvd rejects the carriage return; save the file with LF line endings',
    ])
    expect(r.config.interfaces[0]!.ra.advSendAdvert).toBe(true)
  })

  it('names options of later radvd releases and what to use instead', () => {
    expect(
      check('interface eth0 {\n\tUnrestrictedUnicast on;\n\tnat64prefix 64:ff9b::/96 {};\n};\n'),
    ).toEqual([
      "radvd.conf:2:2: error: UnrestrictedUnicast is not in radvd 2.19's grammar (a later radvd added it); set unrestrictedUnicast in the YAML config (setting UnrestrictedUnicast)",
      "radvd.conf:3:2: error: nat64prefix is not in radvd 2.19's grammar (a later radvd added it); the RA engine does not send RFC 8781 PREF64 options yet (setting nat64prefix)",
    ])
  })

  it('explains addresses radvd 2.19 cannot read', () => {
    expect(check('interface eth0 {\n\tclients { ::1; };\n};\n')).toEqual([
      'radvd.conf:2:2: error: "clients" needs at least one address',
      'radvd.conf:2:12: error: "::1" is not an IPv6 address radvd can read (radvd 2.19 cannot read addresses that start with "::"; write 0::1)',
    ])
  })

  it('reports bad tokens once, not again as unexpected', () => {
    expect(check('interface eth0 {\n\tAdvLinkMTU 99999999999;\n\tAdvCurHopLimit 64 |;\n};\n')).toEqual([
      'radvd.conf:2:13: error: 99999999999 is larger than 4294967295',
      'radvd.conf:3:20: error: unexpected character "|"',
    ])
  })

  it('skips an unknown block whole', () => {
    expect(check('interface eth0 {\n\tfoo { AdvOnLink on; bar; };\n\tAdvSendAdvert on;\n};\n')).toEqual([
      'radvd.conf:2:2: error: unknown option "foo" in "interface eth0" (setting foo)',
    ])
  })
})
