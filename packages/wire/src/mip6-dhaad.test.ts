import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import { homeAgentsAnycast, mustParse, parsePrefix } from './ipv6-address'
import { HaadReply, HaadRequest } from './mip6-dhaad'
import { arbHaadReply, arbHaadRequest } from './testing/arb-nd'
import { describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { hex } from './testing/round-trip'

// Seed 002: raven, away on 2001:db8:1::/64, asks the Home-Agents anycast address of its home
// prefix 2001:db8::/64 (RFC 6275 §11.4.1), and denali (2001:db8::) answers with itself.
const ravenCoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const homePrefix = parsePrefix('2001:db8::/64')
if (!homePrefix.ok) throw new Error(homePrefix.error)
const anycast = homeAgentsAnycast(homePrefix.value)
const denali = mustParse('2001:db8::')

describeMessageCases('Dynamic Home Agent Address Discovery (RFC 6275 §6.5-6.6)', [
  // scapy's ICMPv6HAADRequest carries RFC 3963's Mobile Router flag as R, set by default;
  // RFC 6275 §6.5 has 16 Reserved bits there, so R=0 is given.
  messageCase({
    name: 'Request to the Home-Agents anycast address',
    codec: HaadRequest,
    value: { kind: 'haad-request', code: 0, checksum: 0xbef9, identifier: 0x1d2e, reserved: 0 },
    // Hand-made from RFC 6275 §6.5; checksum as scapy computes it.
    golden: hex(`
      90          // type 144, HAAD Request
      00          // code
      bef9        // checksum
      1d2e        // identifier
      0000        // reserved
    `),
    source: ravenCoa,
    destination: anycast,
    scapy: 'ICMPv6HAADRequest(id=0x1d2e, R=0)',
    scapyFields: { ICMPv6HAADRequest: { type: 144, code: 0, id: 0x1d2e, R: 0, res: 0 } },
    tshark: { 'icmpv6.type': ['144'], 'icmpv6.mip6.identifier': ['7470'] },
  }),
  messageCase({
    name: 'Reply listing one home agent',
    codec: HaadReply,
    value: {
      kind: 'haad-reply',
      code: 0,
      checksum: 0x8e2f,
      identifier: 0x1d2e,
      reserved: 0,
      homeAgents: [denali],
    },
    golden: hex(`
      91          // type 145, HAAD Reply
      00          // code
      8e2f        // checksum
      1d2e        // identifier, as in the request
      0000        // reserved
      20010db8000000000000000000000000 // home agent 2001:db8::
    `),
    source: denali,
    destination: ravenCoa,
    scapy: `ICMPv6HAADReply(id=0x1d2e, R=0, addresses=['2001:db8::'])`,
    scapyFields: { ICMPv6HAADReply: { type: 145, id: 0x1d2e, R: 0, res: 0, addresses: ['2001:db8::'] } },
    tshark: { 'icmpv6.type': ['145'], 'icmpv6.mip6.home_agent_address': ['2001:db8::'] },
  }),
])

describe('DHAAD fields', () => {
  it("keeps RFC 3963's Mobile Router flag in Reserved", () => {
    expect(HaadRequest.parse(hex('90 00 0000 1d2e 8000'))).toMatchObject({
      ok: true,
      value: { reserved: 0x8000 },
    })
  })

  it('refuses a Request with octets after Reserved, which could not be emitted back', () => {
    expect(HaadRequest.parse(hex('90 00 0000 1d2e 0000 00000000'))).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'messageBody', at: 8 },
    })
  })

  it('refuses a Reply whose address list is not whole addresses', () => {
    expect(HaadReply.parse(hex(`91 00 0000 1d2e 0000 ${'00'.repeat(17)}`))).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'homeAgentAddresses', at: 8 },
    })
  })

  it('accepts a Reply with no home agent at all', () => {
    expect(HaadReply.parse(hex('91 00 0000 1d2e 0000'))).toMatchObject({
      ok: true,
      value: { homeAgents: [] },
    })
  })

  it('round-trips generated requests and replies', () => {
    fc.assert(
      fc.property(arbHaadRequest, arbHaadReply, (request, reply) => {
        expect(HaadRequest.parse(encode(HaadRequest, request))).toEqual({ ok: true, value: request })
        expect(HaadReply.parse(encode(HaadReply, reply))).toEqual({ ok: true, value: reply })
      }),
      { numRuns: 300 },
    )
  })
})
