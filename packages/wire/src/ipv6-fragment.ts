// RFC 8200 §4.5: the Fragment header.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Identification                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The offset stays in the 8-octet units it is sent in; both reserved fields are kept.
import { assertRoom, type Codec, viewOf } from './codec'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

const field = {
  nextHeader: 0,
  reserved: 1,
  offsetResM: 2,
  identification: 4,
} as const

export const FRAGMENT_HEADER_LENGTH = 8
const OFFSET_SHIFT = 3
const OFFSET_MASK = 0x1fff
const RES_SHIFT = 1
const RES_MASK = 0b11
const M_BIT = 0b1

export interface FragmentHeader {
  kind: 'fragment'
  nextHeader: number
  reserved: number
  fragmentOffsetUnits8: number
  /** The two reserved bits between the offset and M. */
  res: number
  moreFragments: boolean
  identification: number
}

function parse(bytes: Uint8Array): Result<FragmentHeader, ParseError> {
  if (bytes.length < FRAGMENT_HEADER_LENGTH) return parseError('truncated', 'header', bytes.length)
  const view = viewOf(bytes)
  const word = view.getUint16(field.offsetResM)
  return ok({
    kind: 'fragment',
    nextHeader: bytes[field.nextHeader]!,
    reserved: bytes[field.reserved]!,
    fragmentOffsetUnits8: word >> OFFSET_SHIFT,
    res: (word >> RES_SHIFT) & RES_MASK,
    moreFragments: (word & M_BIT) !== 0,
    identification: view.getUint32(field.identification),
  })
}

function emit(h: FragmentHeader, buf: Uint8Array, offset = 0): number {
  assertRoom(buf, offset, FRAGMENT_HEADER_LENGTH, 'Fragment header')
  const view = viewOf(buf)
  buf[offset + field.nextHeader] = h.nextHeader
  buf[offset + field.reserved] = h.reserved
  view.setUint16(
    offset + field.offsetResM,
    ((h.fragmentOffsetUnits8 & OFFSET_MASK) << OFFSET_SHIFT) |
      ((h.res & RES_MASK) << RES_SHIFT) |
      (h.moreFragments ? M_BIT : 0),
  )
  view.setUint32(offset + field.identification, h.identification >>> 0)
  return FRAGMENT_HEADER_LENGTH
}

/** True when the header is on a piece of a larger packet (RFC 6946: offset 0 without M is whole). */
export function isFragment(h: FragmentHeader): boolean {
  return h.fragmentOffsetUnits8 !== 0 || h.moreFragments
}

export const FragmentHeader: Codec<FragmentHeader> = { parse, emit, length: () => FRAGMENT_HEADER_LENGTH }
