// Type-length-value options with Pad1 and PadN: the layout shared by IPv6 Hop-by-Hop and
// Destination options (RFC 8200 §4.2) and Mobility Header options (RFC 6275 §6.2.1).
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
// |  Option Type  |  Opt Data Len |  Option Data
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
//
// Pad1 is the single octet 0 with neither length nor data; PadN (type 1) carries Opt Data Len
// octets. An alignment requirement xn+y puts the Option Type at a multiple of x octets from the
// start of the enclosing header, plus y (RFC 8200 §4.2 and Appendix A).
import { assertRoom } from './codec'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

const field = {
  type: 0,
  length: 1,
  data: 2,
} as const

export const PAD1_TYPE = 0
export const PADN_TYPE = 1
export const TLV_HEADER_LENGTH = field.data
export const MAX_TLV_DATA_LENGTH = 0xff
/** The enclosing headers count their length in 8-octet units and end on such a boundary. */
export const HEADER_UNIT = 8

export interface Pad1Option {
  kind: 'pad1'
}

/** RFC 8200 §4.2: the data should be zeros; received bytes are kept as they came. */
export interface PadNOption {
  kind: 'padn'
  padding: Uint8Array
}

/** An option this package does not decode; `raw` is the Option Data after type and length. */
export interface UnknownOption {
  kind: 'unknown'
  type: number
  raw: Uint8Array
}

export type PadOption = Pad1Option | PadNOption

export interface Alignment {
  x: number
  y: number
}

export const NO_ALIGNMENT: Alignment = { x: 1, y: 0 }

/** One option as found in the bytes: its type, where it starts, and its data (empty for Pad1). */
export interface RawTlv {
  type: number
  at: number
  data: Uint8Array
}

/**
 * Splits `bytes` (an options area whose extent the enclosing header fixes) into options and
 * hands each to `decode`. An option running past the area contradicts the header's length.
 */
export function walkTlvs<T>(
  bytes: Uint8Array,
  decode: (tlv: RawTlv) => Result<T, ParseError>,
): Result<T[], ParseError> {
  const out: T[] = []
  let at = 0
  while (at < bytes.length) {
    const type = bytes[at + field.type]!
    let end: number
    let data: Uint8Array
    if (type === PAD1_TYPE) {
      end = at + 1
      data = bytes.subarray(end, end)
    } else {
      if (at + field.data > bytes.length) return parseError('bad-length', 'option.length', at + field.length)
      end = at + field.data + bytes[at + field.length]!
      if (end > bytes.length) return parseError('bad-length', 'option.length', at + field.length)
      data = bytes.subarray(at + field.data, end)
    }
    const r = decode({ type, at, data })
    if (!r.ok) return r
    out.push(r.value)
    at = end
  }
  return ok(out)
}

/** Writes an option's type and length octets; the caller writes `dataLength` octets after them. */
export function emitTlvHeader(buf: Uint8Array, offset: number, type: number, dataLength: number): number {
  if (dataLength > MAX_TLV_DATA_LENGTH) throw new RangeError(`option type ${type}: ${dataLength} data octets`)
  assertRoom(buf, offset, field.data + dataLength, `option type ${type}`)
  buf[offset + field.type] = type
  buf[offset + field.length] = dataLength
  return offset + field.data
}

export function emitPad(pad: PadOption, buf: Uint8Array, offset: number): number {
  if (pad.kind === 'pad1') {
    assertRoom(buf, offset, 1, 'Pad1')
    buf[offset] = PAD1_TYPE
    return 1
  }
  buf.set(pad.padding, emitTlvHeader(buf, offset, PADN_TYPE, pad.padding.length))
  return field.data + pad.padding.length
}

export function emitUnknown(option: UnknownOption, buf: Uint8Array, offset: number): number {
  buf.set(option.raw, emitTlvHeader(buf, offset, option.type, option.raw.length))
  return field.data + option.raw.length
}

export function padLength(pad: PadOption): number {
  return pad.kind === 'pad1' ? 1 : field.data + pad.padding.length
}

/** The padding of `octets` octets the RFCs prescribe: Pad1 for one, else PadN of zeros. */
export function padOf(octets: number): PadOption {
  return octets === 1 ? { kind: 'pad1' } : { kind: 'padn', padding: new Uint8Array(octets - field.data) }
}

/** Octets of padding that move `position` (from the start of the header) onto xn+y. */
export function paddingBefore(position: number, a: Alignment): number {
  return (((a.y - position) % a.x) + a.x) % a.x
}

export function isAligned(position: number, a: Alignment): boolean {
  return paddingBefore(position, a) === 0
}

/**
 * Inserts Pad1/PadN so every option meets its alignment and the header, whose options area
 * starts `startOffset` octets in, ends on an 8-octet boundary. Pads already in the list stay.
 */
export function insertPadding<T>(
  options: readonly T[],
  startOffset: number,
  alignmentOf: (option: T) => Alignment,
  lengthOf: (option: T) => number,
  pad: (octets: number) => T,
): T[] {
  const out: T[] = []
  let position = startOffset
  for (const option of options) {
    const gap = paddingBefore(position, alignmentOf(option))
    if (gap > 0) out.push(pad(gap))
    out.push(option)
    position += gap + lengthOf(option)
  }
  const tail = paddingBefore(position, { x: HEADER_UNIT, y: 0 })
  if (tail > 0) out.push(pad(tail))
  return out
}
