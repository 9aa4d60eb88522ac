// fast-check arbitraries for ICMPv6, Neighbor Discovery and the Mobile IPv6 ICMPv6 messages.
// Every generated value emits to bytes that parse back to it: the options are well formed
// (an `invalid` option cannot round-trip from a value, so none is generated).
import fc from 'fast-check'
import { readDomainName } from '../dns-name'
import type { Icmpv6Message, UnknownIcmpv6Message } from '../icmpv6'
import type { EchoReply, EchoRequest } from '../icmpv6-echo'
import type { DestinationUnreachable, PacketTooBig, ParameterProblem, TimeExceeded } from '../icmpv6-errors'
import { Icmpv6Type } from '../icmpv6-header'
import type { Ipv6Address } from '../ipv6-address'
import type { HaadReply, HaadRequest } from '../mip6-dhaad'
import type { MobilePrefixAdvert, MobilePrefixSolicit } from '../mip6-prefix-discovery'
import type { NeighborAdvert } from '../nd-neighbor-advert'
import type { NeighborSolicit } from '../nd-neighbor-solicit'
import { type Dnssl, dnssl } from '../nd-option-dnssl'
import { NdOptionType } from '../nd-option-tlv'
import type { KnownNdOption, NdOption, UnknownNdOption } from '../nd-options'
import type { RouterPreference } from '../nd-preference'
import type { Redirect } from '../nd-redirect'
import type { RouterAdvert } from '../nd-router-advert'
import type { RouterSolicit } from '../nd-router-solicit'

const UNIT = 8
export const u8 = fc.integer({ min: 0, max: 0xff })
export const u16 = fc.integer({ min: 0, max: 0xffff })
export const u32 = fc.integer({ min: 0, max: 0xffff_ffff })
const i16 = fc.integer({ min: -0x8000, max: 0x7fff })
const u48 = fc.integer({ min: 0, max: 2 ** 48 - 1 })

export const arbAddress: fc.Arbitrary<Ipv6Address> = fc.uint8Array({ minLength: 16, maxLength: 16 })
export const arbPreference: fc.Arbitrary<RouterPreference> = fc.constantFrom(
  'high',
  'medium',
  'low',
  'reserved',
)

/** `unitsMax` whole units of 8 octets, less the `less` octets the option's fixed part takes. */
function unitBytes(less: number, unitsMin: number, unitsMax: number): fc.Arbitrary<Uint8Array> {
  return fc
    .integer({ min: unitsMin, max: unitsMax })
    .chain((n) => fc.uint8Array({ minLength: n * UNIT - less, maxLength: n * UNIT - less }))
}

const arbLinkLayerAddress = fc.oneof(fc.uint8Array({ minLength: 6, maxLength: 6 }), unitBytes(2, 1, 3))

/** Domain names from random label octets, in the text form the codec reads them as. */
export const arbDomainName: fc.Arbitrary<string> = fc
  .array(fc.uint8Array({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 })
  .map((labels) => {
    const wire = Uint8Array.from(labels.flatMap((l) => [l.length, ...l]).concat(0))
    const r = readDomainName(wire, 0, wire.length, 'test')
    if (!r.ok) throw new Error('arbDomainName: generated an unreadable name')
    return r.value.name
  })

const arbDnssl: fc.Arbitrary<Dnssl> = fc
  .record({
    domains: fc.array(fc.oneof(arbDomainName, fc.constantFrom('example.com', 'lab.test')), {
      minLength: 1,
      maxLength: 3,
    }),
    lifetimeS: u32,
    reserved: u16,
    extraUnits: fc.integer({ min: 0, max: 1 }),
  })
  .map(({ domains, lifetimeS, reserved, extraUnits }) => {
    const d = dnssl(domains, lifetimeS)
    return { ...d, reserved, padding: d.padding + extraUnits * UNIT }
  })

const arbRouteInformation = fc.integer({ min: 0, max: 2 }).chain((units) =>
  fc.record({
    kind: fc.constant('route-information' as const),
    prefixLength: fc.integer({ min: 0, max: units * 64 }),
    preference: arbPreference,
    reserved: u8.map((b) => b & 0xe7),
    routeLifetimeS: u32,
    prefix: fc.uint8Array({ minLength: units * UNIT, maxLength: units * UNIT }),
  }),
)

const knownTypes = new Set<number>(Object.values(NdOptionType))

export const arbUnknownNdOption: fc.Arbitrary<UnknownNdOption> = fc.record({
  kind: fc.constant('unknown' as const),
  type: u8.filter((t) => !knownTypes.has(t)),
  raw: unitBytes(2, 1, 3),
})

export const arbKnownNdOption: fc.Arbitrary<KnownNdOption> = fc.oneof(
  fc.record({ kind: fc.constant('source-lla' as const), address: arbLinkLayerAddress }),
  fc.record({ kind: fc.constant('target-lla' as const), address: arbLinkLayerAddress }),
  fc.record({
    kind: fc.constant('prefix-information' as const),
    prefixLength: u8,
    onLink: fc.boolean(),
    autonomous: fc.boolean(),
    routerAddress: fc.boolean(),
    reserved1: fc.integer({ min: 0, max: 0x1f }),
    validLifetimeS: u32,
    preferredLifetimeS: u32,
    reserved2: u32,
    prefix: arbAddress,
  }),
  fc.record({
    kind: fc.constant('redirected-header' as const),
    reserved: u48,
    ipHeaderAndData: unitBytes(0, 0, 8),
  }),
  fc.record({ kind: fc.constant('mtu' as const), reserved: u16, mtu: u32 }),
  fc.record({ kind: fc.constant('advertisement-interval' as const), reserved: u16, advIntervalMs: u32 }),
  fc.record({
    kind: fc.constant('home-agent-information' as const),
    reserved: u16,
    homeAgentPreference: i16,
    homeAgentLifetimeS: u16,
  }),
  arbRouteInformation,
  fc.record({
    kind: fc.constant('rdnss' as const),
    reserved: u16,
    lifetimeS: u32,
    addresses: fc.array(arbAddress, { minLength: 1, maxLength: 3 }),
  }),
  arbDnssl,
)

export const arbNdOption: fc.Arbitrary<NdOption> = fc.oneof(
  { arbitrary: arbKnownNdOption, weight: 4 },
  { arbitrary: arbUnknownNdOption, weight: 1 },
)

export const arbNdOptions: fc.Arbitrary<NdOption[]> = fc.array(arbNdOption, { maxLength: 5 })

const common = { code: u8, checksum: u16 }

const arbEcho = <K extends 'echo-request' | 'echo-reply'>(kind: K) =>
  fc.record({
    kind: fc.constant(kind),
    ...common,
    identifier: u16,
    sequenceNumber: u16,
    data: fc.uint8Array({ maxLength: 64 }),
  })
export const arbEchoRequest: fc.Arbitrary<EchoRequest> = arbEcho('echo-request')
export const arbEchoReply: fc.Arbitrary<EchoReply> = arbEcho('echo-reply')

const invoking = fc.uint8Array({ maxLength: 96 })
export const arbDestinationUnreachable: fc.Arbitrary<DestinationUnreachable> = fc.record({
  kind: fc.constant('destination-unreachable' as const),
  ...common,
  unused: u32,
  invoking,
})
export const arbPacketTooBig: fc.Arbitrary<PacketTooBig> = fc.record({
  kind: fc.constant('packet-too-big' as const),
  ...common,
  mtu: u32,
  invoking,
})
export const arbTimeExceeded: fc.Arbitrary<TimeExceeded> = fc.record({
  kind: fc.constant('time-exceeded' as const),
  ...common,
  unused: u32,
  invoking,
})
export const arbParameterProblem: fc.Arbitrary<ParameterProblem> = fc.record({
  kind: fc.constant('parameter-problem' as const),
  ...common,
  pointer: u32,
  invoking,
})

export const arbRouterSolicit: fc.Arbitrary<RouterSolicit> = fc.record({
  kind: fc.constant('router-solicit' as const),
  ...common,
  reserved: u32,
  options: arbNdOptions,
})

export const arbRouterAdvert: fc.Arbitrary<RouterAdvert> = fc.record({
  kind: fc.constant('router-advert' as const),
  ...common,
  curHopLimit: u8,
  managed: fc.boolean(),
  other: fc.boolean(),
  homeAgent: fc.boolean(),
  routerPreference: arbPreference,
  proxy: fc.boolean(),
  reserved: fc.integer({ min: 0, max: 3 }),
  routerLifetimeS: u16,
  reachableTimeMs: u32,
  retransTimerMs: u32,
  options: arbNdOptions,
})

export const arbNeighborSolicit: fc.Arbitrary<NeighborSolicit> = fc.record({
  kind: fc.constant('neighbor-solicit' as const),
  ...common,
  reserved: u32,
  target: arbAddress,
  options: arbNdOptions,
})

export const arbNeighborAdvert: fc.Arbitrary<NeighborAdvert> = fc.record({
  kind: fc.constant('neighbor-advert' as const),
  ...common,
  router: fc.boolean(),
  solicited: fc.boolean(),
  override: fc.boolean(),
  reserved: fc.integer({ min: 0, max: 0x1fff_ffff }),
  target: arbAddress,
  options: arbNdOptions,
})

export const arbRedirect: fc.Arbitrary<Redirect> = fc.record({
  kind: fc.constant('redirect' as const),
  ...common,
  reserved: u32,
  target: arbAddress,
  destination: arbAddress,
  options: arbNdOptions,
})

export const arbHaadRequest: fc.Arbitrary<HaadRequest> = fc.record({
  kind: fc.constant('haad-request' as const),
  ...common,
  identifier: u16,
  reserved: u16,
})

export const arbHaadReply: fc.Arbitrary<HaadReply> = fc.record({
  kind: fc.constant('haad-reply' as const),
  ...common,
  identifier: u16,
  reserved: u16,
  homeAgents: fc.array(arbAddress, { maxLength: 4 }),
})

export const arbMobilePrefixSolicit: fc.Arbitrary<MobilePrefixSolicit> = fc.record({
  kind: fc.constant('mobile-prefix-solicit' as const),
  ...common,
  identifier: u16,
  reserved: u16,
})

export const arbMobilePrefixAdvert: fc.Arbitrary<MobilePrefixAdvert> = fc.record({
  kind: fc.constant('mobile-prefix-advert' as const),
  ...common,
  identifier: u16,
  managed: fc.boolean(),
  other: fc.boolean(),
  reserved: fc.integer({ min: 0, max: 0x3fff }),
  options: arbNdOptions,
})

const knownMessageTypes = new Set<number>(Object.values(Icmpv6Type))

export const arbUnknownIcmpv6Message: fc.Arbitrary<UnknownIcmpv6Message> = fc.record({
  kind: fc.constant('unknown' as const),
  type: u8.filter((t) => !knownMessageTypes.has(t)),
  ...common,
  body: fc.uint8Array({ maxLength: 64 }),
})

export const arbIcmpv6Message: fc.Arbitrary<Icmpv6Message> = fc.oneof(
  arbEchoRequest,
  arbEchoReply,
  arbDestinationUnreachable,
  arbPacketTooBig,
  arbTimeExceeded,
  arbParameterProblem,
  arbRouterSolicit,
  arbRouterAdvert,
  arbNeighborSolicit,
  arbNeighborAdvert,
  arbRedirect,
  arbHaadRequest,
  arbHaadReply,
  arbMobilePrefixSolicit,
  arbMobilePrefixAdvert,
  arbUnknownIcmpv6Message,
)

/** Bytes that start like a message of a known type, to reach past the type dispatch. */
export const arbIcmpv6LikeBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom(...knownMessageTypes), fc.uint8Array({ maxLength: 120 }))
  .map(([type, rest]) => Uint8Array.from([type, ...rest]))

/** `bytes` with a few octets overwritten and sometimes cut short: near misses of valid input. */
export function mutated(bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(bytes, fc.array(fc.tuple(fc.nat(), u8), { minLength: 1, maxLength: 4 }), fc.option(fc.nat()))
    .map(([b, edits, cut]) => {
      const out = b.slice()
      if (out.length > 0) for (const [i, v] of edits) out[i % out.length] = v
      return cut === null ? out : out.subarray(0, cut % (out.length + 1))
    })
}
