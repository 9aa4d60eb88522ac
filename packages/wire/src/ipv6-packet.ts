// RFC 8200 §4 and §4.1: an IPv6 packet as its fixed header, the chain of extension headers and
// the upper-layer bytes; walked from received bytes and built back. RFC 8200 §8.1 with
// RFC 6275 §6.3 and §6.4 picks the addresses of the upper-layer checksum's pseudo-header.
//
// Building: `emitPacket` computes Payload Length and chains every Next Header (the fixed
// header's, each extension header's) from the list order and `upperProtocol`; the values
// the representation holds in those fields are ignored, so a caller can leave them at 0.
// Walked packets come out with the fields as received and build back to the same bytes.
import { checksumValid, fillChecksum } from './checksum'
import { assertRoom } from './codec'
import { IpProtocol } from './ip-protocol'
import type { Ipv6Address } from './ipv6-address'
import {
  type ExtensionHeader,
  emitExtensionHeader,
  extensionHeaderLength,
  extensionHeaderProtocol,
  isWalkedExtensionHeader,
  parseExtensionHeader,
} from './ipv6-ext-headers'
import { isFragment } from './ipv6-fragment'
import { IPV6_HEADER_LENGTH, Ipv6Header } from './ipv6-header'
import type { Type2RoutingHeader } from './ipv6-routing'
import { type ParseError, parseError, shiftError } from './parse-error'
import { ok, type Result } from './result'

const field = {
  payloadLength: 4,
  nextHeader: 6,
} as const

/** Every extension header we build starts with its Next Header octet. */
const EXT_NEXT_HEADER = 0
const MAX_PAYLOAD_LENGTH = 0xffff

export interface Ipv6Packet {
  header: Ipv6Header
  extensions: ExtensionHeader[]
  upperProtocol: number
  upper: Uint8Array
}

export interface WalkedIpv6Packet extends Ipv6Packet {
  /** Where `upper` starts, from the start of the packet. */
  upperOffset: number
  /**
   * A Fragment header marks this as a piece of a larger packet: `upper` is not a whole
   * upper-layer message and must not be parsed as one. After a non-first fragment the walk
   * stops at the Fragment header and `upperProtocol` is its Next Header.
   */
  fragmented: boolean
  /** Bytes after Payload Length (e.g. Ethernet padding): not part of the packet. */
  trailing: Uint8Array
}

/**
 * Walks from the fixed header through Hop-by-Hop, Destination Options, Routing and Fragment
 * headers to the first other Next Header (ICMPv6, Mobility Header, IPv6, No Next Header, TCP,
 * UDP, AH, ESP...). The upper-layer bytes end where Payload Length says. Errors count from
 * the start of the packet; a Next Header fault points at that Next Header octet, as an ICMPv6
 * Parameter Problem would.
 */
export function walkHeaderChain(packet: Uint8Array): Result<WalkedIpv6Packet, ParseError> {
  const parsed = Ipv6Header.parse(packet)
  if (!parsed.ok) return parsed
  const header = parsed.value
  // RFC 2675 §3: a jumbogram has Payload Length 0 and a Hop-by-Hop header; not decoded here.
  if (header.payloadLength === 0 && header.nextHeader === IpProtocol.hopByHop) {
    return parseError('unsupported', 'payloadLength', field.payloadLength)
  }
  const end = IPV6_HEADER_LENGTH + header.payloadLength
  if (packet.length < end) return parseError('truncated', 'payloadLength', packet.length)
  const payload = packet.subarray(0, end)

  const extensions: ExtensionHeader[] = []
  let protocol = header.nextHeader
  let nextHeaderAt: number = field.nextHeader
  let offset = IPV6_HEADER_LENGTH
  let fragmented = false
  while (isWalkedExtensionHeader(protocol)) {
    // RFC 8200 §4.1: the Hop-by-Hop Options header is only allowed right after the IPv6 header.
    if (protocol === IpProtocol.hopByHop && extensions.length > 0) {
      return parseError('bad-value', 'nextHeader', nextHeaderAt)
    }
    const r = parseExtensionHeader(protocol, payload.subarray(offset))!
    if (!r.ok) return shiftError(r.error, offset)
    const ext = r.value
    extensions.push(ext)
    nextHeaderAt = offset + EXT_NEXT_HEADER
    offset += extensionHeaderLength(ext)
    protocol = ext.nextHeader
    if (ext.kind === 'fragment' && isFragment(ext)) {
      fragmented = true
      // RFC 8200 §4.5: only the first fragment carries the headers that follow the Fragment header.
      if (ext.fragmentOffsetUnits8 !== 0) break
    }
  }
  return ok({
    header,
    extensions,
    upperProtocol: protocol,
    upper: payload.subarray(offset),
    upperOffset: offset,
    fragmented,
    trailing: packet.subarray(end),
  })
}

export function packetLength(p: Ipv6Packet): number {
  let total = IPV6_HEADER_LENGTH + p.upper.length
  for (const ext of p.extensions) total += extensionHeaderLength(ext)
  return total
}

/**
 * Writes the packet at `offset` with Payload Length and the Next Header chain filled in.
 * Throws on a packet the walker would read differently: Hop-by-Hop not first, headers after a
 * non-first fragment, an `upperProtocol` the walker would step into, or more than 65535 octets
 * of payload.
 */
export function emitPacketInto(p: Ipv6Packet, buf: Uint8Array, offset = 0): number {
  assertWalksBack(p)
  const total = packetLength(p)
  const payloadLength = total - IPV6_HEADER_LENGTH
  if (payloadLength > MAX_PAYLOAD_LENGTH) throw new RangeError(`IPv6 payload of ${payloadLength} octets`)
  assertRoom(buf, offset, total, 'IPv6 packet')
  const chain = [...p.extensions.map(extensionHeaderProtocol), p.upperProtocol]
  let at = offset + Ipv6Header.emit({ ...p.header, payloadLength, nextHeader: chain[0]! }, buf, offset)
  p.extensions.forEach((ext, i) => {
    const n = emitExtensionHeader(ext, buf, at)
    buf[at + EXT_NEXT_HEADER] = chain[i + 1]!
    at += n
  })
  buf.set(p.upper, at)
  return total
}

export function emitPacket(p: Ipv6Packet): Uint8Array {
  const buf = new Uint8Array(packetLength(p))
  emitPacketInto(p, buf, 0)
  return buf
}

function assertWalksBack(p: Ipv6Packet): void {
  p.extensions.forEach((ext, i) => {
    if (ext.kind === 'hop-by-hop' && i > 0) throw new RangeError('Hop-by-Hop Options header must come first')
    const last = i === p.extensions.length - 1
    if (ext.kind === 'fragment' && ext.fragmentOffsetUnits8 !== 0 && !last) {
      throw new RangeError('headers after a non-first fragment are not walked')
    }
  })
  const tail = p.extensions[p.extensions.length - 1]
  const afterPiece = tail?.kind === 'fragment' && tail.fragmentOffsetUnits8 !== 0
  if (isWalkedExtensionHeader(p.upperProtocol) && !afterPiece) {
    throw new RangeError(`upperProtocol ${p.upperProtocol} is an extension header: put it in extensions`)
  }
}

/** The Home Address option of the first Destination Options header that has one (RFC 6275 §6.3). */
export function findHomeAddressOption(extensions: readonly ExtensionHeader[]): Ipv6Address | undefined {
  for (const ext of extensions) {
    if (ext.kind !== 'destination-options') continue
    for (const o of ext.options) if (o.kind === 'home-address') return o.homeAddress
  }
  return undefined
}

export function findType2RoutingHeader(
  extensions: readonly ExtensionHeader[],
): Type2RoutingHeader | undefined {
  for (const ext of extensions) if (ext.kind === 'routing-type2') return ext
  return undefined
}

/**
 * The source and destination of the upper-layer pseudo-header (RFC 8200 §8.1):
 * - destination: the final one. With a type 2 Routing header not yet processed (Segments Left
 *   > 0) that is its Home Address (RFC 6275 §6.4); once processed, the fixed header already
 *   holds it. Other routing types are left alone (type 0 is deprecated by RFC 5095).
 * - source: the Home Address option's address when one is present (RFC 6275 §6.3).
 */
export function pseudoHeaderAddresses(
  header: Pick<Ipv6Header, 'source' | 'destination'>,
  extensions: readonly ExtensionHeader[],
): { source: Ipv6Address; destination: Ipv6Address } {
  const rh2 = findType2RoutingHeader(extensions)
  return {
    source: findHomeAddressOption(extensions) ?? header.source,
    destination: rh2 !== undefined && rh2.segmentsLeft > 0 ? rh2.homeAddress : header.destination,
  }
}

/** True when the checksum at the start of `upper`'s message verifies over the MIPv6-aware pseudo-header. */
export function upperChecksumValid(p: Ipv6Packet): boolean {
  const { source, destination } = pseudoHeaderAddresses(p.header, p.extensions)
  return checksumValid(source, destination, p.upperProtocol, p.upper)
}

/** Writes the upper-layer checksum at `checksumOffset` of `p.upper`, in place. */
export function fillUpperChecksum(p: Ipv6Packet, checksumOffset: number): void {
  const { source, destination } = pseudoHeaderAddresses(p.header, p.extensions)
  fillChecksum(source, destination, p.upperProtocol, p.upper, checksumOffset)
}
