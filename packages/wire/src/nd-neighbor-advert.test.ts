import { describe, expect, it } from 'vitest'
import { ALL_NODES, mustParse } from './ipv6-address'
import { NeighborAdvert } from './nd-neighbor-advert'
import { describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { hex } from './testing/round-trip'

// Seed 002: denali answers raven's solicitation on the visited link; and, as home agent,
// defends raven's home address on the home link with an unsolicited proxy advertisement
// carrying its own MAC (RFC 6275 §10.4.1).
const ravenCoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const ravenHoa = mustParse('2001:db8::205:5dff:fef2:db2b')
const denaliWlan1 = mustParse('2001:db8:1::')
const denaliWlan0 = mustParse('2001:db8::')

describeMessageCases('Neighbor Advertisement (RFC 4861 §4.4)', [
  messageCase({
    name: "a router's solicited answer with R, S and O",
    codec: NeighborAdvert,
    value: {
      kind: 'neighbor-advert',
      code: 0,
      checksum: 0x1d39,
      router: true,
      solicited: true,
      override: true,
      reserved: 0,
      target: denaliWlan1,
      options: [{ kind: 'target-lla', address: hex('00026f064610') }],
    },
    // Hand-made from RFC 4861 §4.4; checksum as scapy computes it.
    golden: hex(`
      88          // type 136, Neighbor Advertisement
      00          // code
      1d39        // checksum
      e0000000    // R=1 S=1 O=1, reserved 0
      20010db8000100000000000000000000 // target 2001:db8:1::
      02 01 00026f064610               // Target Link-layer Address 00:02:6f:06:46:10
    `),
    source: denaliWlan1,
    destination: ravenCoa,
    scapy: `ICMPv6ND_NA(R=1, S=1, O=1, tgt='2001:db8:1::')/ICMPv6NDOptDstLLAddr(lladdr='00:02:6f:06:46:10')`,
    scapyFields: {
      ICMPv6ND_NA: { type: 136, R: 1, S: 1, O: 1, res: 0, tgt: '2001:db8:1::' },
      ICMPv6NDOptDstLLAddr: { lladdr: '00:02:6f:06:46:10' },
    },
    tshark: {
      'icmpv6.nd.na.flag.r': ['1'],
      'icmpv6.nd.na.flag.s': ['1'],
      'icmpv6.nd.na.flag.o': ['1'],
      'icmpv6.nd.na.target_address': ['2001:db8:1::'],
    },
  }),
  // scapy's NA defaults to R=1 and O=1; this case clears R explicitly.
  messageCase({
    name: "the home agent's unsolicited proxy advertisement for a home address",
    codec: NeighborAdvert,
    value: {
      kind: 'neighbor-advert',
      code: 0,
      checksum: 0x4633,
      router: false,
      solicited: false,
      override: true,
      reserved: 0,
      target: ravenHoa,
      options: [{ kind: 'target-lla', address: hex('00026f060bcf') }],
    },
    golden: hex(`
      88          // type 136
      00          // code
      4633        // checksum
      20000000    // R=0 S=0 O=1
      20010db800000000 02055dfffef2db2b // target: raven's home address
      02 01 00026f060bcf               // Target Link-layer Address: denali's wlan0 MAC
    `),
    source: denaliWlan0,
    destination: ALL_NODES,
    scapy: `ICMPv6ND_NA(R=0, S=0, O=1, tgt='2001:db8::205:5dff:fef2:db2b')/ICMPv6NDOptDstLLAddr(lladdr='00:02:6f:06:0b:cf')`,
    scapyFields: { ICMPv6ND_NA: { R: 0, S: 0, O: 1, tgt: '2001:db8::205:5dff:fef2:db2b' } },
    tshark: { 'icmpv6.nd.na.flag.r': ['0'], 'icmpv6.nd.na.flag.s': ['0'], 'icmpv6.nd.na.flag.o': ['1'] },
  }),
])

describe('Neighbor Advertisement fields', () => {
  it('keeps the 29 reserved bits apart from R, S and O', () => {
    const r = NeighborAdvert.parse(hex(`88 00 0000 bfffffff ${'00'.repeat(16)}`))
    expect(r).toMatchObject({
      ok: true,
      value: { router: true, solicited: false, override: true, reserved: 0x1fff_ffff },
    })
  })
})
