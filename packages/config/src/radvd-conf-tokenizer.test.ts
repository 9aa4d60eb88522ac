// Token classes as radvd 2.19's scanner makes them (each case checked with radvd --configtest).
import { formatAddress } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { type RadvdToken, readsAsRadvdAddress, tokenizeRadvdConf } from './radvd-conf-tokenizer'

const kinds = (text: string) => tokenizeRadvdConf(text).map((t) => `${t.kind}:${t.text}`)
const one = (text: string): RadvdToken => tokenizeRadvdConf(text)[0]!

describe('radvd.conf tokenizer', () => {
  it('reads a statement as keyword, value and ";"', () => {
    expect(kinds('AdvSendAdvert on;')).toEqual(['keyword:AdvSendAdvert', 'switch:on', 'punct:;', 'eof:'])
  })

  it('reads a prefix as address, "/" and number', () => {
    const [a, slash, n] = tokenizeRadvdConf('2001:db8::/64')
    expect(a).toMatchObject({ kind: 'address', text: '2001:db8::' })
    expect(formatAddress(a!.address!)).toBe('2001:db8::')
    expect(slash).toMatchObject({ kind: 'punct', text: '/' })
    expect(n).toMatchObject({ kind: 'number', num: 64 })
  })

  it('gives a word the longest match, so "prefixes" and "64k" are strings', () => {
    expect(kinds('prefix prefixes 64 64k')).toEqual([
      'keyword:prefix',
      'string:prefixes',
      'number:64',
      'string:64k',
      'eof:',
    ])
  })

  it('keeps keywords and on/off case-sensitive, as radvd 2.19 does', () => {
    expect(kinds('advsendadvert ON Interface')).toEqual([
      'string:advsendadvert',
      'string:ON',
      'string:Interface',
      'eof:',
    ])
  })

  it('reads decimals, negative numbers, infinity and the preference words', () => {
    expect(tokenizeRadvdConf('0.05 -1 infinity low medium high').map((t) => [t.kind, t.num])).toEqual([
      ['decimal', 0.05],
      ['signed', -1],
      ['infinity', undefined],
      ['signed', -1],
      ['signed', 0],
      ['signed', 1],
      ['eof', undefined],
    ])
  })

  it('reads ".5" and "1." as strings, not decimals', () => {
    expect(kinds('.5 1.')).toEqual(['string:.5', 'string:1.', 'eof:'])
  })

  it('reads leading zeros as decimal numbers', () => {
    expect(one('0007')).toMatchObject({ kind: 'number', num: 7 })
    expect(one('00200.5')).toMatchObject({ kind: 'decimal', num: 200.5 })
  })

  it('refuses numbers above 4294967295 and accepts 4294967295', () => {
    expect(one('4294967295')).toMatchObject({ kind: 'number', num: 4294967295 })
    expect(one('4294967296')).toMatchObject({ kind: 'bad', problem: '4294967296 is larger than 4294967295' })
    expect(one('000000000004294967295')).toMatchObject({ kind: 'number', num: 4294967295 })
  })

  it('reads addresses of every shape radvd knows, but not ones starting with "::"', () => {
    expect(one('fe80::a200:0:0:1').kind).toBe('address')
    expect(one('2001:DB8:0:0:0:0:0:1').kind).toBe('address')
    expect(one('2001:db8::').kind).toBe('address')
    expect(one('::').kind).toBe('address')
    expect(one('::1').kind).toBe('string')
    expect(one('::ffff:192.0.2.1').kind).toBe('string')
    expect(readsAsRadvdAddress('0::1')).toBe(true)
  })

  it('refuses address-shaped words that are not addresses', () => {
    expect(one('1:2:3:4:5:6:7:8::')).toMatchObject({ kind: 'bad' })
    expect(one('12345::1').kind).toBe('string')
  })

  it('starts a comment with "#" only where a token starts', () => {
    expect(kinds('eth0#1 # comment { ;\nx')).toEqual(['string:eth0#1', 'string:x', 'eof:'])
  })

  it('reads quoted strings with escapes, across lines', () => {
    const [q, after] = tokenizeRadvdConf('"a \\"b\\"\nc" x')
    expect(q).toMatchObject({
      kind: 'string',
      quoted: true,
      str: 'a "b"\nc',
      line: 1,
      col: 1,
      endLine: 2,
      endCol: 3,
    })
    expect(after).toMatchObject({ kind: 'string', line: 2, col: 4 })
    expect(one('L"wide"')).toMatchObject({ kind: 'string', str: 'wide', quoted: true })
  })

  it('reports an unterminated quote as a bad token and goes on', () => {
    expect(kinds('"abc')).toEqual(['bad:"', 'string:abc', 'eof:'])
  })

  it('reports a carriage return and characters outside every rule', () => {
    expect(tokenizeRadvdConf('a\r\n|').map((t) => t.problem)).toEqual([
      undefined,
      'carriage return',
      'unexpected character "|"',
      undefined,
    ])
  })

  it('gives 1-based positions and the column after each token', () => {
    const t = tokenizeRadvdConf('interface wlan0\n\tAdvSendAdvert on;')
    expect(t.map((x) => [x.line, x.col, x.endCol])).toEqual([
      [1, 1, 10],
      [1, 11, 16],
      [2, 2, 15],
      [2, 16, 18],
      [2, 18, 19],
      [2, 19, 19],
    ])
  })
})
