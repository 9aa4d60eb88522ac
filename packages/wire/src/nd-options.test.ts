import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Codec, encode } from './codec'
import { mustParse } from './ipv6-address'
import { AdvertisementInterval } from './nd-option-adv-interval'
import { Dnssl, dnssl } from './nd-option-dnssl'
import { HomeAgentInformation } from './nd-option-ha-info'
import { SourceLinkLayerAddress, TargetLinkLayerAddress } from './nd-option-link-layer'
import { MtuOption } from './nd-option-mtu'
import { PrefixInformation } from './nd-option-prefix-info'
import { Rdnss } from './nd-option-rdnss'
import { RedirectedHeader } from './nd-option-redirected-header'
import { RouteInformation } from './nd-option-route-info'
import { emitNdOptions, NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { RouterAdvert } from './nd-router-advert'
import { arbNdOptions, mutated } from './testing/arb-nd'
import { ALL_NODES_GROUP, DENALI_LINK_LOCAL, RAVEN_UDP_PACKET } from './testing/icmpv6-cases'
import { ipv6Packet } from './testing/icmpv6-packet'
import { routerAdvert } from './testing/nd-values'
import { hex, parsesExactly, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasCommand, hasScapy, requireTool } from './testing/tools'
import { type TsharkFrame, tsharkDecode } from './testing/tshark'

interface OptionCase<T> {
  name: string
  codec: Codec<T>
  value: T
  golden: Uint8Array
  /** scapy's expression for the same octets, and the fields it shows when it reads ours. */
  scapy: string
  scapyLayer: string
  scapyFields: Record<string, unknown>
}

const optionCase = <T>(c: OptionCase<T>) => c as OptionCase<unknown>

const redirected = RAVEN_UDP_PACKET

// Hand-made from each option's RFC diagram with seed 002's values (denali's wlan0 MAC
// 00:02:6f:06:0b:cf, raven's 00:05:5d:f2:db:2b, radvd's default prefix lifetimes); scapy
// builds the same octets from the expression beside each.
const cases = [
  optionCase({
    name: 'Source Link-layer Address (RFC 4861 §4.6.1)',
    codec: SourceLinkLayerAddress,
    value: { kind: 'source-lla', address: hex('00026f060bcf') },
    golden: hex(`
      01            // type 1
      01            // length 1 (8 octets)
      00026f060bcf  // link-layer address 00:02:6f:06:0b:cf
    `),
    scapy: `ICMPv6NDOptSrcLLAddr(lladdr='00:02:6f:06:0b:cf')`,
    scapyLayer: 'ICMPv6NDOptSrcLLAddr',
    scapyFields: { type: 1, len: 1, lladdr: '00:02:6f:06:0b:cf' },
  }),
  optionCase({
    name: 'Target Link-layer Address (RFC 4861 §4.6.1)',
    codec: TargetLinkLayerAddress,
    value: { kind: 'target-lla', address: hex('00055df2db2b') },
    golden: hex(`
      02            // type 2
      01            // length 1
      00055df2db2b  // link-layer address 00:05:5d:f2:db:2b
    `),
    scapy: `ICMPv6NDOptDstLLAddr(lladdr='00:05:5d:f2:db:2b')`,
    scapyLayer: 'ICMPv6NDOptDstLLAddr',
    scapyFields: { type: 2, len: 1, lladdr: '00:05:5d:f2:db:2b' },
  }),
  optionCase({
    name: 'Prefix Information with L, A and R (RFC 4861 §4.6.2, RFC 6275 §7.2)',
    codec: PrefixInformation,
    value: {
      kind: 'prefix-information',
      prefixLength: 64,
      onLink: true,
      autonomous: true,
      routerAddress: true,
      reserved1: 0,
      validLifetimeS: 86400,
      preferredLifetimeS: 14400,
      reserved2: 0,
      prefix: mustParse('2001:db8::'),
    },
    golden: hex(`
      03          // type 3
      04          // length 4
      40          // prefix length 64
      e0          // L=1 A=1 R=1, reserved1 0
      00015180    // valid lifetime 86400 s
      00003840    // preferred lifetime 14400 s
      00000000    // reserved2
      20010db8000000000000000000000000 // prefix: denali's full address 2001:db8:: (R)
    `),
    scapy: `ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1, R=1, validlifetime=86400, preferredlifetime=14400, prefix='2001:db8::')`,
    scapyLayer: 'ICMPv6NDOptPrefixInfo',
    scapyFields: {
      type: 3,
      len: 4,
      prefixlen: 64,
      L: 1,
      A: 1,
      R: 1,
      res1: 0,
      validlifetime: 86400,
      preferredlifetime: 14400,
      res2: 0,
      prefix: '2001:db8::',
    },
  }),
  optionCase({
    name: 'Redirected Header (RFC 4861 §4.6.3)',
    codec: RedirectedHeader,
    value: { kind: 'redirected-header', reserved: 0, ipHeaderAndData: redirected },
    golden: hex(`
      04            // type 4
      07            // length 7
      000000000000  // reserved
      ${toHex(redirected)} // IP header + data
    `),
    scapy: `ICMPv6NDOptRedirectedHdr(pkt=bytes.fromhex('${toHex(redirected)}'))`,
    scapyLayer: 'ICMPv6NDOptRedirectedHdr',
    scapyFields: { type: 4, len: 7, res: { hex: '000000000000' } },
  }),
  optionCase({
    name: 'MTU (RFC 4861 §4.6.4)',
    codec: MtuOption,
    value: { kind: 'mtu', reserved: 0, mtu: 1500 },
    golden: hex(`
      05          // type 5
      01          // length 1
      0000        // reserved
      000005dc    // MTU 1500
    `),
    scapy: 'ICMPv6NDOptMTU(mtu=1500)',
    scapyLayer: 'ICMPv6NDOptMTU',
    scapyFields: { type: 5, len: 1, res: 0, mtu: 1500 },
  }),
  optionCase({
    name: 'Advertisement Interval (RFC 6275 §7.3)',
    codec: AdvertisementInterval,
    value: { kind: 'advertisement-interval', reserved: 0, advIntervalMs: 10000 },
    golden: hex(`
      07          // type 7
      01          // length 1
      0000        // reserved
      00002710    // advertisement interval 10000 ms (MaxRtrAdvInterval 10)
    `),
    scapy: 'ICMPv6NDOptAdvInterval(advint=10000)',
    scapyLayer: 'ICMPv6NDOptAdvInterval',
    scapyFields: { type: 7, len: 1, res: 0, advint: 10000 },
  }),
  // scapy's pref is an unsigned ShortField; RFC 6275 §7.4 makes it signed: -5 is scapy's 65531.
  optionCase({
    name: 'Home Agent Information with a negative preference (RFC 6275 §7.4)',
    codec: HomeAgentInformation,
    value: { kind: 'home-agent-information', reserved: 0, homeAgentPreference: -5, homeAgentLifetimeS: 1800 },
    golden: hex(`
      08          // type 8
      01          // length 1
      0000        // reserved
      fffb        // home agent preference -5
      0708        // home agent lifetime 1800 s
    `),
    scapy: 'ICMPv6NDOptHAInfo(pref=65531, lifetime=1800)',
    scapyLayer: 'ICMPv6NDOptHAInfo',
    scapyFields: { type: 8, len: 1, res: 0, pref: 65531, lifetime: 1800 },
  }),
  // RFC 4191 §2.3: a /48 fits in Length 2; scapy sends Length 3 unless told (next case).
  optionCase({
    name: 'Route Information, /48 in Length 2 (RFC 4191 §2.3)',
    codec: RouteInformation,
    value: {
      kind: 'route-information',
      prefixLength: 48,
      preference: 'high',
      reserved: 0,
      routeLifetimeS: 3600,
      prefix: hex('20010db800050000'),
    },
    golden: hex(`
      18                // type 24
      02                // length 2
      30                // prefix length 48
      08                // Prf 01 (high), reserved bits 0
      00000e10          // route lifetime 3600 s
      20010db800050000  // prefix 2001:db8:5::, the first 8 octets
    `),
    scapy: `ICMPv6NDOptRouteInfo(len=2, plen=48, prf=1, rtlifetime=3600, prefix='2001:db8:5::')`,
    scapyLayer: 'ICMPv6NDOptRouteInfo',
    scapyFields: { type: 24, len: 2, plen: 48, prf: 1, rtlifetime: 3600, prefix: '2001:db8:5::' },
  }),
  optionCase({
    name: "Route Information, /48 in Length 3 (scapy's default length)",
    codec: RouteInformation,
    value: {
      kind: 'route-information',
      prefixLength: 48,
      preference: 'medium',
      reserved: 0,
      routeLifetimeS: 0xffff_ffff,
      prefix: mustParse('2001:db8:5::'),
    },
    golden: hex(`
      18          // type 24
      03          // length 3
      30          // prefix length 48
      00          // Prf 00 (medium)
      ffffffff    // route lifetime infinity
      20010db8000500000000000000000000 // prefix 2001:db8:5::, all 16 octets
    `),
    scapy: `ICMPv6NDOptRouteInfo(plen=48, prefix='2001:db8:5::')`,
    scapyLayer: 'ICMPv6NDOptRouteInfo',
    scapyFields: { type: 24, len: 3, plen: 48, prf: 0, rtlifetime: 0xffff_ffff, prefix: '2001:db8:5::' },
  }),
  optionCase({
    name: 'RDNSS (RFC 8106 §5.1)',
    codec: Rdnss,
    value: { kind: 'rdnss', reserved: 0, lifetimeS: 3600, addresses: [mustParse('2001:db8::53')] },
    golden: hex(`
      19          // type 25
      03          // length 3
      0000        // reserved
      00000e10    // lifetime 3600 s
      20010db8000000000000000000000053 // 2001:db8::53
    `),
    scapy: `ICMPv6NDOptRDNSS(lifetime=3600, dns=['2001:db8::53'])`,
    scapyLayer: 'ICMPv6NDOptRDNSS',
    scapyFields: { type: 25, len: 3, res: 0, lifetime: 3600, dns: ['2001:db8::53'] },
  }),
  // scapy shows names with a trailing dot ("example.com."); the codec's text has none.
  optionCase({
    name: 'DNSSL with two names and one padding octet (RFC 8106 §5.2)',
    codec: Dnssl,
    value: dnssl(['example.com', 'lab.test'], 3600),
    golden: hex(`
      1f                        // type 31
      04                        // length 4
      0000                      // reserved
      00000e10                  // lifetime 3600 s
      07 6578616d706c65 03 636f6d 00 // example.com
      03 6c6162 04 74657374 00  // lab.test
      00                        // padding to 32 octets
    `),
    scapy: `ICMPv6NDOptDNSSL(lifetime=3600, searchlist=['example.com', 'lab.test'])`,
    scapyLayer: 'ICMPv6NDOptDNSSL',
    scapyFields: { type: 31, len: 4, lifetime: 3600, searchlist: ['example.com.', 'lab.test.'] },
  }),
  // scapy's ICMPv6NDOptUnknown counts Length in octets (len = 2 + len(data), data = len - 2
  // octets) where RFC 4861 §4.6 counts units of 8. So it is built with len=1 given, and reading
  // ours (len 1) it slices data[:-1]: 5 of the 6 octets.
  optionCase({
    name: 'an option type the codec does not decode (14, Nonce) kept raw',
    codec: NdOption,
    value: { kind: 'unknown', type: 14, raw: hex('010203040506') },
    golden: hex(`
      0e            // type 14
      01            // length 1
      010203040506  // raw
    `),
    scapy: `ICMPv6NDOptUnknown(type=14, len=1, data=bytes.fromhex('010203040506'))`,
    scapyLayer: 'ICMPv6NDOptUnknown',
    scapyFields: { type: 14, len: 1, data: { hex: '0102030405' } },
  }),
]

describe('ND options: golden bytes', () => {
  for (const c of cases) {
    it(`emits and parses ${c.name}`, () => {
      roundTrip(c.codec, c.value, c.golden)
      roundTrip(NdOption, c.value as NdOption, c.golden)
    })
  }
})

describe.runIf(requireTool(hasScapy(), 'ND options: scapy cross-check'))('ND options against scapy', () => {
  let answers: ScapyAnswer[] = []
  beforeAll(() => {
    answers = scapyBatch(
      cases.flatMap((c) => [
        { op: 'build' as const, expr: c.scapy },
        { op: 'decode' as const, hex: toHex(c.golden), first: c.scapyLayer },
      ]),
    )
  })
  cases.forEach((c, i) => {
    it(`scapy builds the golden octets, which parse to the value: ${c.name}`, () => {
      const built = bytesOf(answers[2 * i]!)
      expect(toHex(built)).toBe(toHex(c.golden))
      expect(parsesExactly(c.codec, built)).toEqual(c.value)
    })
    it(`scapy reads our octets field by field: ${c.name}`, () => {
      expect(layer(answers[2 * i + 1]!, c.scapyLayer)).toMatchObject(c.scapyFields)
    })
  })
})

describe.runIf(requireTool(hasCommand('tshark', 'tshark'), 'ND options: tshark decode'))(
  'ND options in tshark',
  () => {
    let frame: TsharkFrame
    const options = cases.map((c) => c.value as NdOption)
    beforeAll(() => {
      const ra = routerAdvert({ homeAgent: true, options })
      frame = tsharkDecode([ipv6Packet(DENALI_LINK_LOCAL, ALL_NODES_GROUP, encode(RouterAdvert, ra))])[0]!
    })

    it('decodes every option of an RA that carries them all, nothing malformed', () => {
      expect(frame.malformed).toBe(false)
      expect(frame.badChecksums).toEqual([])
      expect(frame.fields['icmpv6.opt.type']).toEqual(cases.map((c) => String(c.golden[0])))
      expect(frame.fields['icmpv6.opt.length']).toEqual(cases.map((c) => String(c.golden[1])))
    })

    it('shows the option fields as the codec wrote them', () => {
      expect(frame.fields).toMatchObject({
        'icmpv6.opt.src_linkaddr': ['00:02:6f:06:0b:cf'],
        'icmpv6.opt.target_linkaddr': ['00:05:5d:f2:db:2b'],
        'icmpv6.opt.prefix.flag.r': ['1'],
        'icmpv6.opt.prefix.valid_lifetime': ['86400'],
        'icmpv6.opt.prefix': ['2001:db8::', '2001:db8:5::', '2001:db8:5::'],
        'icmpv6.opt.mtu': ['1500'],
        'icmpv6.opt.advertisement_interval': ['10000'],
        // Wireshark shows the preference unsigned, as scapy does; RFC 6275 §7.4 makes it signed.
        'icmpv6.opt.home_agent_preference': ['65531'],
        'icmpv6.opt.home_agent_lifetime': ['1800'],
        'icmpv6.opt.rdnss': ['2001:db8::53'],
        'icmpv6.opt.dnssl': ['example.com', 'lab.test'],
      })
    })
  },
)

describe('ND option walk (RFC 4861 §4.6)', () => {
  const mtu = hex('05 01 0000 000005dc')

  it('refuses an option of Length 0, pointing at the length octet', () => {
    expect(parseNdOptions(hex(`${toHex(mtu)} 05 00 0000 000005dc`), 0)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 9 },
    })
  })

  it('refuses an option that runs past the message as truncated', () => {
    expect(parseNdOptions(hex('05 02 0000 000005dc'), 0)).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'option.length', at: 1 },
    })
  })

  it('refuses a lone octet after the last option as truncated', () => {
    expect(parseNdOptions(hex(`${toHex(mtu)} 01`), 0)).toMatchObject({
      ok: false,
      error: { kind: 'truncated', field: 'option.length' },
    })
  })

  it('keeps options in received order, unknown ones included', () => {
    const bytes = hex(`0e 01 010203040506 ${toHex(mtu)} 0e 01 060504030201`)
    const r = parseNdOptions(bytes, 0)
    expect(r.ok && r.value.map((o) => o.kind)).toEqual(['unknown', 'mtu', 'unknown'])
  })

  it('starts the walk where the message body ends', () => {
    const r = parseNdOptions(hex(`ffffffff ${toHex(mtu)}`), 4)
    expect(r).toEqual({ ok: true, value: [{ kind: 'mtu', reserved: 0, mtu: 1500 }] })
  })
})

describe('malformed contents of a known option: kept as invalid, octets preserved', () => {
  const reason = (kind: string, field: string, at: number) => ({ kind, field, at })
  const lengthError = reason('bad-length', 'option.length', 1)
  const invalid: Array<[string, string, { kind: string; field: string; at: number }]> = [
    ['an MTU option of Length 2', '05 02 0000 000005dc 0000000000000000', lengthError],
    ['a Prefix Information of Length 3', `03 03 40 c0 ${'00'.repeat(20)}`, lengthError],
    ['an Advertisement Interval of Length 2', `07 02 ${'00'.repeat(14)}`, lengthError],
    ['a Home Agent Information of Length 2', `08 02 ${'00'.repeat(14)}`, lengthError],
    ['a Route Information of Length 4', `18 04 00 00 ffffffff ${'00'.repeat(24)}`, lengthError],
    [
      'a Route Information /65 in Length 2',
      '18 02 41 00 ffffffff 20010db800000000',
      reason('bad-value', 'prefixLength', 2),
    ],
    ['a Route Information /1 in Length 1', '18 01 01 00 ffffffff', reason('bad-value', 'prefixLength', 2)],
    ['an RDNSS of Length 1 (no address)', '19 01 0000 ffffffff', lengthError],
    ['an RDNSS of Length 4 (half an address)', `19 04 0000 ffffffff ${'00'.repeat(24)}`, lengthError],
    [
      'a DNSSL with no name (RFC 8106 §5.3.1)',
      '1f 02 0000 ffffffff 0000000000000000',
      reason('bad-value', 'domainNames', 8),
    ],
    [
      'a DNSSL with a compression pointer',
      '1f 02 0000 ffffffff 01 61 c0 0c 00 000000',
      reason('bad-value', 'domainNames', 10),
    ],
    [
      'a DNSSL whose label runs past the option',
      '1f 02 0000 ffffffff 08 6578616d706c65',
      reason('truncated', 'domainNames', 8),
    ],
    [
      'a DNSSL whose last name lacks its root label',
      '1f 02 0000 ffffffff 07 6578616d706c65',
      reason('truncated', 'domainNames', 16),
    ],
    [
      'a DNSSL with non-zero padding',
      '1f 02 0000 ffffffff 01 61 00 00 00 07 00 00',
      reason('bad-value', 'padding', 13),
    ],
  ]
  for (const [name, text, error] of invalid) {
    it(`keeps ${name}`, () => {
      const bytes = hex(text)
      const option = parsesExactly(NdOption, bytes)
      expect(option).toEqual({ kind: 'invalid', type: bytes[0], raw: bytes.subarray(2), error })
    })
  }

  it('shifts the reason to count from the start of the walked bytes', () => {
    const r = parseNdOptions(hex('ffffffff 05 02 0000 000005dc 0000000000000000'), 4)
    expect(r).toMatchObject({ ok: true, value: [{ kind: 'invalid', error: { at: 5 } }] })
  })

  it('has the standalone codec of the type refuse it instead', () => {
    expect(MtuOption.parse(hex('05 02 0000 000005dc 0000000000000000'))).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'option.length', at: 1 },
    })
    expect(MtuOption.parse(hex('07 01 0000 00002710'))).toMatchObject({ ok: false, error: { field: 'type' } })
  })
})

describe('DNSSL exactness (RFC 8106 §5.2)', () => {
  it('keeps padding beyond the fewest octets a sender needs', () => {
    const bytes = hex(`
      1f 03 0000 00000e10   // type, length 3, reserved, lifetime
      01 61 00              // a
      00000000000000 000000000000 // 13 zero octets of padding
    `)
    expect(parsesExactly(Dnssl, bytes)).toMatchObject({ domains: ['a'], padding: 13 })
  })

  it('needs no padding when the names end on a unit boundary', () => {
    const value = dnssl(['abcdefghij.abcd'], 60) // 8 + 17 = 25: not aligned, so try an aligned one
    expect(value.padding).toBe(7)
    const aligned = dnssl(['abcdefghijklmn'], 60) // 8 + 16 = 24
    expect(aligned.padding).toBe(0)
    roundTrip(Dnssl, aligned)
  })

  it('writes octets that are not printable ASCII, dots and backslashes inside labels as escapes', () => {
    const bytes = hex(`
      1f 02 0000 00000e10
      05 61 2e 5c 00 ff     // one label: a . \\ NUL 0xff
      00                    // root
      00                    // padding
    `)
    expect(parsesExactly(Dnssl, bytes)).toMatchObject({ domains: ['a\\.\\\\\\000\\255'] })
  })

  it('refuses to emit the root name, which a reader would take for padding', () => {
    expect(() => encode(Dnssl, { ...dnssl(['a'], 1), domains: [''] })).toThrow(RangeError)
  })

  it('refuses to emit padding that does not reach a unit boundary', () => {
    expect(() => encode(Dnssl, { ...dnssl(['a'], 1), padding: 0 })).toThrow(RangeError)
  })
})

describe('ND option properties', () => {
  const encodeOptions = (options: NdOption[]) => {
    const buf = new Uint8Array(ndOptionsLength(options))
    emitNdOptions(options, buf, 0)
    return buf
  }

  it('round-trips generated option lists', () => {
    fc.assert(
      fc.property(arbNdOptions, (options) => {
        expect(parseNdOptions(encodeOptions(options), 0)).toEqual({ ok: true, value: options })
      }),
      { numRuns: 2000 },
    )
  })

  it('re-emits any option list that parses, octet for octet, and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(arbNdOptions.map(encodeOptions)), fc.uint8Array({ maxLength: 80 })),
        (bytes) => {
          const r = parseNdOptions(bytes, 0)
          if (r.ok) expect(toHex(encodeOptions(r.value))).toBe(toHex(bytes))
        },
      ),
      { numRuns: 4000 },
    )
  })
})
