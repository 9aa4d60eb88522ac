// RFC 8200 §4.4: the Routing header, with the Mobile IPv6 type 2 (RFC 6275 §6.4) decoded and
// every other routing type kept as its type-specific data.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Next Header  |  Hdr Ext Len  |  Routing Type | Segments Left |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            Reserved (type 2) / type-specific data             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Home Address (type 2)                    |
//
// RFC 6275 §6.4.1 wants type 2 Segments Left to be 1; other values still parse, and the node
// that processes the header decides what to do with them. The reserved field is kept as sent.
import { assertRoom, type Codec, viewOf } from './codec'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'
import { HEADER_UNIT } from './tlv-options'

const field = {
  nextHeader: 0,
  hdrExtLen: 1,
  routingType: 2,
  segmentsLeft: 3,
  data: 4,
  // type 2
  reserved: 4,
  homeAddress: 8,
} as const

export const ROUTING_TYPE_2 = 2
/** RFC 6275 §6.4.1: Hdr Ext Len 2, one address. */
const TYPE2_HDR_EXT_LEN = 2
const TYPE2_LENGTH = field.homeAddress + IPV6_ADDRESS_LENGTH
const MAX_HDR_EXT_LEN = 0xff

export interface Type2RoutingHeader {
  kind: 'routing-type2'
  nextHeader: number
  segmentsLeft: number
  reserved: number
  homeAddress: Ipv6Address
}

/** Any routing type but 2; `data` is everything after Segments Left. */
export interface OtherRoutingHeader {
  kind: 'routing'
  nextHeader: number
  routingType: number
  segmentsLeft: number
  data: Uint8Array
}

export type RoutingHeader = Type2RoutingHeader | OtherRoutingHeader

function parse(bytes: Uint8Array): Result<RoutingHeader, ParseError> {
  if (bytes.length < field.data) return parseError('truncated', 'header', bytes.length)
  const hdrExtLen = bytes[field.hdrExtLen]!
  const total = (hdrExtLen + 1) * HEADER_UNIT
  const routingType = bytes[field.routingType]!
  // RFC 6275 §6.4.1: a type 2 header carries exactly one address, so Hdr Ext Len is 2.
  if (routingType === ROUTING_TYPE_2 && hdrExtLen !== TYPE2_HDR_EXT_LEN) {
    return parseError('bad-length', 'hdrExtLen', field.hdrExtLen)
  }
  if (bytes.length < total) return parseError('truncated', 'data', bytes.length)
  const nextHeader = bytes[field.nextHeader]!
  const segmentsLeft = bytes[field.segmentsLeft]!
  if (routingType === ROUTING_TYPE_2) {
    return ok({
      kind: 'routing-type2',
      nextHeader,
      segmentsLeft,
      reserved: viewOf(bytes).getUint32(field.reserved),
      homeAddress: bytes.subarray(field.homeAddress, field.homeAddress + IPV6_ADDRESS_LENGTH),
    })
  }
  return ok({
    kind: 'routing',
    nextHeader,
    routingType,
    segmentsLeft,
    data: bytes.subarray(field.data, total),
  })
}

function length(h: RoutingHeader): number {
  return h.kind === 'routing-type2' ? TYPE2_LENGTH : field.data + h.data.length
}

function emit(h: RoutingHeader, buf: Uint8Array, offset = 0): number {
  const total = length(h)
  const units = total / HEADER_UNIT - 1
  if (!Number.isInteger(units) || units > MAX_HDR_EXT_LEN) {
    throw new RangeError(`Routing header: ${total} octets is not 8n (up to 2048)`)
  }
  assertRoom(buf, offset, total, 'Routing header')
  buf[offset + field.nextHeader] = h.nextHeader
  buf[offset + field.hdrExtLen] = units
  buf[offset + field.segmentsLeft] = h.segmentsLeft
  if (h.kind === 'routing-type2') {
    if (h.homeAddress.length !== IPV6_ADDRESS_LENGTH)
      throw new RangeError('Type 2 Routing header: address length')
    buf[offset + field.routingType] = ROUTING_TYPE_2
    viewOf(buf).setUint32(offset + field.reserved, h.reserved >>> 0)
    buf.set(h.homeAddress, offset + field.homeAddress)
  } else {
    if (h.routingType === ROUTING_TYPE_2) throw new RangeError("Routing type 2 is kind 'routing-type2'")
    buf[offset + field.routingType] = h.routingType
    buf.set(h.data, offset + field.data)
  }
  return total
}

export const RoutingHeader: Codec<RoutingHeader> = { parse, emit, length }
