// RFC 4861 §4.6: the framing every Neighbor Discovery option shares, and the option types
// this package decodes (RFC 4861 §4.6, RFC 6275 §7.3-7.4, RFC 4191 §2.3, RFC 8106 §5).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     |              ...              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Length counts the whole option, Type and Length included, in units of 8 octets.
import type { ByteView } from './byte-view'
import { assertRoom, type Codec, viewOf } from './codec'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

const field = {
  type: 0,
  length: 1,
  body: 2,
} as const

export const ND_OPTION_UNIT = 8
export const ND_OPTION_HEADER_LENGTH = field.body
const MAX_UNITS = 0xff

/** IANA "IPv6 Neighbor Discovery Option Formats" decoded by this package. */
export const NdOptionType = {
  sourceLinkLayerAddress: 1,
  targetLinkLayerAddress: 2,
  prefixInformation: 3,
  redirectedHeader: 4,
  mtu: 5,
  advertisementInterval: 7, // RFC 6275 §7.3
  homeAgentInformation: 8, // RFC 6275 §7.4
  routeInformation: 24, // RFC 4191 §2.3
  rdnss: 25, // RFC 8106 §5.1
  dnssl: 31, // RFC 8106 §5.2
} as const

/**
 * One option type's contents. `parse` and `emitBody` see the whole option, offsets counted from
 * its Type octet as in the RFC diagrams; the framing (type, a non-zero length that fits) is
 * checked and written around them.
 */
export interface NdOptionBody<T extends { kind: string }> {
  kind: T['kind']
  type: number
  parse(option: Uint8Array, view: ByteView): Result<T, ParseError>
  /** Writes everything after the Length octet. */
  emitBody(value: T, buf: Uint8Array, offset: number, view: ByteView): void
  /** The whole option in octets, a multiple of 8. */
  length(value: T): number
}

/**
 * The end of the option starting at `at`.
 * RFC 4861 §4.6: a length of zero is invalid and the packet MUST be silently discarded.
 */
export function readNdOptionFrame(bytes: Uint8Array, at: number): Result<number, ParseError> {
  if (at + ND_OPTION_HEADER_LENGTH > bytes.length)
    return parseError('truncated', 'option.length', bytes.length)
  const units = bytes[at + field.length]!
  if (units === 0) return parseError('bad-length', 'option.length', at + field.length)
  const end = at + units * ND_OPTION_UNIT
  if (end > bytes.length) return parseError('truncated', 'option.length', at + field.length)
  return ok(end)
}

/** A buffer that should hold exactly one option, as a standalone option codec is handed. */
export function readSingleNdOption(bytes: Uint8Array): Result<number, ParseError> {
  const end = readNdOptionFrame(bytes, 0)
  if (!end.ok) return end
  if (end.value !== bytes.length) return parseError('bad-length', 'option.length', field.length)
  return end
}

/** Type and Length; a length that is no whole number of units is our bug, not the peer's. */
export function writeNdOptionFrame(buf: Uint8Array, offset: number, type: number, totalLength: number): void {
  const units = totalLength / ND_OPTION_UNIT
  if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) {
    throw new RangeError(`ND option type ${type}: ${totalLength} octets is not 1 to 255 units of 8`)
  }
  assertRoom(buf, offset, totalLength, `ND option type ${type}`)
  buf[offset + field.type] = type
  buf[offset + field.length] = units
}

/** For fixed-size options: the Length the RFC gives, or a bad-length error at that field. */
export function expectUnits(option: Uint8Array, units: number): ParseError | undefined {
  return option.length === units * ND_OPTION_UNIT
    ? undefined
    : { kind: 'bad-length', field: 'option.length', at: field.length }
}

/** A codec for one option type alone, as found between its Type octet and its end. */
export function ndOptionCodec<T extends { kind: string }>(body: NdOptionBody<T>): Codec<T> {
  return {
    parse(bytes) {
      const end = readSingleNdOption(bytes)
      if (!end.ok) return end
      if (bytes[field.type] !== body.type) return parseError('bad-value', 'type', field.type)
      return body.parse(bytes, viewOf(bytes))
    },
    emit(value, buf, offset = 0) {
      const length = body.length(value)
      writeNdOptionFrame(buf, offset, body.type, length)
      body.emitBody(value, buf, offset, viewOf(buf))
      return length
    },
    length: body.length,
  }
}
