import { describe, expect, it } from 'vitest'
import { mustParse, solicitedNodeMulticast, UNSPECIFIED } from './ipv6-address'
import { NeighborSolicit } from './nd-neighbor-solicit'
import { describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { hex } from './testing/round-trip'

// Seed 002: raven on the visited link resolves denali's wlan1 address; denali, as home agent,
// runs Duplicate Address Detection for raven's home address (RFC 6275 §10.4.1).
const ravenCoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const ravenHoa = mustParse('2001:db8::205:5dff:fef2:db2b')
const denaliWlan1 = mustParse('2001:db8:1::')

describeMessageCases('Neighbor Solicitation (RFC 4861 §4.3)', [
  messageCase({
    name: 'address resolution with a Source Link-layer Address',
    codec: NeighborSolicit,
    value: {
      kind: 'neighbor-solicit',
      code: 0,
      checksum: 0xaae4,
      reserved: 0,
      target: denaliWlan1,
      options: [{ kind: 'source-lla', address: hex('00055df2db2b') }],
    },
    // Hand-made from RFC 4861 §4.3; checksum as scapy computes it.
    golden: hex(`
      87          // type 135, Neighbor Solicitation
      00          // code
      aae4        // checksum
      00000000    // reserved
      20010db8000100000000000000000000 // target 2001:db8:1::
      01 01 00055df2db2b               // Source Link-layer Address
    `),
    source: ravenCoa,
    destination: solicitedNodeMulticast(denaliWlan1),
    scapy: `ICMPv6ND_NS(tgt='2001:db8:1::')/ICMPv6NDOptSrcLLAddr(lladdr='00:05:5d:f2:db:2b')`,
    scapyFields: {
      ICMPv6ND_NS: { type: 135, res: 0, tgt: '2001:db8:1::' },
      ICMPv6NDOptSrcLLAddr: { lladdr: '00:05:5d:f2:db:2b' },
    },
    tshark: { 'icmpv6.nd.ns.target_address': ['2001:db8:1::'] },
  }),
  messageCase({
    name: "the home agent's DAD probe for a home address",
    codec: NeighborSolicit,
    value: {
      kind: 'neighbor-solicit',
      code: 0,
      checksum: 0x36ae,
      reserved: 0,
      target: ravenHoa,
      options: [],
    },
    golden: hex(`
      87          // type 135
      00          // code
      36ae        // checksum
      00000000    // reserved
      20010db800000000 02055dfffef2db2b // target: raven's home address
    `),
    source: UNSPECIFIED,
    destination: solicitedNodeMulticast(ravenHoa),
    scapy: `ICMPv6ND_NS(tgt='2001:db8::205:5dff:fef2:db2b')`,
    scapyFields: { ICMPv6ND_NS: { tgt: '2001:db8::205:5dff:fef2:db2b' } },
    tshark: { 'icmpv6.nd.ns.target_address': ['2001:db8::205:5dff:fef2:db2b'] },
  }),
])

describe('Neighbor Solicitation fields', () => {
  it('refuses an NS without a whole target address', () => {
    expect(NeighborSolicit.parse(hex(`87 00 0000 00000000 ${'00'.repeat(15)}`))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it('hands out the target as a view of the received octets', () => {
    const bytes = hex(`87 00 0000 00000000 ${'11'.repeat(16)}`)
    const r = NeighborSolicit.parse(bytes)
    expect(r.ok && r.value.target.buffer).toBe(bytes.buffer)
  })
})
