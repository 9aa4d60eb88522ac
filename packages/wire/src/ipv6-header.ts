// RFC 8200 §3: the IPv6 fixed header.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |Version| Traffic Class |           Flow Label                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Payload Length        |  Next Header  |   Hop Limit   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Source Address (128)                     |
// |                   Destination Address (128)                   |
import type { ByteView } from './byte-view'
import { assertRoom, type Codec, viewOf } from './codec'
import type { Ipv6Address } from './ipv6-address'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

const field = {
  versionClassFlow: 0,
  payloadLength: 4,
  nextHeader: 6,
  hopLimit: 7,
  source: 8,
  destination: 24,
} as const

export const IPV6_HEADER_LENGTH = 40
const IP_VERSION = 6

export interface Ipv6Header {
  trafficClass: number
  flowLabel: number
  payloadLength: number
  nextHeader: number
  hopLimit: number
  source: Ipv6Address
  destination: Ipv6Address
}

/** Zero-copy accessors for hot paths (the data plane reads a few fields of every packet). */
export class Ipv6View {
  private readonly view: ByteView
  constructor(readonly bytes: Uint8Array) {
    this.view = viewOf(bytes)
  }
  get version(): number {
    return this.bytes[field.versionClassFlow]! >> 4
  }
  get trafficClass(): number {
    return (this.view.getUint16(field.versionClassFlow) >> 4) & 0xff
  }
  get flowLabel(): number {
    return this.view.getUint32(field.versionClassFlow) & 0xfffff
  }
  get payloadLength(): number {
    return this.view.getUint16(field.payloadLength)
  }
  get nextHeader(): number {
    return this.bytes[field.nextHeader]!
  }
  get hopLimit(): number {
    return this.bytes[field.hopLimit]!
  }
  get source(): Ipv6Address {
    return this.bytes.subarray(field.source, field.source + 16)
  }
  get destination(): Ipv6Address {
    return this.bytes.subarray(field.destination, field.destination + 16)
  }
}

function parse(bytes: Uint8Array): Result<Ipv6Header, ParseError> {
  if (bytes.length < IPV6_HEADER_LENGTH) return parseError('truncated', 'header', bytes.length)
  const v = new Ipv6View(bytes)
  if (v.version !== IP_VERSION) return parseError('bad-value', 'version', field.versionClassFlow)
  return ok({
    trafficClass: v.trafficClass,
    flowLabel: v.flowLabel,
    payloadLength: v.payloadLength,
    nextHeader: v.nextHeader,
    hopLimit: v.hopLimit,
    source: v.source,
    destination: v.destination,
  })
}

function emit(h: Ipv6Header, buf: Uint8Array, offset = 0): number {
  assertRoom(buf, offset, IPV6_HEADER_LENGTH, 'IPv6 header')
  const view = viewOf(buf)
  view.setUint32(
    offset + field.versionClassFlow,
    ((IP_VERSION << 28) | ((h.trafficClass & 0xff) << 20) | (h.flowLabel & 0xfffff)) >>> 0,
  )
  view.setUint16(offset + field.payloadLength, h.payloadLength)
  buf[offset + field.nextHeader] = h.nextHeader
  buf[offset + field.hopLimit] = h.hopLimit
  buf.set(h.source, offset + field.source)
  buf.set(h.destination, offset + field.destination)
  return IPV6_HEADER_LENGTH
}

/** The fixed header only; the header-chain walker checks that the payload it announces is there. */
export const Ipv6Header: Codec<Ipv6Header> = { parse, emit, length: () => IPV6_HEADER_LENGTH }
