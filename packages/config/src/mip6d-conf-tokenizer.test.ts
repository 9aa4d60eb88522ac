// The mip6d.conf tokenizer reads what UMIP 1.0's flex scanner reads, and marks what it refuses.
import { formatAddress } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { MIP6D_KEYWORDS, tokenizeMip6dConf } from './mip6d-conf-tokenizer'

const kinds = (text: string) => tokenizeMip6dConf(text).map((t) => [t.kind, t.text])

describe('mip6d.conf tokenizer', () => {
  it('reads every keyword of the scanner on its own', () => {
    for (const k of MIP6D_KEYWORDS)
      expect(kinds(k), k).toEqual([
        ['keyword', k],
        ['eof', ''],
      ])
  })

  it('reads the booleans: enabled, allow, true are on; disabled, deny, block, false are off', () => {
    const t = tokenizeMip6dConf('enabled allow true disabled deny block false')
    expect(t.slice(0, -1).map((x) => [x.kind, x.bool])).toEqual([
      ['bool', true],
      ['bool', true],
      ['bool', true],
      ['bool', false],
      ['bool', false],
      ['bool', false],
      ['bool', false],
    ])
  })

  it('reads a statement with its positions', () => {
    const t = tokenizeMip6dConf('NodeConfig HA;\n  Interface "wlan0";')
    expect(t.map((x) => [x.kind, x.text, x.line, x.col, x.endCol])).toEqual([
      ['keyword', 'NodeConfig', 1, 1, 11],
      ['keyword', 'HA', 1, 12, 14],
      ['punct', ';', 1, 14, 15],
      ['keyword', 'Interface', 2, 3, 12],
      ['string', '"wlan0"', 2, 13, 20],
      ['punct', ';', 2, 20, 21],
      ['eof', '', 2, 21, 21],
    ])
    expect(t[4]!.str).toBe('wlan0')
  })

  it('takes the longest keyword: HomeAgentAddress is not HomeAddress, TunnelMh is not Tunnel', () => {
    expect(
      kinds('HomeAgentAddress TunnelMh Tunnel SendMobPfxAdvs SendMobPfxSols InterfaceInitialInitDelay'),
    ).toEqual([
      ['keyword', 'HomeAgentAddress'],
      ['keyword', 'TunnelMh'],
      ['keyword', 'Tunnel'],
      ['keyword', 'SendMobPfxAdvs'],
      ['keyword', 'SendMobPfxSols'],
      ['keyword', 'InterfaceInitialInitDelay'],
      ['eof', ''],
    ])
  })

  it('reads numbers, decimals and every address shape of scan.l', () => {
    const t = tokenizeMip6dConf('262140 1.5 2001:db8::beef 2001:db8:: :: 1:2:3:4:5:6:7:8 fe80::1')
    expect(t.slice(0, 2).map((x) => [x.kind, x.num])).toEqual([
      ['number', 262140],
      ['decimal', 1.5],
    ])
    expect(t.slice(2, -1).map((x) => [x.kind, formatAddress(x.address!)])).toEqual([
      ['address', '2001:db8::beef'],
      ['address', '2001:db8::'],
      ['address', '::'],
      ['address', '1:2:3:4:5:6:7:8'],
      ['address', 'fe80::1'],
    ])
  })

  it('reads a prefix as address, "/", number and a prefix list with its punctuation', () => {
    expect(kinds('2001:db8::beef/64 (2001:db8:2::/64, 2001:db8:3::/64)').map(([k]) => k)).toEqual([
      'address',
      'punct',
      'number',
      'punct',
      'address',
      'punct',
      'number',
      'punct',
      'address',
      'punct',
      'number',
      'punct',
      'eof',
    ])
  })

  it('starts a comment at "#" anywhere outside a string', () => {
    expect(kinds('DebugLevel 1;# a comment\nDebugLogFile "/var/log/#mip6d";#x')).toEqual([
      ['keyword', 'DebugLevel'],
      ['number', '1'],
      ['punct', ';'],
      ['keyword', 'DebugLogFile'],
      ['string', '"/var/log/#mip6d"'],
      ['punct', ';'],
      ['eof', ''],
    ])
  })

  it('splits a run as flex does when every piece is a token, and says so on the first', () => {
    const t = tokenizeMip6dConf('NodeConfigHA;')
    expect(t.map((x) => [x.kind, x.text])).toEqual([
      ['keyword', 'NodeConfig'],
      ['keyword', 'HA'],
      ['punct', ';'],
      ['eof', ''],
    ])
    expect(t[0]!.splitFrom).toBe('NodeConfigHA')
    expect(t[1]!.splitFrom).toBeUndefined()
  })

  it('keeps a run that has an invalid character as one unreadable word', () => {
    for (const w of [
      'wlan0',
      'HomeAddres',
      'on',
      'Enabled',
      'nodeconfig',
      '-1',
      '64k',
      '1.',
      '.5',
      'ha',
      'raven@x',
    ])
      expect(kinds(w), w).toEqual([
        ['word', w],
        ['eof', ''],
      ])
  })

  it('refuses addresses that do not start with a hex group, or have an IPv4 part, saying why', () => {
    const [a, , b] = tokenizeMip6dConf('::1 ; ::ffff:192.0.2.1')
    expect(a).toMatchObject({
      kind: 'bad',
      problem: 'mip6d cannot read addresses that start with "::"; write 0::1',
    })
    expect(b).toMatchObject({ kind: 'bad', text: '::ffff:192.0.2.1' })
    expect(b!.problem).toMatch(/no dotted IPv4 part/)
    expect(tokenizeMip6dConf('1:2:3:4:5:6:7::8:9')[0]).toMatchObject({ kind: 'bad' })
  })

  it('refuses numbers above 4294967295', () => {
    expect(tokenizeMip6dConf('4294967295 4294967296').map((t) => t.kind)).toEqual(['number', 'bad', 'eof'])
  })

  it('refuses an unterminated string (it ends at the line end) and a carriage return', () => {
    const t = tokenizeMip6dConf('Interface "wlan0;\nNodeConfig HA;\r\n')
    expect(t.map((x) => x.kind)).toEqual(['keyword', 'bad', 'keyword', 'keyword', 'punct', 'bad', 'eof'])
    expect(t[1]!.problem).toMatch(/^unterminated string/)
    expect(t[2]).toMatchObject({ line: 2, col: 1 })
    expect(t[5]!.problem).toBe('carriage return')
  })

  it('reads every punctuation mark of scan.l', () => {
    expect(kinds('{};/=(),').map(([k]) => k)).toEqual([...Array(8).fill('punct'), 'eof'])
  })
})
