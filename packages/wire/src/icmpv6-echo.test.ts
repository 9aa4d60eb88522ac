import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import { EchoReply, EchoRequest } from './icmpv6-echo'
import { mustParse } from './ipv6-address'
import { arbEchoReply, arbEchoRequest } from './testing/arb-nd'
import { describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { hex } from './testing/round-trip'

// Seed 002: the mobile node "raven" pings the home agent from its home address.
const raven = mustParse('2001:db8::205:5dff:fef2:db2b')
const denali = mustParse('2001:db8::')

// Hand-made from RFC 4443 §4.1; checksum as scapy computes it for raven -> denali.
const request = hex(`
  80          // type 128, Echo Request
  00          // code
  f91d        // checksum
  1234        // identifier
  0001        // sequence number
  70696e67    // data "ping"
`)

// RFC 4443 §4.2: the reply echoes identifier, sequence number and data; denali -> raven.
const reply = hex(`
  81          // type 129, Echo Reply
  00          // code
  f81d        // checksum
  1234        // identifier
  0001        // sequence number
  70696e67    // data "ping"
`)

describeMessageCases('ICMPv6 Echo (RFC 4443 §4)', [
  messageCase({
    name: 'Echo Request',
    codec: EchoRequest,
    value: {
      kind: 'echo-request',
      code: 0,
      checksum: 0xf91d,
      identifier: 0x1234,
      sequenceNumber: 1,
      data: new TextEncoder().encode('ping'),
    },
    golden: request,
    source: raven,
    destination: denali,
    scapy: `ICMPv6EchoRequest(id=0x1234, seq=1, data=b'ping')`,
    scapyFields: { ICMPv6EchoRequest: { type: 128, code: 0, id: 0x1234, seq: 1, data: { hex: '70696e67' } } },
    tshark: {
      'icmpv6.type': ['128'],
      'icmpv6.echo.identifier': ['0x1234'],
      'icmpv6.echo.sequence_number': ['1'],
    },
  }),
  messageCase({
    name: 'Echo Reply',
    codec: EchoReply,
    value: {
      kind: 'echo-reply',
      code: 0,
      checksum: 0xf81d,
      identifier: 0x1234,
      sequenceNumber: 1,
      data: new TextEncoder().encode('ping'),
    },
    golden: reply,
    source: denali,
    destination: raven,
    scapy: `ICMPv6EchoReply(id=0x1234, seq=1, data=b'ping')`,
    scapyFields: { ICMPv6EchoReply: { type: 129, code: 0, id: 0x1234, seq: 1, data: { hex: '70696e67' } } },
    tshark: { 'icmpv6.type': ['129'], 'icmpv6.echo.identifier': ['0x1234'] },
  }),
])

describe('ICMPv6 Echo properties', () => {
  it('refuses an echo shorter than identifier and sequence number', () => {
    expect(EchoRequest.parse(request.subarray(0, 7))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it('refuses a reply handed to the request codec', () => {
    expect(EchoRequest.parse(reply)).toEqual({
      ok: false,
      error: { kind: 'bad-value', field: 'type', at: 0 },
    })
  })

  it('round-trips generated echoes', () => {
    fc.assert(
      fc.property(fc.oneof(arbEchoRequest, arbEchoReply), (e) => {
        const bytes = e.kind === 'echo-request' ? encode(EchoRequest, e) : encode(EchoReply, e)
        const back = e.kind === 'echo-request' ? EchoRequest.parse(bytes) : EchoReply.parse(bytes)
        expect(back).toEqual({ ok: true, value: e })
      }),
      { numRuns: 300 },
    )
  })
})
