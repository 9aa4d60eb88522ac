import { describe, it } from 'vitest'
import { mustParse } from './ipv6-address'
import { MH_COMMON_DEFAULTS, MobilityMessage } from './mh'
import { type BindingError, BindingErrorStatus } from './mh-binding-error'
import { crossCheckWithScapy, crossCheckWithTshark } from './testing/mh-interop'
import { hex, roundTrip } from './testing/round-trip'

// Hand-made from RFC 6275 §6.1.9: the error a home agent sends for a Home Address option
// (seed 002's 2001:db8::beef) with no binding.
const golden = hex(`
  3b                                // payload proto 59
  02                                // header len 2: 24 octets
  07                                // MH type 7, Binding Error
  00                                // reserved
  1234                              // checksum, as given
  01                                // status 1, unknown binding for Home Address option
  00                                // reserved
  20010db800000000000000000000beef  // home address 2001:db8::beef
`)

const be: BindingError = {
  kind: 'binding-error',
  payloadProto: 59,
  mhReserved: 0,
  checksum: 0x1234,
  status: BindingErrorStatus.unknownBindingForHomeAddressOption,
  reserved: 0,
  homeAddress: mustParse('2001:db8::beef'),
  options: [],
}

describe('Binding Error (RFC 6275 §6.1.9)', () => {
  it('emits and parses a Binding Error field by field', () => {
    roundTrip(MobilityMessage, be, golden)
  })

  it('keeps its reserved octet and its options', () => {
    roundTrip(MobilityMessage, {
      ...be,
      status: BindingErrorStatus.unrecognizedMhType,
      reserved: 0xa5,
      options: [{ kind: 'unknown', type: 200, raw: new Uint8Array(6) }],
    })
  })
})

const plain: BindingError = { ...be, ...MH_COMMON_DEFAULTS }

crossCheckWithScapy('Binding Error', [
  { name: 'BE status 1', scapy: 'MIP6MH_BE(status=1, ha="2001:db8::beef")', message: plain },
  {
    name: 'BE status 2 with a reserved octet',
    scapy: 'MIP6MH_BE(status=2, reserved=165, ha="::")',
    message: {
      ...plain,
      status: BindingErrorStatus.unrecognizedMhType,
      reserved: 165,
      homeAddress: mustParse('::'),
    },
  },
])

crossCheckWithTshark('Binding Error', [
  {
    name: 'BE status 1',
    message: plain,
    fields: { 'mip6.mhtype': ['7'], 'mip6.be.status': ['1'], 'mip6.be.haddr': ['2001:db8::beef'] },
  },
])
