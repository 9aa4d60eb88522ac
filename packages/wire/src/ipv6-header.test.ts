import { describe, expect, it } from 'vitest'
import { mustParse } from './ipv6-address'
import { IPV6_HEADER_LENGTH, Ipv6Header, Ipv6View } from './ipv6-header'
import { hex, roundTrip } from './testing/round-trip'

// A BU from seed 002's mobile node to its home agent, header fields chosen by hand.
const golden = hex(`
  6 a3 12345          // version 6, traffic class 0xa3, flow label 0x12345
  0030                // payload length 48
  3c                  // next header 60 (Destination Options)
  40                  // hop limit 64
  20010db8000100000205 5dfffef2db2b // source 2001:db8:1:0:205:5dff:fef2:db2b
  20010db8000000000000 000000000000 // destination 2001:db8::
`)

const header: Ipv6Header = {
  trafficClass: 0xa3,
  flowLabel: 0x12345,
  payloadLength: 48,
  nextHeader: 60,
  hopLimit: 64,
  source: mustParse('2001:db8:1:0:205:5dff:fef2:db2b'),
  destination: mustParse('2001:db8::'),
}

describe('IPv6 fixed header', () => {
  it('emits and parses the golden bytes field by field', () => {
    roundTrip(Ipv6Header, header, golden)
  })

  it('reads fields in place through the view', () => {
    const v = new Ipv6View(golden)
    expect([v.version, v.trafficClass, v.flowLabel, v.payloadLength, v.nextHeader, v.hopLimit]).toEqual([
      6, 0xa3, 0x12345, 48, 60, 64,
    ])
  })

  it('rejects a version other than 6', () => {
    const bytes = golden.slice()
    bytes[0] = 0x45
    expect(Ipv6Header.parse(bytes)).toEqual({
      ok: false,
      error: { kind: 'bad-value', field: 'version', at: 0 },
    })
  })

  it('reports a short header as truncated', () => {
    expect(Ipv6Header.parse(golden.subarray(0, IPV6_HEADER_LENGTH - 1))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })
})
