import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import { MH_COMMON_DEFAULTS, MobilityMessage } from './mh'
import type { CareOfTest, CareOfTestInit, HomeTest, HomeTestInit } from './mh-return-routability'
import { crossCheckWithScapy, crossCheckWithTshark } from './testing/mh-interop'
import { hex, roundTrip } from './testing/round-trip'

const cookie = hex('0102030405060708')
const token = hex('a1a2a3a4a5a6a7a8')

// Hand-made from RFC 6275 §6.1.3 and §6.1.5; the care-of variants differ only in MH Type.
const hotiGolden = hex(`
  3b                // payload proto 59
  01                // header len 1: 16 octets
  01                // MH type 1, Home Test Init
  00                // reserved
  0000              // checksum, not filled
  0000              // reserved
  0102030405060708  // home init cookie
`)

const hotGolden = hex(`
  3b                // payload proto 59
  02                // header len 2: 24 octets
  03                // MH type 3, Home Test
  00                // reserved
  0000              // checksum, not filled
  0102              // home nonce index 258
  0102030405060708  // home init cookie
  a1a2a3a4a5a6a7a8  // home keygen token
`)

const hoti: HomeTestInit = {
  ...MH_COMMON_DEFAULTS,
  kind: 'home-test-init',
  reserved: 0,
  initCookie: cookie,
  options: [],
}
const coti: CareOfTestInit = { ...hoti, kind: 'care-of-test-init' }
const hot: HomeTest = {
  ...MH_COMMON_DEFAULTS,
  kind: 'home-test',
  nonceIndex: 258,
  initCookie: cookie,
  keygenToken: token,
  options: [],
}
const cot: CareOfTest = { ...hot, kind: 'care-of-test' }

describe('return routability messages (RFC 6275 §6.1.3-§6.1.6)', () => {
  it('emits and parses a Home Test Init field by field', () => {
    roundTrip(MobilityMessage, hoti, hotiGolden)
  })

  it('emits a Care-of Test Init as a Home Test Init with MH Type 2', () => {
    const golden = hotiGolden.slice()
    golden[2] = 2
    roundTrip(MobilityMessage, coti, golden)
  })

  it('emits and parses a Home Test field by field', () => {
    roundTrip(MobilityMessage, hot, hotGolden)
  })

  it('emits a Care-of Test as a Home Test with MH Type 4', () => {
    const golden = hotGolden.slice()
    golden[2] = 4
    roundTrip(MobilityMessage, cot, golden)
  })

  it('keeps options after the keygen token', () => {
    roundTrip(MobilityMessage, { ...hot, options: [{ kind: 'unknown', type: 200, raw: new Uint8Array(6) }] })
  })

  it('will not emit a cookie or token that is not 8 octets', () => {
    expect(() => encode(MobilityMessage, { ...hoti, initCookie: new Uint8Array(7) })).toThrow(/not 8/)
    expect(() => encode(MobilityMessage, { ...cot, keygenToken: new Uint8Array(9) })).toThrow(/not 8/)
  })
})

// scapy's HoTI/CoTI keep the 16-bit Reserved field as two raw octets.
crossCheckWithScapy('Return routability', [
  { name: 'HoTI', scapy: 'MIP6MH_HoTI(cookie=bytes.fromhex("0102030405060708"))', message: hoti },
  {
    name: 'CoTI with a reserved field',
    scapy: 'MIP6MH_CoTI(reserved=b"\\x12\\x34", cookie=bytes.fromhex("0102030405060708"))',
    message: { ...coti, reserved: 0x1234 },
  },
  {
    name: 'HoT',
    scapy:
      'MIP6MH_HoT(index=258, cookie=bytes.fromhex("0102030405060708"), token=bytes.fromhex("a1a2a3a4a5a6a7a8"))',
    message: hot,
  },
  {
    name: 'CoT',
    scapy:
      'MIP6MH_CoT(index=258, cookie=bytes.fromhex("0102030405060708"), token=bytes.fromhex("a1a2a3a4a5a6a7a8"))',
    message: cot,
  },
])

// tshark 4.0 names the CoT's keygen token with the HoT's field, mip6.hot.token.
crossCheckWithTshark('Return routability', [
  {
    name: 'HoTI',
    message: hoti,
    fields: { 'mip6.mhtype': ['1'], 'mip6.hoti.cookie': ['0x0102030405060708'] },
  },
  {
    name: 'CoTI',
    message: coti,
    fields: { 'mip6.mhtype': ['2'], 'mip6.coti.cookie': ['0x0102030405060708'] },
  },
  {
    name: 'HoT',
    message: hot,
    fields: {
      'mip6.mhtype': ['3'],
      'mip6.hot.nindex': ['258'],
      'mip6.hot.cookie': ['0x0102030405060708'],
      'mip6.hot.token': ['0xa1a2a3a4a5a6a7a8'],
    },
  },
  {
    name: 'CoT',
    message: cot,
    fields: {
      'mip6.mhtype': ['4'],
      'mip6.cot.nindex': ['258'],
      'mip6.cot.cookie': ['0x0102030405060708'],
      'mip6.hot.token': ['0xa1a2a3a4a5a6a7a8'],
    },
  },
])
