import { describe, expect, it } from 'vitest'
import { mustParse } from './ipv6-address'
import { MH_COMMON_DEFAULTS, MobilityMessage, mhChecksumValid } from './mh'
import { type BindingAck, BindingAckStatus, bindingAckAccepted } from './mh-binding-ack'
import { crossCheckWithScapy, crossCheckWithTshark } from './testing/mh-interop'
import { hex, roundTrip } from './testing/round-trip'

const homeAddress = mustParse('2001:db8::beef')
const homeAgent = mustParse('2001:db8::')

// Seed 002: `IP6 2001:db8:: > 2001:db8:1:0:205:5dff:fef2:db2b: srcrt (type=2, [0]2001:db8::beef)
// mobility: BA status=0 seq#=54814 lifetime=262140`. Fields from the seed, layout from RFC 6275
// §6.1.8, checksum as scapy computes it for that packet (the type 2 routing header makes the
// home address the pseudo-header destination).
const seedBa = hex(`
  3b          // payload proto 59
  01          // header len 1: 16 octets
  06          // MH type 6, Binding Acknowledgement
  00          // reserved
  cce4        // checksum
  00          // status 0, accepted
  00          // K clear, other bits 0
  d61e        // sequence 54814
  ffff        // lifetime 65535 units of 4 s = 262140 s
  01 02 0000  // PadN to the 8-octet boundary
`)

const ba: BindingAck = {
  kind: 'binding-ack',
  payloadProto: 59,
  mhReserved: 0,
  checksum: 0xcce4,
  status: BindingAckStatus.accepted,
  keyManagementCompatibility: false,
  otherFlags: 0,
  sequence: 54814,
  lifetimeUnits4s: 65535,
  options: [{ kind: 'padn', padding: new Uint8Array(2) }],
}

describe('Binding Acknowledgement (RFC 6275 §6.1.8)', () => {
  it('emits and parses the BA of seed 002 field by field', () => {
    roundTrip(MobilityMessage, ba, seedBa)
    expect(mhChecksumValid(seedBa, homeAgent, homeAddress)).toBe(true)
  })

  it('keeps the K flag and the flag bits later RFCs assigned, in place', () => {
    const golden = hex(`
      3b 01 06 00 0000  // common part, checksum not filled
      87                // status 135, sequence number out of window
      e1                // K, then R P (0x60) and reserved bit 0x01
      0007              // sequence 7
      0000              // lifetime 0
      01 02 0000        // PadN
    `)
    roundTrip(
      MobilityMessage,
      {
        ...ba,
        checksum: 0,
        status: BindingAckStatus.sequenceNumberOutOfWindow,
        keyManagementCompatibility: true,
        otherFlags: 0x61,
        sequence: 7,
        lifetimeUnits4s: 0,
      },
      golden,
    )
  })

  it('names the status codes of RFC 6275 §6.1.8 and RFC 4285', () => {
    expect(BindingAckStatus).toMatchObject({
      accepted: 0,
      acceptedPrefixDiscoveryNecessary: 1,
      reasonUnspecified: 128,
      administrativelyProhibited: 129,
      insufficientResources: 130,
      homeRegistrationNotSupported: 131,
      notHomeSubnet: 132,
      notHomeAgentForThisMobileNode: 133,
      duplicateAddressDetectionFailed: 134,
      sequenceNumberOutOfWindow: 135,
      expiredHomeNonceIndex: 136,
      expiredCareOfNonceIndex: 137,
      expiredNonces: 138,
      registrationTypeChangeDisallowed: 139,
      mipv6IdMismatch: 144,
      mipv6MesgIdReqd: 145,
      mipv6AuthFail: 146,
    })
  })

  it('counts statuses below 128 as accepted', () => {
    expect(bindingAckAccepted(BindingAckStatus.acceptedPrefixDiscoveryNecessary)).toBe(true)
    expect(bindingAckAccepted(127)).toBe(true)
    expect(bindingAckAccepted(BindingAckStatus.reasonUnspecified)).toBe(false)
    expect(bindingAckAccepted(BindingAckStatus.mipv6AuthFail)).toBe(false)
  })
})

const seedLike: BindingAck = { ...ba, ...MH_COMMON_DEFAULTS, options: [] }

crossCheckWithScapy('Binding Acknowledgement', [
  { name: 'seed BA', scapy: 'MIP6MH_BA(status=0, flags=0, seq=54814, mhtime=65535)', message: seedLike },
  {
    name: 'BA refusing with K, R, P and a reserved bit',
    scapy: 'MIP6MH_BA(status=133, flags="KRP", res2=1, seq=7, mhtime=0)',
    message: {
      ...seedLike,
      status: BindingAckStatus.notHomeAgentForThisMobileNode,
      keyManagementCompatibility: true,
      otherFlags: 0x61,
      sequence: 7,
      lifetimeUnits4s: 0,
    },
  },
])

crossCheckWithTshark('Binding Acknowledgement', [
  {
    name: 'seed BA',
    message: seedLike,
    fields: {
      'mip6.mhtype': ['6'],
      'mip6.ba.status': ['0'],
      'mip6.ba.k_flag': ['0'],
      'mip6.ba.seqnr': ['54814'],
      'mip6.ba.lifetime': ['65535'],
    },
  },
  {
    name: 'BA with status 146 (MIPV6-AUTH-FAIL)',
    message: { ...seedLike, status: BindingAckStatus.mipv6AuthFail, keyManagementCompatibility: true },
    fields: { 'mip6.ba.status': ['146'], 'mip6.ba.k_flag': ['1'] },
  },
])
