import { describe, expect, it } from 'vitest'
import { mustParse } from './ipv6-address'
import { fillMhChecksum, MobilityMessage, mhChecksumValid } from './mh'
import type { BindingUpdate } from './mh-binding-update'
import { crossCheckWithScapy, crossCheckWithTshark } from './testing/mh-interop'
import { seedBindingUpdate } from './testing/mh-values'
import { hex, roundTrip, toHex } from './testing/round-trip'

const careOfAddress = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const homeAddress = mustParse('2001:db8::beef')
const homeAgent = mustParse('2001:db8::')

// Seed 002: `IP6 2001:db8:1:0:205:5dff:fef2:db2b > 2001:db8::: DSTOPT mobility: BU seq#=54814
// AH lifetime=262140`. Fields from the seed, layout from RFC 6275 §6.1.7, checksum as scapy
// computes it for that packet (its Home Address option makes 2001:db8::beef the source).
const seedBu = hex(`
  3b          // payload proto 59, no next header
  01          // header len 1: 16 octets
  05          // MH type 5, Binding Update
  00          // reserved
  0de4        // checksum
  d61e        // sequence 54814
  c000        // A H set; L K and the other 12 bits clear
  ffff        // lifetime 65535 units of 4 s = 262140 s
  01 02 0000  // PadN: 2 octets to the 8-octet boundary
`)

const bu: BindingUpdate = {
  kind: 'binding-update',
  payloadProto: 59,
  mhReserved: 0,
  checksum: 0x0de4,
  sequence: 54814,
  acknowledge: true,
  homeRegistration: true,
  linkLocalCompatibility: false,
  keyManagementCompatibility: false,
  otherFlags: 0,
  lifetimeUnits4s: 65535,
  options: [{ kind: 'padn', padding: new Uint8Array(2) }],
}

describe('Binding Update (RFC 6275 §6.1.7)', () => {
  it('emits and parses the BU of seed 002 field by field', () => {
    roundTrip(MobilityMessage, bu, seedBu)
  })

  it('computes its checksum over the home address as source, as the Home Address option asks', () => {
    const bytes = seedBu.slice()
    fillMhChecksum(bytes, homeAddress, homeAgent)
    expect(toHex(bytes)).toBe(toHex(seedBu))
    expect(mhChecksumValid(seedBu, homeAddress, homeAgent)).toBe(true)
    expect(mhChecksumValid(seedBu, careOfAddress, homeAgent)).toBe(false)
  })

  it('keeps the flag bits later RFCs assigned (M, R, P) and the reserved ones, in place', () => {
    const golden = hex(`
      3b 01 05 00 0000  // common part, checksum not filled
      0001              // sequence 1
      3e01              // L K, then M R P (0x0e00) and reserved bit 0x0001
      0001              // lifetime 4 s
      01 02 0000        // PadN
    `)
    roundTrip(
      MobilityMessage,
      {
        ...bu,
        checksum: 0,
        sequence: 1,
        acknowledge: false,
        homeRegistration: false,
        linkLocalCompatibility: true,
        keyManagementCompatibility: true,
        otherFlags: 0x0e01,
        lifetimeUnits4s: 1,
      },
      golden,
    )
  })
})

const seedLike = seedBindingUpdate()

crossCheckWithScapy('Binding Update', [
  { name: 'seed BU', scapy: 'MIP6MH_BU(seq=54814, flags="AH", mhtime=65535)', message: seedLike },
  {
    name: 'BU with L K M R P and reserved bits',
    scapy: 'MIP6MH_BU(res=9, seq=1, flags="LKMRP", reserved=0x101, mhtime=0)',
    message: {
      ...seedLike,
      mhReserved: 9,
      sequence: 1,
      acknowledge: false,
      homeRegistration: false,
      linkLocalCompatibility: true,
      keyManagementCompatibility: true,
      otherFlags: 0x0f01,
      lifetimeUnits4s: 0,
    },
  },
])

crossCheckWithTshark('Binding Update', [
  {
    name: 'seed BU',
    message: seedLike,
    fields: {
      'mip6.mhtype': ['5'],
      'mip6.bu.seqnr': ['54814'],
      'mip6.bu.a_flag': ['1'],
      'mip6.bu.h_flag': ['1'],
      'mip6.bu.l_flag': ['0'],
      'mip6.bu.k_flag': ['0'],
      'mip6.bu.lifetime': ['65535'],
    },
  },
])
