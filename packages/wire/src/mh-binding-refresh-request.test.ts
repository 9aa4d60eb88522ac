import { describe, it } from 'vitest'
import { MH_COMMON_DEFAULTS, MobilityMessage } from './mh'
import type { BindingRefreshRequest } from './mh-binding-refresh-request'
import { crossCheckWithScapy, crossCheckWithTshark } from './testing/mh-interop'
import { hex, roundTrip } from './testing/round-trip'

// Hand-made from RFC 6275 §6.1.2: the smallest Mobility Header, 8 octets.
const golden = hex(`
  3b    // payload proto 59
  00    // header len 0: 8 octets
  00    // MH type 0, Binding Refresh Request
  00    // reserved
  abcd  // checksum, as given
  0000  // reserved
`)

const brr: BindingRefreshRequest = {
  kind: 'binding-refresh-request',
  payloadProto: 59,
  mhReserved: 0,
  checksum: 0xabcd,
  reserved: 0,
  options: [],
}

describe('Binding Refresh Request (RFC 6275 §6.1.2)', () => {
  it('emits and parses a Binding Refresh Request field by field', () => {
    roundTrip(MobilityMessage, brr, golden)
  })

  it('keeps its reserved field and its options', () => {
    const withOption = hex(`
      3b 01 00 00 0000  // common part: 16 octets
      8001              // reserved, kept as received
      c8 04 01020304    // an unknown option, type 200
      00 00             // two Pad1
    `)
    roundTrip(
      MobilityMessage,
      {
        ...brr,
        checksum: 0,
        reserved: 0x8001,
        options: [
          { kind: 'unknown', type: 200, raw: new Uint8Array([1, 2, 3, 4]) },
          { kind: 'pad1' },
          { kind: 'pad1' },
        ],
      },
      withOption,
    )
  })
})

crossCheckWithScapy('Binding Refresh Request', [
  { name: 'BRR', scapy: 'MIP6MH_BRR()', message: { ...brr, ...MH_COMMON_DEFAULTS } },
  {
    name: 'BRR with a reserved field',
    scapy: 'MIP6MH_BRR(res2=0x8001)',
    message: { ...brr, ...MH_COMMON_DEFAULTS, reserved: 0x8001 },
  },
])

crossCheckWithTshark('Binding Refresh Request', [
  {
    name: 'BRR',
    message: { ...brr, ...MH_COMMON_DEFAULTS },
    fields: { 'mip6.mhtype': ['0'], 'mip6.hlen': ['0'] },
  },
])
