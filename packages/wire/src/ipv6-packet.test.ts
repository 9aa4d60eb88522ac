import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { pseudoHeaderChecksum } from './checksum'
import { formatAddress, mustParse } from './ipv6-address'
import type { ExtensionHeader } from './ipv6-ext-headers'
import { isFragment } from './ipv6-fragment'
import { IPV6_HEADER_LENGTH, type Ipv6Header } from './ipv6-header'
import { padOptions } from './ipv6-options'
import {
  emitPacket,
  fillUpperChecksum,
  type Ipv6Packet,
  packetLength,
  pseudoHeaderAddresses,
  upperChecksumValid,
  type WalkedIpv6Packet,
  walkHeaderChain,
} from './ipv6-packet'
import { arbIpv6Packet } from './testing/arb-ip'
import { hex, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { optionsFromScapy } from './testing/scapy-ip'
import { hasCommand, hasScapy, requireTool } from './testing/tools'
import { tsharkDecode } from './testing/tshark'

const coa = mustParse('2001:db8:2::5') // care-of address of the sender
const peerCoa = mustParse('2001:db8:2::1') // care-of address of the receiver
const hoa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b') // home address of the sender
const peerHoa = mustParse('2001:db8:1::1') // home address of the receiver

// A route-optimised echo request between two mobile nodes, as scapy builds it:
// IPv6(src=coa, dst=peerCoa)/IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)])
//   /IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)])/IPv6ExtHdrRouting(type=2, addresses=[peerHoa])
//   /ICMPv6EchoRequest(id=0x1234, seq=1, data=b'mip6')
// scapy's checksum uses the HAO as source and the type 2 address as destination.
const golden = hex(`
  60000000                          // version 6, traffic class 0, flow label 0
  0044                              // payload length 68
  00                                // next header 0 (Hop-by-Hop)
  40                                // hop limit 64
  20010db8000200000000000000000005  // source: care-of address
  20010db8000200000000000000000001  // destination: the peer's care-of address
  3c 00                             // HbH: next header 60, hdr ext len 0
  05 02 0000                        //   Router Alert, value 0
  01 00                             //   PadN, no data
  2b 02                             // DestOpts: next header 43, hdr ext len 2
  01 02 0000                        //   PadN, 2 octets
  c9 10 20010db8000100000205 5dfffef2db2b // Home Address option
  3a 02 02 01                       // RH2: next header 58, hdr ext len 2, type 2, segments left 1
  00000000                          //   reserved
  20010db8000100000000000000000001  //   home address of the peer
  80 00 fa4b 1234 0001 6d697036     // ICMPv6 echo request, checksum 0xfa4b, id, seq, "mip6"
`)
const UPPER_OFFSET = 40 + 8 + 24 + 24
const echo = golden.subarray(UPPER_OFFSET)
const ICMPV6_CHECKSUM_OFFSET = 2

const header: Ipv6Header = {
  trafficClass: 0,
  flowLabel: 0,
  payloadLength: 68,
  nextHeader: 0,
  hopLimit: 64,
  source: coa,
  destination: peerCoa,
}
const extensions: ExtensionHeader[] = [
  { kind: 'hop-by-hop', nextHeader: 60, options: padOptions([{ kind: 'router-alert', value: 0 }]) },
  {
    kind: 'destination-options',
    nextHeader: 43,
    options: padOptions([{ kind: 'home-address', homeAddress: hoa }]),
  },
  { kind: 'routing-type2', nextHeader: 58, segmentsLeft: 1, reserved: 0, homeAddress: peerHoa },
]

function walked(bytes: Uint8Array): WalkedIpv6Packet {
  const r = walkHeaderChain(bytes)
  if (!r.ok) throw new Error(`walk failed: ${JSON.stringify(r.error)}`)
  return r.value
}

/** DestOpts with one PadN(4): the smallest header, 8 octets. */
const tinyDestOpts = (nextHeader: number) => [nextHeader, 0, 1, 4, 0, 0, 0, 0]

function packetOf(payload: number[], nextHeader: number): Uint8Array {
  const bytes = new Uint8Array(40 + payload.length)
  bytes.set(golden.subarray(0, 40))
  bytes[4] = payload.length >> 8
  bytes[5] = payload.length & 0xff
  bytes[6] = nextHeader
  bytes.set(payload, 40)
  return bytes
}

describe('walking the header chain (RFC 8200 §4)', () => {
  it('walks Hop-by-Hop, Destination Options, a type 2 Routing header and stops at ICMPv6 (scapy bytes)', () => {
    const p = walked(golden)
    expect(p.header).toEqual(header)
    expect(p.extensions).toEqual(extensions)
    expect(p).toMatchObject({ upperProtocol: 58, upperOffset: UPPER_OFFSET, fragmented: false })
    expect(toHex(p.upper)).toBe(toHex(echo))
    expect(p.trailing.length).toBe(0)
    expect(toHex(emitPacket(p))).toBe(toHex(golden))
  })

  it('bounds the upper layer by Payload Length and hands back what follows as trailing', () => {
    const padded = new Uint8Array([...golden, 0, 0, 0, 0])
    const p = walked(padded)
    expect(toHex(p.upper)).toBe(toHex(echo))
    expect(toHex(p.trailing)).toBe('00000000')
  })

  it('reports a Payload Length beyond the bytes as truncated', () => {
    expect(walkHeaderChain(golden.subarray(0, golden.length - 1))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'payloadLength', at: golden.length - 1 },
    })
  })

  it('reports a packet cut at every octet as truncated, never throwing', () => {
    for (let cut = 0; cut < golden.length; cut++) {
      expect(walkHeaderChain(golden.subarray(0, cut))).toMatchObject({
        ok: false,
        error: { kind: 'truncated' },
      })
    }
  })

  it('reports a chain cut inside its extension headers (Payload Length agreeing) as truncated there', () => {
    // From 41: Payload Length 0 with a Hop-by-Hop header is the jumbogram shape, tested below.
    for (let cut = 41; cut < UPPER_OFFSET; cut++) {
      const bytes = golden.slice(0, cut)
      bytes[4] = (cut - 40) >> 8
      bytes[5] = (cut - 40) & 0xff
      expect(walkHeaderChain(bytes)).toMatchObject({ ok: false, error: { kind: 'truncated', at: cut } })
    }
  })

  it('walks a chain of a thousand Destination Options headers and ends', () => {
    const payload: number[] = []
    for (let i = 0; i < 1000; i++) payload.push(...tinyDestOpts(i === 999 ? 59 : 60))
    const p = walked(packetOf(payload, 60))
    expect(p.extensions.length).toBe(1000)
    expect(p.upperProtocol).toBe(59)
    // A chain that never names an upper layer ends where Payload Length does.
    expect(walkHeaderChain(packetOf(payload.slice(0, 800), 60))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it.each([
    [135, 'Mobility Header (an extension header by number, the upper layer here)'],
    [41, 'IPv6 in IPv6'],
    [59, 'No Next Header'],
    [6, 'TCP'],
    [17, 'UDP'],
    [51, 'AH'],
    [50, 'ESP'],
  ])('stops at next header %i (%s)', (protocol) => {
    const p = walked(packetOf([...tinyDestOpts(protocol), 0xde, 0xad], 60))
    expect(p).toMatchObject({ upperProtocol: protocol, upperOffset: 48 })
    expect(toHex(p.upper)).toBe('dead')
  })

  it('rejects a Hop-by-Hop header after the first position, pointing at the Next Header that names it', () => {
    expect(walkHeaderChain(packetOf([...tinyDestOpts(0), ...tinyDestOpts(59)], 60))).toEqual({
      ok: false,
      error: { kind: 'bad-value', field: 'nextHeader', at: 40 },
    })
  })

  it('leaves jumbograms (RFC 2675) undecoded', () => {
    expect(walkHeaderChain(packetOf([], 0))).toEqual({
      ok: false,
      error: { kind: 'unsupported', field: 'payloadLength', at: 4 },
    })
  })

  it('shifts a header fault to its offset in the packet', () => {
    const bytes = golden.slice()
    bytes[40 + 8 + 24 + 1] = 4 // RH2 Hdr Ext Len
    expect(walkHeaderChain(bytes)).toEqual({
      ok: false,
      error: { kind: 'bad-length', field: 'hdrExtLen', at: 73 },
    })
  })
})

describe('fragments in the chain (RFC 8200 §4.5)', () => {
  const fragment = (nextHeader: number, offsetUnits8: number, more: boolean) => [
    nextHeader,
    0,
    (offsetUnits8 << 3) >> 8,
    ((offsetUnits8 << 3) & 0xff) | (more ? 1 : 0),
    0,
    0,
    0,
    42,
  ]

  it('walks on past a first fragment but marks the upper layer as a piece', () => {
    const p = walked(packetOf([...fragment(60, 0, true), ...tinyDestOpts(58), 0x80, 0], 44))
    expect(p).toMatchObject({ upperProtocol: 58, upperOffset: 56, fragmented: true })
    expect(p.extensions.map((h) => h.kind)).toEqual(['fragment', 'destination-options'])
  })

  it('stops at a later fragment: its Next Header is the upper protocol, its bytes a piece', () => {
    const p = walked(packetOf([...fragment(60, 185, false), ...tinyDestOpts(58)], 44))
    expect(p).toMatchObject({ upperProtocol: 60, upperOffset: 48, fragmented: true })
    expect(p.upper.length).toBe(8)
  })

  it('treats an atomic fragment (offset 0, no M; RFC 6946) as a whole packet', () => {
    const p = walked(packetOf([...fragment(58, 0, false), 0x80, 0], 44))
    expect(p).toMatchObject({ upperProtocol: 58, fragmented: false })
  })
})

describe('building a packet', () => {
  it('chains Next Header values from the list order and fills Payload Length', () => {
    const loose: Ipv6Packet = {
      header: { ...header, nextHeader: 0xff, payloadLength: 0 },
      extensions: extensions.map((h) => ({ ...h, nextHeader: 0xff })),
      upperProtocol: 58,
      upper: echo,
    }
    expect(packetLength(loose)).toBe(golden.length)
    expect(toHex(emitPacket(loose))).toBe(toHex(golden))
  })

  it('fills the ICMPv6 checksum over the home address and the final destination, as scapy does', () => {
    const upper = echo.slice()
    upper[2] = 0
    upper[3] = 0
    const p: Ipv6Packet = { header, extensions, upperProtocol: 58, upper }
    fillUpperChecksum(p, ICMPV6_CHECKSUM_OFFSET)
    expect(toHex(upper)).toBe(toHex(echo))
    expect(upperChecksumValid(walked(golden))).toBe(true)
  })

  it('refuses packets the walker would read differently', () => {
    const base: Ipv6Packet = { header, extensions: [], upperProtocol: 58, upper: new Uint8Array(0) }
    const hbh = extensions[0]!
    const later: ExtensionHeader = {
      kind: 'fragment',
      nextHeader: 0,
      reserved: 0,
      fragmentOffsetUnits8: 1,
      res: 0,
      moreFragments: false,
      identification: 1,
    }
    expect(() => emitPacket({ ...base, extensions: [extensions[1]!, hbh] })).toThrow(/first/)
    expect(() => emitPacket({ ...base, upperProtocol: 60 })).toThrow(/extension header/)
    expect(() => emitPacket({ ...base, extensions: [later, extensions[1]!] })).toThrow(/non-first fragment/)
    expect(() => emitPacket({ ...base, upper: new Uint8Array(0x10000) })).toThrow(/payload/)
    expect(emitPacket({ ...base, extensions: [later], upperProtocol: 60 }).length).toBe(48)
  })
})

describe('pseudo-header addresses (RFC 8200 §8.1, RFC 6275 §6.3, §6.4)', () => {
  it('takes the home address as source and the type 2 address as final destination', () => {
    expect(pseudoHeaderAddresses(header, extensions)).toEqual({ source: hoa, destination: peerHoa })
  })

  it('uses the fixed header without extension headers', () => {
    expect(pseudoHeaderAddresses(header, [])).toEqual({ source: coa, destination: peerCoa })
  })

  it('keeps the fixed destination once the type 2 header is processed (Segments Left 0)', () => {
    const processed = extensions.map((h) => (h.kind === 'routing-type2' ? { ...h, segmentsLeft: 0 } : h))
    expect(pseudoHeaderAddresses(header, processed).destination).toEqual(peerCoa)
  })

  it('ignores a Home Address option outside a Destination Options header', () => {
    const inHbh: ExtensionHeader[] = [
      {
        kind: 'hop-by-hop',
        nextHeader: 58,
        options: padOptions([{ kind: 'home-address', homeAddress: hoa }]),
      },
    ]
    expect(pseudoHeaderAddresses(header, inHbh).source).toEqual(coa)
  })

  it('gives the checksum that checksum.ts computes from those addresses', () => {
    const p = walked(golden)
    const { source, destination } = pseudoHeaderAddresses(p.header, p.extensions)
    const zeroed = p.upper.slice()
    zeroed[2] = 0
    zeroed[3] = 0
    expect(pseudoHeaderChecksum(source, destination, 58, zeroed)).toBe(0xfa4b)
  })
})

describe.runIf(requireTool(hasScapy(), 'IPv6 header chain vs scapy'))('IPv6 header chain vs scapy', () => {
  const a = formatAddress
  let answers: ScapyAnswer[] = []
  beforeAll(() => {
    answers = scapyBatch([
      {
        op: 'build',
        expr:
          `IPv6(src='${a(coa)}', dst='${a(peerCoa)}', hlim=64)/IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)])` +
          `/IPv6ExtHdrDestOpt(options=[HAO(hoa='${a(hoa)}')])/IPv6ExtHdrRouting(type=2, addresses=['${a(peerHoa)}'])` +
          "/ICMPv6EchoRequest(id=0x1234, seq=1, data=b'mip6')",
      },
      {
        op: 'build',
        expr: `IPv6(src='${a(coa)}', dst='${a(peerCoa)}', tc=0xb8, fl=0x12345)/IPv6ExtHdrFragment(offset=0, m=1, id=7)/IPv6ExtHdrDestOpt(options=[HAO(hoa='${a(hoa)}')])/ICMPv6EchoRequest(id=1, seq=2)`,
      },
      { op: 'decode', hex: toHex(golden) },
    ])
  })

  it("walks scapy's packet field for field, and scapy's checksum verifies with our pseudo-header", () => {
    const bytes = bytesOf(answers[0]!)
    expect(toHex(bytes)).toBe(toHex(golden))
    const p = walked(bytes)
    const ip = layer(answers[0]!, 'IPv6')
    expect(p.header).toEqual({
      trafficClass: ip.tc,
      flowLabel: ip.fl,
      payloadLength: ip.plen,
      nextHeader: ip.nh,
      hopLimit: ip.hlim,
      source: mustParse(ip.src as string),
      destination: mustParse(ip.dst as string),
    })
    const hbh = layer(answers[0]!, 'IPv6ExtHdrHopByHop')
    const dest = layer(answers[0]!, 'IPv6ExtHdrDestOpt')
    const rh = layer(answers[0]!, 'IPv6ExtHdrRouting')
    expect(p.extensions).toEqual([
      { kind: 'hop-by-hop', nextHeader: hbh.nh, options: optionsFromScapy(hbh.options) },
      { kind: 'destination-options', nextHeader: dest.nh, options: optionsFromScapy(dest.options) },
      {
        kind: 'routing-type2',
        nextHeader: rh.nh,
        segmentsLeft: rh.segleft,
        reserved: rh.reserved,
        homeAddress: mustParse((rh.addresses as string[])[0]!),
      },
    ])
    expect(upperChecksumValid(p)).toBe(true)
  })

  it("walks scapy's first fragment and reads its Destination Options after the Fragment header", () => {
    const p = walked(bytesOf(answers[1]!))
    const frag = layer(answers[1]!, 'IPv6ExtHdrFragment')
    expect(p.header).toMatchObject({ trafficClass: 0xb8, flowLabel: 0x12345 })
    expect(p.extensions[0]).toMatchObject({ kind: 'fragment', identification: frag.id, moreFragments: true })
    expect(p.extensions[1]).toMatchObject({ kind: 'destination-options', nextHeader: 58 })
    expect(p).toMatchObject({ upperProtocol: 58, fragmented: true })
    expect(toHex(emitPacket(p))).toBe(toHex(bytesOf(answers[1]!)))
  })

  it('scapy reads the packet we emit as we built it', () => {
    const names = (answers[2]!.layers ?? []).map((l) => l.layer)
    expect(names).toEqual([
      'IPv6',
      'IPv6ExtHdrHopByHop',
      'IPv6ExtHdrDestOpt',
      'IPv6ExtHdrRouting',
      'ICMPv6EchoRequest',
    ])
    expect(layer(answers[2]!, 'IPv6')).toMatchObject({ plen: 68, nh: 0, src: a(coa), dst: a(peerCoa) })
    expect(layer(answers[2]!, 'IPv6ExtHdrRouting')).toMatchObject({
      nh: 58,
      type: 2,
      addresses: [a(peerHoa)],
    })
    expect(layer(answers[2]!, 'ICMPv6EchoRequest')).toMatchObject({ cksum: 0xfa4b, id: 0x1234, seq: 1 })
  })
})

describe.runIf(requireTool(hasCommand('tshark', 'tshark'), 'IPv6 header chain vs tshark'))(
  'IPv6 header chain vs tshark',
  () => {
    /** An ICMPv6 echo request built by hand: type 128, code 0, checksum, id, sequence, data. */
    const echoRequest = () => hex('80 00 0000 beef 0001 68656c6c6f')

    function built(exts: ExtensionHeader[]): Uint8Array {
      const p: Ipv6Packet = { header, extensions: exts, upperProtocol: 58, upper: echoRequest() }
      fillUpperChecksum(p, ICMPV6_CHECKSUM_OFFSET)
      return emitPacket(p)
    }

    it('decodes our packets with no malformed flag and a good ICMPv6 checksum', () => {
      const hao: ExtensionHeader = {
        kind: 'destination-options',
        nextHeader: 0,
        options: padOptions([{ kind: 'home-address', homeAddress: hoa }]),
      }
      const frames = [
        built([hao]),
        built([extensions[0]!, extensions[2]!]),
        built(extensions),
        built([
          { kind: 'routing', nextHeader: 0, routingType: 0, segmentsLeft: 0, data: new Uint8Array(4) },
          hao,
        ]),
      ]
      const decoded = tsharkDecode(frames)
      expect(decoded.map((f) => f.protocols)).toEqual([
        'ipv6:ipv6.dstopts:icmpv6:data',
        'ipv6:ipv6.hopopts:ipv6.routing:icmpv6:data',
        'ipv6:ipv6.hopopts:ipv6.dstopts:ipv6.routing:icmpv6:data',
        'ipv6:ipv6.routing:ipv6.dstopts:icmpv6:data',
      ])
      for (const f of decoded) {
        expect(f.malformed).toBe(false)
        expect(f.badChecksums).toEqual([])
        expect(f.fields['icmpv6.checksum.status']).toEqual(['1'])
      }
      expect(decoded[0]!.fields['ipv6.opt.mipv6.home_address']).toEqual([formatAddress(hoa)])
      expect(decoded[1]!.fields['ipv6.routing.mipv6.home_address']).toEqual([formatAddress(peerHoa)])
    })

    it('sees a checksum over the care-of address as bad: the HoA is what belongs in the pseudo-header', () => {
      const hao: ExtensionHeader = {
        kind: 'destination-options',
        nextHeader: 0,
        options: padOptions([{ kind: 'home-address', homeAddress: hoa }]),
      }
      const p: Ipv6Packet = { header, extensions: [hao], upperProtocol: 58, upper: echoRequest() }
      fillUpperChecksum({ ...p, extensions: [] }, ICMPV6_CHECKSUM_OFFSET)
      const [f] = tsharkDecode([emitPacket(p)])
      expect(f!.fields['icmpv6.checksum.status']).toEqual(['0'])
    })
  },
)

describe('header chain properties', () => {
  it('walks back what it emits', () => {
    fc.assert(
      fc.property(arbIpv6Packet, (p) => {
        const bytes = emitPacket(p)
        const r = walkHeaderChain(bytes)
        if (!r.ok) throw new Error(JSON.stringify(r.error))
        const { header, extensions, upperProtocol, upper } = r.value
        expect({ header, extensions, upperProtocol, upper }).toEqual(p)
        expect(r.value.upperOffset).toBe(bytes.length - p.upper.length)
        expect(r.value.fragmented).toBe(p.extensions.some((h) => h.kind === 'fragment' && isFragment(h)))
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws on random or mutated packets, and builds back what it walks', () => {
    const mutated = fc
      .tuple(
        arbIpv6Packet,
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
      )
      .map(([p, edits, cut]) => {
        const bytes = emitPacket(p)
        for (const [at, value] of edits) bytes[at % bytes.length] = value
        return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1))
      })
    const randomPayload = fc
      .tuple(
        fc.constantFrom(0, 43, 44, 60, 58, 135),
        fc.array(
          fc.oneof(
            fc.constantFrom([60, 0, 1, 4, 0, 0, 0, 0], [43, 2, 2, 1], [44, 0, 0, 0]),
            fc.nat(255).map((b) => [b]),
          ),
          {
            maxLength: 40,
          },
        ),
      )
      .map(([nextHeader, chunks]) => packetOf(chunks.flat(), nextHeader))
    fc.assert(
      fc.property(fc.oneof(mutated, randomPayload, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        const r = walkHeaderChain(bytes)
        if (!r.ok) return
        const out = emitPacket(r.value)
        expect(toHex(out)).toBe(toHex(bytes.subarray(0, IPV6_HEADER_LENGTH + r.value.header.payloadLength)))
      }),
      { numRuns: 6000 },
    )
  })
})
