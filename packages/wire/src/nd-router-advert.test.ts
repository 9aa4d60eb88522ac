import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import { mustParse } from './ipv6-address'
import { dnssl } from './nd-option-dnssl'
import { RouterAdvert } from './nd-router-advert'
import { arbRouterAdvert } from './testing/arb-nd'
import { ALL_NODES_GROUP, DENALI_LINK_LOCAL, describeMessageCases, messageCase } from './testing/icmpv6-cases'
import { routerPrefixInformation } from './testing/nd-values'
import { hex } from './testing/round-trip'

// Seed 002's radvd.conf for denali's wlan0: AdvHomeAgentFlag on, AdvIntervalOpt on,
// MaxRtrAdvInterval 10, prefix 2001:db8::/64 with AdvOnLink, AdvAutonomous and AdvRouterAddr
// (the address on wlan0 is 2001:db8:: itself). The rest are radvd's defaults: AdvCurHopLimit 64,
// AdvDefaultLifetime 3 * MaxRtrAdvInterval = 30 s, AdvValidLifetime 86400 s,
// AdvPreferredLifetime 14400 s, AdvSourceLLAddress on; radvd orders the options prefix, source
// link-layer address, advertisement interval. Checksum as scapy computes it.
const homeAgentRa = hex(`
  86          // type 134, Router Advertisement
  00          // code
  1aa2        // checksum
  40          // cur hop limit 64
  20          // M=0 O=0 H=1, Prf 00 (medium), P=0, reserved 0
  001e        // router lifetime 30 s
  00000000    // reachable time: unspecified
  00000000    // retrans timer: unspecified
  03 04 40 e0 00015180 00003840 00000000 // Prefix Information: /64, L A R, 86400 s, 14400 s
  20010db8000000000000000000000000       //   prefix: denali's address 2001:db8::
  01 01 00026f060bcf                     // Source Link-layer Address 00:02:6f:06:0b:cf
  07 01 0000 00002710                    // Advertisement Interval 10000 ms
`)

const homeAgentRaValue: RouterAdvert = {
  kind: 'router-advert',
  code: 0,
  checksum: 0x1aa2,
  curHopLimit: 64,
  managed: false,
  other: false,
  homeAgent: true,
  routerPreference: 'medium',
  proxy: false,
  reserved: 0,
  routerLifetimeS: 30,
  reachableTimeMs: 0,
  retransTimerMs: 0,
  options: [
    routerPrefixInformation(),
    { kind: 'source-lla', address: hex('00026f060bcf') },
    { kind: 'advertisement-interval', reserved: 0, advIntervalMs: 10000 },
  ],
}

// A hand-made RA that sets every flag and carries the options the seed does not use.
const busyRa = hex(`
  86          // type 134
  00          // code
  a828        // checksum
  ff          // cur hop limit 255
  dd          // M=1 O=1 H=0, Prf 11 (low), P=1, reserved 01
  0708        // router lifetime 1800 s
  0000ea60    // reachable time 60000 ms
  000003e8    // retrans timer 1000 ms
  05 01 0000 000005dc                    // MTU 1500
  08 01 0000 000a 0708                   // Home Agent Information: preference 10, lifetime 1800 s
  18 02 30 08 00000e10 20010db800050000  // Route Information 2001:db8:5::/48, high, 3600 s
  19 03 0000 00000e10 20010db8000000000000000000000053 // RDNSS 2001:db8::53, 3600 s
  1f 03 0000 00000e10 03 6c6162 04 74657374 00 000000000000 // DNSSL lab.test, 3600 s, 6 padding octets
`)

describeMessageCases('Router Advertisement (RFC 4861 §4.2)', [
  messageCase({
    name: "seed 002's home agent RA as radvd sends it",
    codec: RouterAdvert,
    value: homeAgentRaValue,
    golden: homeAgentRa,
    source: DENALI_LINK_LOCAL,
    destination: ALL_NODES_GROUP,
    // scapy's RA defaults are chlim=0, prf=1 (high) and routerlifetime=1800, not RFC 4191's
    // medium preference, so they are all given.
    scapy:
      `ICMPv6ND_RA(chlim=64, H=1, prf=0, routerlifetime=30)` +
      `/ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1, R=1, validlifetime=86400, preferredlifetime=14400, prefix='2001:db8::')` +
      `/ICMPv6NDOptSrcLLAddr(lladdr='00:02:6f:06:0b:cf')/ICMPv6NDOptAdvInterval(advint=10000)`,
    scapyFields: {
      ICMPv6ND_RA: {
        type: 134,
        code: 0,
        chlim: 64,
        M: 0,
        O: 0,
        H: 1,
        prf: 0,
        P: 0,
        res: 0,
        routerlifetime: 30,
      },
      ICMPv6NDOptPrefixInfo: { prefixlen: 64, L: 1, A: 1, R: 1, prefix: '2001:db8::' },
      ICMPv6NDOptSrcLLAddr: { lladdr: '00:02:6f:06:0b:cf' },
      ICMPv6NDOptAdvInterval: { advint: 10000 },
    },
    tshark: {
      'icmpv6.type': ['134'],
      'icmpv6.nd.ra.cur_hop_limit': ['64'],
      'icmpv6.nd.ra.flag.h': ['1'],
      'icmpv6.nd.ra.flag.prf': ['0'],
      'icmpv6.nd.ra.router_lifetime': ['30'],
      'icmpv6.opt.prefix': ['2001:db8::'],
      'icmpv6.opt.prefix.flag.r': ['1'],
      'icmpv6.opt.advertisement_interval': ['10000'],
    },
  }),
  messageCase({
    name: 'an RA with every flag and the RFC 4191, RFC 6275 §7.4 and RFC 8106 options',
    codec: RouterAdvert,
    value: {
      kind: 'router-advert',
      code: 0,
      checksum: 0xa828,
      curHopLimit: 255,
      managed: true,
      other: true,
      homeAgent: false,
      routerPreference: 'low',
      proxy: true,
      reserved: 1,
      routerLifetimeS: 1800,
      reachableTimeMs: 60000,
      retransTimerMs: 1000,
      options: [
        { kind: 'mtu', reserved: 0, mtu: 1500 },
        { kind: 'home-agent-information', reserved: 0, homeAgentPreference: 10, homeAgentLifetimeS: 1800 },
        {
          kind: 'route-information',
          prefixLength: 48,
          preference: 'high',
          reserved: 0,
          routeLifetimeS: 3600,
          prefix: hex('20010db800050000'),
        },
        { kind: 'rdnss', reserved: 0, lifetimeS: 3600, addresses: [mustParse('2001:db8::53')] },
        dnssl(['lab.test'], 3600),
      ],
    },
    golden: busyRa,
    scapy:
      `ICMPv6ND_RA(chlim=255, M=1, O=1, prf=3, P=1, res=1, routerlifetime=1800, reachabletime=60000, retranstimer=1000)` +
      `/ICMPv6NDOptMTU(mtu=1500)/ICMPv6NDOptHAInfo(pref=10, lifetime=1800)` +
      `/ICMPv6NDOptRouteInfo(len=2, plen=48, prf=1, rtlifetime=3600, prefix='2001:db8:5::')` +
      `/ICMPv6NDOptRDNSS(lifetime=3600, dns=['2001:db8::53'])/ICMPv6NDOptDNSSL(lifetime=3600, searchlist=['lab.test'])`,
    scapyFields: {
      ICMPv6ND_RA: {
        chlim: 255,
        M: 1,
        O: 1,
        H: 0,
        prf: 3,
        P: 1,
        res: 1,
        reachabletime: 60000,
        retranstimer: 1000,
      },
      ICMPv6NDOptMTU: { mtu: 1500 },
      ICMPv6NDOptHAInfo: { pref: 10, lifetime: 1800 },
      ICMPv6NDOptRouteInfo: { len: 2, plen: 48, prf: 1, prefix: '2001:db8:5::' },
      ICMPv6NDOptRDNSS: { dns: ['2001:db8::53'] },
      ICMPv6NDOptDNSSL: { searchlist: ['lab.test.'] },
    },
    tshark: {
      'icmpv6.nd.ra.flag.m': ['1'],
      'icmpv6.nd.ra.flag.o': ['1'],
      'icmpv6.nd.ra.flag.prf': ['3'],
      'icmpv6.nd.ra.flag.p': ['1'],
      'icmpv6.nd.ra.reachable_time': ['60000'],
      'icmpv6.nd.ra.retrans_timer': ['1000'],
      'icmpv6.opt.dnssl': ['lab.test'],
    },
  }),
])

describe('Router Advertisement fields', () => {
  it('maps the Prf bits as RFC 4191 §2.2 lists them, reserved (10) included', () => {
    const prf = (flags: number) => {
      const bytes = homeAgentRa.slice()
      bytes[5] = flags
      const r = RouterAdvert.parse(bytes)
      return r.ok ? r.value.routerPreference : undefined
    }
    expect([prf(0x00), prf(0x08), prf(0x10), prf(0x18)]).toEqual(['medium', 'high', 'reserved', 'low'])
  })

  it('refuses an RA shorter than its 16 fixed octets', () => {
    expect(RouterAdvert.parse(homeAgentRa.subarray(0, 15))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it('fails on an option of Length 0 rather than skipping it (RFC 4861 §4.6)', () => {
    const bytes = hex('86 00 0000 40 00 0708 00000000 00000000 01 00 00026f060bcf')
    expect(RouterAdvert.parse(bytes)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 17 },
    })
  })

  it('round-trips generated RAs', () => {
    fc.assert(
      fc.property(arbRouterAdvert, (ra) => {
        expect(RouterAdvert.parse(encode(RouterAdvert, ra))).toEqual({ ok: true, value: ra })
      }),
      { numRuns: 500 },
    )
  })
})
