// RFC 8200 §4.3 (Hop-by-Hop Options) and §4.6 (Destination Options): one layout, two headers.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Next Header  |  Hdr Ext Len  |                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
// .                            Options                            .
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Hdr Ext Len counts the 8-octet units after the first 8 octets. The options list holds the
// pads too, so it fills the header exactly; build one with `padOptions`.
import { assertRoom, type Codec } from './codec'
import { emitOptions, type Ipv6Option, optionsLength, parseOptions } from './ipv6-options'
import { type ParseError, parseError, shiftError } from './parse-error'
import { ok, type Result } from './result'
import { HEADER_UNIT } from './tlv-options'

const field = {
  nextHeader: 0,
  hdrExtLen: 1,
  options: 2,
} as const

const MAX_HDR_EXT_LEN = 0xff

export interface HopByHopHeader {
  kind: 'hop-by-hop'
  nextHeader: number
  options: Ipv6Option[]
}

export interface DestinationOptionsHeader {
  kind: 'destination-options'
  nextHeader: number
  options: Ipv6Option[]
}

type OptionsHeader = HopByHopHeader | DestinationOptionsHeader

function optionsHeaderCodec<H extends OptionsHeader>(kind: H['kind'], name: string): Codec<H> {
  function parse(bytes: Uint8Array): Result<H, ParseError> {
    if (bytes.length < field.options) return parseError('truncated', 'hdrExtLen', bytes.length)
    const total = (bytes[field.hdrExtLen]! + 1) * HEADER_UNIT
    if (bytes.length < total) return parseError('truncated', 'options', bytes.length)
    const options = parseOptions(bytes.subarray(field.options, total), field.options)
    if (!options.ok) return shiftError(options.error, field.options)
    return ok({ kind, nextHeader: bytes[field.nextHeader]!, options: options.value } as H)
  }

  function length(h: H): number {
    return field.options + optionsLength(h.options)
  }

  function emit(h: H, buf: Uint8Array, offset = 0): number {
    const total = length(h)
    const units = total / HEADER_UNIT - 1
    if (!Number.isInteger(units) || units > MAX_HDR_EXT_LEN) {
      throw new RangeError(`${name}: ${total} octets is not 8n (up to 2048): use padOptions`)
    }
    assertRoom(buf, offset, total, name)
    buf[offset + field.nextHeader] = h.nextHeader
    buf[offset + field.hdrExtLen] = units
    emitOptions(h.options, buf, offset + field.options, field.options)
    return total
  }

  return { parse, emit, length }
}

export const HopByHopHeader: Codec<HopByHopHeader> = optionsHeaderCodec(
  'hop-by-hop',
  'Hop-by-Hop Options header',
)
export const DestinationOptionsHeader: Codec<DestinationOptionsHeader> = optionsHeaderCodec(
  'destination-options',
  'Destination Options header',
)
