import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import { mustParse } from './ipv6-address'
import { MobilePrefixAdvert, MobilePrefixSolicit } from './mip6-prefix-discovery'
import { arbMobilePrefixAdvert, arbMobilePrefixSolicit } from './testing/arb-nd'
import { describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { routerPrefixInformation } from './testing/nd-values'
import { hex } from './testing/round-trip'

// Seed 002: raven asks denali for its home prefixes. On the wire these travel with a Home
// Address option and a type 2 Routing Header, so the checksum's pseudo-header holds raven's
// home address, not its care-of address (RFC 6275 §6.3, §6.4); the cases use it directly.
const ravenHoa = mustParse('2001:db8::205:5dff:fef2:db2b')
const denali = mustParse('2001:db8::')

describeMessageCases('Mobile Prefix Discovery (RFC 6275 §6.7-6.8)', [
  messageCase({
    name: 'Solicitation',
    codec: MobilePrefixSolicit,
    value: { kind: 'mobile-prefix-solicit', code: 0, checksum: 0x95e5, identifier: 0x4242, reserved: 0 },
    // Hand-made from RFC 6275 §6.7; checksum as scapy computes it.
    golden: hex(`
      92          // type 146, Mobile Prefix Solicitation
      00          // code
      95e5        // checksum
      4242        // identifier
      0000        // reserved
    `),
    source: ravenHoa,
    destination: denali,
    scapy: 'ICMPv6MPSol(id=0x4242)',
    scapyFields: { ICMPv6MPSol: { type: 146, id: 0x4242, res: 0 } },
    tshark: { 'icmpv6.type': ['146'], 'icmpv6.mip6.identifier': ['16962'] },
  }),
  // scapy's ICMPv6MPAdv sets M by default (flags=2); RFC 6275 §6.8 leaves it to the home
  // agent's configuration, so flags=0 is given.
  messageCase({
    name: 'Advertisement of the home prefix with the router address',
    codec: MobilePrefixAdvert,
    value: {
      kind: 'mobile-prefix-advert',
      code: 0,
      checksum: 0x9966,
      identifier: 0x4242,
      managed: false,
      other: false,
      reserved: 0,
      options: [routerPrefixInformation(denali)],
    },
    golden: hex(`
      93          // type 147, Mobile Prefix Advertisement
      00          // code
      9966        // checksum
      4242        // identifier, as in the solicitation
      0000        // M=0 O=0, reserved 0
      03 04 40 e0 00015180 00003840 00000000 20010db8000000000000000000000000 // Prefix Information
    `),
    source: denali,
    destination: ravenHoa,
    scapy:
      'ICMPv6MPAdv(id=0x4242, flags=0)' +
      `/ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1, R=1, validlifetime=86400, preferredlifetime=14400, prefix='2001:db8::')`,
    scapyFields: {
      ICMPv6MPAdv: { type: 147, id: 0x4242, flags: 0, res: 0 },
      ICMPv6NDOptPrefixInfo: { prefixlen: 64, R: 1, prefix: '2001:db8::' },
    },
    tshark: {
      'icmpv6.type': ['147'],
      'icmpv6.mip6.flag.m': ['0'],
      'icmpv6.mip6.flag.o': ['0'],
      'icmpv6.opt.prefix': ['2001:db8::'],
    },
  }),
])

describe('Mobile Prefix Discovery fields', () => {
  it('reads M and O apart from the 14 reserved bits', () => {
    expect(MobilePrefixAdvert.parse(hex('93 00 0000 4242 bfff'))).toMatchObject({
      ok: true,
      value: { managed: true, other: false, reserved: 0x3fff, options: [] },
    })
  })

  it('round-trips generated solicitations and advertisements', () => {
    fc.assert(
      fc.property(arbMobilePrefixSolicit, arbMobilePrefixAdvert, (sol, adv) => {
        expect(MobilePrefixSolicit.parse(encode(MobilePrefixSolicit, sol))).toEqual({ ok: true, value: sol })
        expect(MobilePrefixAdvert.parse(encode(MobilePrefixAdvert, adv))).toEqual({ ok: true, value: adv })
      }),
      { numRuns: 300 },
    )
  })
})
