// fast-check arbitraries for Ethernet, the IPv6 header, its options and extension headers, and
// whole packets whose Next Header chain and Payload Length are consistent.
import fc from 'fast-check'
import type { EthernetHeader } from '../ethernet'
import { IpProtocol } from '../ip-protocol'
import { type ExtensionHeader, extensionHeaderProtocol, isWalkedExtensionHeader } from '../ipv6-ext-headers'
import type { FragmentHeader } from '../ipv6-fragment'
import type { DestinationOptionsHeader, HopByHopHeader } from '../ipv6-hbh-destopts'
import { IPV6_HEADER_LENGTH, type Ipv6Header } from '../ipv6-header'
import { type Ipv6Option, Ipv6OptionType, padOptions } from '../ipv6-options'
import { type Ipv6Packet, packetLength } from '../ipv6-packet'
import type { OtherRoutingHeader, Type2RoutingHeader } from '../ipv6-routing'

const byte = fc.integer({ min: 0, max: 0xff })
const uint16 = fc.integer({ min: 0, max: 0xffff })
const uint32 = fc.integer({ min: 0, max: 0xffffffff })
const bytes = (maxLength: number) => fc.uint8Array({ maxLength })

export const arbMac = fc.uint8Array({ minLength: 6, maxLength: 6 })
export const arbIpv6Address = fc.uint8Array({ minLength: 16, maxLength: 16 })

export const arbEthernetHeader: fc.Arbitrary<EthernetHeader> = fc.record({
  destination: arbMac,
  source: arbMac,
  etherType: uint16,
})

export const arbIpv6Header: fc.Arbitrary<Ipv6Header> = fc.record({
  trafficClass: byte,
  flowLabel: fc.integer({ min: 0, max: 0xfffff }),
  payloadLength: uint16,
  nextHeader: byte,
  hopLimit: byte,
  source: arbIpv6Address,
  destination: arbIpv6Address,
})

const KNOWN_OPTION_TYPES = new Set<number>(Object.values(Ipv6OptionType))

/** An option other than a pad; its alignment is met by `padOptions` in the lists below. */
export const arbIpv6Option: fc.Arbitrary<Ipv6Option> = fc.oneof(
  fc.record({ kind: fc.constant('home-address' as const), homeAddress: arbIpv6Address }),
  fc.record({ kind: fc.constant('router-alert' as const), value: uint16 }),
  fc.record({
    kind: fc.constant('unknown' as const),
    type: byte.filter((t) => !KNOWN_OPTION_TYPES.has(t)),
    raw: bytes(24),
  }),
)

/** Pads as a peer may send them: any length, any content. */
export const arbPad: fc.Arbitrary<Ipv6Option> = fc.oneof(
  fc.constant({ kind: 'pad1' as const }),
  fc.record({ kind: fc.constant('padn' as const), padding: bytes(9) }),
)

/** A well-formed options area for a header whose options start at octet 2. */
export const arbOptionList: fc.Arbitrary<Ipv6Option[]> = fc
  .array(fc.oneof({ weight: 3, arbitrary: arbIpv6Option }, { weight: 1, arbitrary: arbPad }), {
    maxLength: 5,
  })
  .map((options) => padOptions(options, 2))

export const arbHopByHop: fc.Arbitrary<HopByHopHeader> = fc.record({
  kind: fc.constant('hop-by-hop' as const),
  nextHeader: byte,
  options: arbOptionList,
})

export const arbDestinationOptions: fc.Arbitrary<DestinationOptionsHeader> = fc.record({
  kind: fc.constant('destination-options' as const),
  nextHeader: byte,
  options: arbOptionList,
})

export const arbType2Routing: fc.Arbitrary<Type2RoutingHeader> = fc.record({
  kind: fc.constant('routing-type2' as const),
  nextHeader: byte,
  segmentsLeft: byte,
  reserved: uint32,
  homeAddress: arbIpv6Address,
})

export const arbOtherRouting: fc.Arbitrary<OtherRoutingHeader> = fc.record({
  kind: fc.constant('routing' as const),
  nextHeader: byte,
  routingType: byte.filter((t) => t !== 2),
  segmentsLeft: byte,
  data: fc
    .integer({ min: 0, max: 5 })
    .chain((units) => fc.uint8Array({ minLength: units * 8 + 4, maxLength: units * 8 + 4 })),
})

export const arbFragment: fc.Arbitrary<FragmentHeader> = fc.record({
  kind: fc.constant('fragment' as const),
  nextHeader: byte,
  reserved: byte,
  fragmentOffsetUnits8: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0x1fff })),
  res: fc.integer({ min: 0, max: 3 }),
  moreFragments: fc.boolean(),
  identification: uint32,
})

export const arbExtensionHeader: fc.Arbitrary<ExtensionHeader> = fc.oneof(
  arbHopByHop,
  arbDestinationOptions,
  arbType2Routing,
  arbOtherRouting,
  arbFragment,
)

const isPiece = (h: ExtensionHeader | undefined) => h?.kind === 'fragment' && h.fragmentOffsetUnits8 !== 0

/**
 * A packet the walker reads back as built: Hop-by-Hop only first, nothing after a non-first
 * fragment, an upper protocol the walker stops at, and the Next Header / Payload Length fields
 * holding what `emitPacket` writes.
 */
export const arbIpv6Packet: fc.Arbitrary<Ipv6Packet> = fc
  .record({
    header: arbIpv6Header,
    hopByHop: fc.option(arbHopByHop, { nil: undefined }),
    rest: fc.array(fc.oneof(arbDestinationOptions, arbType2Routing, arbOtherRouting, arbFragment), {
      maxLength: 4,
    }),
    upperProtocol: byte,
    upper: bytes(64),
  })
  .map(({ header, hopByHop, rest, upperProtocol, upper }) => {
    const cut = rest.findIndex((h) => isPiece(h))
    const extensions: ExtensionHeader[] = [
      ...(hopByHop ? [hopByHop] : []),
      ...(cut < 0 ? rest : rest.slice(0, cut + 1)),
    ]
    const stops = isPiece(extensions[extensions.length - 1]) || !isWalkedExtensionHeader(upperProtocol)
    return chained({
      header,
      extensions,
      upperProtocol: stops ? upperProtocol : IpProtocol.noNextHeader,
      upper,
    })
  })

/** Sets every Next Header and the Payload Length to what emitPacket writes. */
export function chained(p: Ipv6Packet): Ipv6Packet {
  const chain = [...p.extensions.map(extensionHeaderProtocol), p.upperProtocol]
  return {
    header: { ...p.header, nextHeader: chain[0]!, payloadLength: packetLength(p) - IPV6_HEADER_LENGTH },
    extensions: p.extensions.map((h, i) => ({ ...h, nextHeader: chain[i + 1]! })),
    upperProtocol: p.upperProtocol,
    upper: p.upper,
  }
}
