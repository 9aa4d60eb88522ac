// RFC 4443: any ICMPv6 message, decoded by its Type (RFC 4443 §2.1), and the checksum over the
// IPv6 pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1).
//
// The pseudo-header addresses are the caller's: for a packet with a Home Address option or a
// type 2 Routing Header they are the final ones (RFC 6275 §6.3-6.4), not those in the IPv6
// header, so this module does not read any IP header itself.

import { checksumValid, fillChecksum } from './checksum'
import { assertRoom, type Codec } from './codec'
import { EchoReply, EchoRequest } from './icmpv6-echo'
import { DestinationUnreachable, PacketTooBig, ParameterProblem, TimeExceeded } from './icmpv6-errors'
import {
  ICMPV6_CHECKSUM_OFFSET,
  ICMPV6_HEADER_LENGTH,
  type Icmpv6Common,
  Icmpv6Header,
  type MessageCodec,
} from './icmpv6-header'
import { IpProtocol } from './ip-protocol'
import type { Ipv6Address } from './ipv6-address'
import { HaadReply, HaadRequest } from './mip6-dhaad'
import { MobilePrefixAdvert, MobilePrefixSolicit } from './mip6-prefix-discovery'
import { NeighborAdvert } from './nd-neighbor-advert'
import { NeighborSolicit } from './nd-neighbor-solicit'
import { Redirect } from './nd-redirect'
import { RouterAdvert } from './nd-router-advert'
import { RouterSolicit } from './nd-router-solicit'
import type { ParseError } from './parse-error'
import { ok, type Result } from './result'

/** A type this package does not decode; `body` is everything after the Checksum. */
export interface UnknownIcmpv6Message extends Icmpv6Common {
  kind: 'unknown'
  type: number
  body: Uint8Array
}

export type Icmpv6Message =
  | EchoRequest
  | EchoReply
  | DestinationUnreachable
  | PacketTooBig
  | TimeExceeded
  | ParameterProblem
  | RouterSolicit
  | RouterAdvert
  | NeighborSolicit
  | NeighborAdvert
  | Redirect
  | HaadRequest
  | HaadReply
  | MobilePrefixSolicit
  | MobilePrefixAdvert
  | UnknownIcmpv6Message

type KnownMessage = Exclude<Icmpv6Message, UnknownIcmpv6Message>

const codecs: { [K in KnownMessage['kind']]: MessageCodec<Extract<KnownMessage, { kind: K }>> } = {
  'echo-request': EchoRequest,
  'echo-reply': EchoReply,
  'destination-unreachable': DestinationUnreachable,
  'packet-too-big': PacketTooBig,
  'time-exceeded': TimeExceeded,
  'parameter-problem': ParameterProblem,
  'router-solicit': RouterSolicit,
  'router-advert': RouterAdvert,
  'neighbor-solicit': NeighborSolicit,
  'neighbor-advert': NeighborAdvert,
  redirect: Redirect,
  'haad-request': HaadRequest,
  'haad-reply': HaadReply,
  'mobile-prefix-solicit': MobilePrefixSolicit,
  'mobile-prefix-advert': MobilePrefixAdvert,
}

type AnyCodec = MessageCodec<Icmpv6Message>

const byType = new Map<number, AnyCodec>(Object.values(codecs).map((c) => [c.type, c as unknown as AnyCodec]))

function parse(bytes: Uint8Array): Result<Icmpv6Message, ParseError> {
  const header = Icmpv6Header.parse(bytes)
  if (!header.ok) return header
  const codec = byType.get(header.value.type)
  if (codec !== undefined) return codec.parse(bytes)
  return ok({ kind: 'unknown', ...header.value, body: bytes.subarray(ICMPV6_HEADER_LENGTH) })
}

function emit(m: Icmpv6Message, buf: Uint8Array, offset = 0): number {
  if (m.kind !== 'unknown') return (codecs[m.kind] as unknown as AnyCodec).emit(m, buf, offset)
  const length = ICMPV6_HEADER_LENGTH + m.body.length
  assertRoom(buf, offset, length, 'ICMPv6 message')
  Icmpv6Header.emit(m, buf, offset)
  buf.set(m.body, offset + ICMPV6_HEADER_LENGTH)
  return length
}

function length(m: Icmpv6Message): number {
  if (m.kind !== 'unknown') return (codecs[m.kind] as unknown as AnyCodec).length(m)
  return ICMPV6_HEADER_LENGTH + m.body.length
}

/** Any ICMPv6 message; a known Type whose body is malformed is an error, not `unknown`. */
export const Icmpv6Message: Codec<Icmpv6Message> = { parse, emit, length }

/** Writes the checksum of the whole message `bytes` (RFC 4443 §2.3, next header 58). */
export function fillIcmpv6Checksum(bytes: Uint8Array, source: Ipv6Address, destination: Ipv6Address): void {
  fillChecksum(source, destination, IpProtocol.icmpv6, bytes, ICMPV6_CHECKSUM_OFFSET)
}

/** True when the checksum in `bytes` matches; a message too short to hold one is not valid. */
export function icmpv6ChecksumValid(
  bytes: Uint8Array,
  source: Ipv6Address,
  destination: Ipv6Address,
): boolean {
  return bytes.length >= ICMPV6_HEADER_LENGTH && checksumValid(source, destination, IpProtocol.icmpv6, bytes)
}
