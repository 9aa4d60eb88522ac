import { describe, expect, it } from 'vitest'
import { ALL_ROUTERS, mustParse, UNSPECIFIED } from './ipv6-address'
import { RouterSolicit } from './nd-router-solicit'
import { describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { hex } from './testing/round-trip'

// Seed 002: raven, arriving on a link, solicits routers from its link-local address.
const ravenLinkLocal = mustParse('fe80::205:5dff:fef2:db2b')

describeMessageCases('Router Solicitation (RFC 4861 §4.1)', [
  messageCase({
    name: 'from a link-local address, with a Source Link-layer Address',
    codec: RouterSolicit,
    value: {
      kind: 'router-solicit',
      code: 0,
      checksum: 0x08e8,
      reserved: 0,
      options: [{ kind: 'source-lla', address: hex('00055df2db2b') }],
    },
    // Hand-made from RFC 4861 §4.1; checksum as scapy computes it.
    golden: hex(`
      85                  // type 133, Router Solicitation
      00                  // code
      08e8                // checksum
      00000000            // reserved
      01 01 00055df2db2b  // Source Link-layer Address 00:05:5d:f2:db:2b
    `),
    source: ravenLinkLocal,
    destination: ALL_ROUTERS,
    scapy: `ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr='00:05:5d:f2:db:2b')`,
    scapyFields: {
      ICMPv6ND_RS: { type: 133, code: 0, res: 0 },
      ICMPv6NDOptSrcLLAddr: { lladdr: '00:05:5d:f2:db:2b' },
    },
    tshark: { 'icmpv6.type': ['133'], 'icmpv6.opt.src_linkaddr': ['00:05:5d:f2:db:2b'] },
  }),
  messageCase({
    name: 'from the unspecified address, with no option (RFC 4861 §6.3.7)',
    codec: RouterSolicit,
    value: { kind: 'router-solicit', code: 0, checksum: 0x7bb8, reserved: 0, options: [] },
    golden: hex(`
      85          // type 133
      00          // code
      7bb8        // checksum
      00000000    // reserved
    `),
    source: UNSPECIFIED,
    destination: ALL_ROUTERS,
    scapy: 'ICMPv6ND_RS()',
    scapyFields: { ICMPv6ND_RS: { type: 133, res: 0 } },
    tshark: { 'icmpv6.type': ['133'] },
  }),
])

describe('Router Solicitation fields', () => {
  it('keeps a non-zero Reserved field as received', () => {
    const r = RouterSolicit.parse(hex('85 00 0000 deadbeef'))
    expect(r).toMatchObject({ ok: true, value: { reserved: 0xdeadbeef, options: [] } })
  })

  it('refuses an RS shorter than 8 octets', () => {
    expect(RouterSolicit.parse(hex('85 00 0000 000000'))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })
})
