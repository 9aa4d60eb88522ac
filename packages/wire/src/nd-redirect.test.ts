import { describe, expect, it } from 'vitest'
import { mustParse } from './ipv6-address'
import { Redirect } from './nd-redirect'
import { describeMessageCases, messageCase, RAVEN_UDP_PACKET } from './testing/icmpv6-cases'
import { hex, toHex } from './testing/round-trip'

// Seed 002's visited link: denali (wlan1) tells raven that fe80::1, another router on the
// link, is the better first hop to 2001:db8:2::1, and quotes the packet that prompted it.
const denaliWlan1LinkLocal = mustParse('fe80::202:6fff:fe06:4610')
const ravenCoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const invoking = RAVEN_UDP_PACKET

describeMessageCases('Redirect (RFC 4861 §4.5)', [
  messageCase({
    name: 'to a better router, with its link-layer address and the redirected packet',
    codec: Redirect,
    value: {
      kind: 'redirect',
      code: 0,
      checksum: 0x4fd7,
      reserved: 0,
      target: mustParse('fe80::1'),
      destination: mustParse('2001:db8:2::1'),
      options: [
        { kind: 'target-lla', address: hex('001122334455') },
        { kind: 'redirected-header', reserved: 0, ipHeaderAndData: invoking },
      ],
    },
    // Hand-made from RFC 4861 §4.5; checksum as scapy computes it.
    golden: hex(`
      89          // type 137, Redirect
      00          // code
      4fd7        // checksum
      00000000    // reserved
      fe800000000000000000000000000001 // target fe80::1
      20010db8000200000000000000000001 // destination 2001:db8:2::1
      02 01 001122334455               // Target Link-layer Address
      04 07 000000000000 ${toHex(invoking)} // Redirected Header
    `),
    source: denaliWlan1LinkLocal,
    destination: ravenCoa,
    scapy:
      `ICMPv6ND_Redirect(tgt='fe80::1', dst='2001:db8:2::1')/ICMPv6NDOptDstLLAddr(lladdr='00:11:22:33:44:55')` +
      `/ICMPv6NDOptRedirectedHdr(pkt=bytes.fromhex('${toHex(invoking)}'))`,
    scapyFields: {
      ICMPv6ND_Redirect: { type: 137, res: 0, tgt: 'fe80::1', dst: '2001:db8:2::1' },
      ICMPv6NDOptDstLLAddr: { lladdr: '00:11:22:33:44:55' },
      ICMPv6NDOptRedirectedHdr: { len: 7 },
    },
    tshark: {
      'icmpv6.nd.rd.target_address': ['fe80::1'],
      'icmpv6.rd.na.destination_address': ['2001:db8:2::1'],
    },
  }),
])

describe('Redirect fields', () => {
  it('refuses a Redirect without both addresses', () => {
    expect(Redirect.parse(hex(`89 00 0000 00000000 ${'00'.repeat(31)}`))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })
})
