// One table-driven codec for a family of TLV options (IPv6 Hop-by-Hop and Destination options,
// RFC 8200 §4.2; Mobility Options, RFC 6275 §6.2): each known type's alignment, allowed Option
// Length and Option Data codec sit in a table; Pad1, PadN and unknown types are read, written
// and measured here the same way for every family. tlv-options.ts walks the bytes.
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'
import {
  type Alignment,
  emitPad,
  emitTlvHeader,
  emitUnknown,
  insertPadding,
  isAligned,
  NO_ALIGNMENT,
  PAD1_TYPE,
  PADN_TYPE,
  type PadOption,
  padLength,
  padOf,
  type RawTlv,
  TLV_HEADER_LENGTH,
  type UnknownOption,
  walkTlvs,
} from './tlv-options'

/** How one option type reads and writes its Option Data (the octets after type and length). */
export interface TlvOptionSpec<O> {
  type: number
  alignment: Alignment
  /** Whether a receiver refuses the option off its alignment (and we never send it so). */
  alignmentRequired: boolean
  /** The Option Length values the RFC allows. */
  minLength: number
  maxLength: number
  dataLength(option: O): number
  decode(data: Uint8Array): O
  encode(option: O, data: Uint8Array): void
}

export type TlvOptionSpecs<K extends { kind: string }> = {
  [Kind in K['kind']]: TlvOptionSpec<Extract<K, { kind: Kind }>>
}

/** What a family's messages call things: `option`, `header`, `padOptions`. */
export interface TlvFamilyNames {
  /** The options, in errors: `option type 5 has its own kind`. */
  option: string
  /** The header positions count from, in errors: `at header offset 4`. */
  header: string
  /** The function that pads a list of them. */
  pad: string
}

export interface TlvOptionFamily<O> {
  typeOf(option: O): number
  alignmentOf(option: O): Alignment
  /** Octets on the wire, type and length included. */
  lengthOf(option: O): number
  totalLength(options: readonly O[]): number
  /**
   * Parses an options area, `bytes`, that starts `headerOffset` octets into its header;
   * alignment counts from the header's start, error offsets from `bytes`.
   */
  parse(bytes: Uint8Array, headerOffset: number): Result<O[], ParseError>
  /**
   * Writes `options` in order at `offset`, which lies `headerOffset` octets into the header.
   * A known option off a required alignment, or with data of a size the RFC forbids, is our bug.
   */
  emit(options: readonly O[], buf: Uint8Array, offset: number, headerOffset: number): number
  /**
   * Inserts Pad1/PadN (zero-filled) so each option meets its alignment and the header ends on
   * an 8-octet boundary; the options start `startOffset` octets into the header.
   */
  pad(options: readonly O[], startOffset: number): O[]
}

export function tlvOptionFamily<K extends { kind: string }>(
  names: TlvFamilyNames,
  specs: TlvOptionSpecs<K>,
): TlvOptionFamily<PadOption | K | UnknownOption> {
  type O = PadOption | K | UnknownOption
  const all = Object.values(specs) as TlvOptionSpec<K>[]
  const byType: ReadonlyMap<number, TlvOptionSpec<K>> = new Map(all.map((spec) => [spec.type, spec]))
  const specOf = (option: K) => specs[option.kind as K['kind']] as unknown as TlvOptionSpec<K>
  const isPad = (option: O): option is PadOption => option.kind === 'pad1' || option.kind === 'padn'
  const isUnknown = (option: O): option is UnknownOption => option.kind === 'unknown'

  const typeOf = (option: O): number => {
    if (isPad(option)) return option.kind === 'pad1' ? PAD1_TYPE : PADN_TYPE
    if (isUnknown(option)) return option.type
    return specOf(option as K).type
  }

  const alignmentOf = (option: O): Alignment =>
    isPad(option) || isUnknown(option) ? NO_ALIGNMENT : specOf(option as K).alignment

  const lengthOf = (option: O): number => {
    if (isPad(option)) return padLength(option)
    if (isUnknown(option)) return TLV_HEADER_LENGTH + option.raw.length
    return TLV_HEADER_LENGTH + specOf(option as K).dataLength(option as K)
  }

  const decode = (tlv: RawTlv, headerOffset: number): Result<O, ParseError> => {
    if (tlv.type === PAD1_TYPE) return ok({ kind: 'pad1' })
    if (tlv.type === PADN_TYPE) return ok({ kind: 'padn', padding: tlv.data })
    const spec = byType.get(tlv.type)
    if (spec === undefined) return ok({ kind: 'unknown', type: tlv.type, raw: tlv.data })
    if (tlv.data.length < spec.minLength || tlv.data.length > spec.maxLength) {
      return parseError('bad-length', 'option.length', tlv.at + 1)
    }
    if (spec.alignmentRequired && !isAligned(headerOffset + tlv.at, spec.alignment)) {
      return parseError('bad-alignment', 'option.type', tlv.at)
    }
    return ok(spec.decode(tlv.data))
  }

  const emitOne = (option: O, buf: Uint8Array, offset: number, position: number): number => {
    if (isPad(option)) return emitPad(option, buf, offset)
    if (isUnknown(option)) {
      if (option.type === PAD1_TYPE || option.type === PADN_TYPE || byType.has(option.type)) {
        throw new RangeError(`${names.option} type ${option.type} has its own kind`)
      }
      return emitUnknown(option, buf, offset)
    }
    const known = option as K
    const spec = specOf(known)
    const a = spec.alignment
    if (spec.alignmentRequired && !isAligned(position, a)) {
      throw new RangeError(
        `${known.kind} at ${names.header} offset ${position}, not ${a.x}n+${a.y}: use ${names.pad}`,
      )
    }
    const length = spec.dataLength(known)
    if (length < spec.minLength || length > spec.maxLength) {
      throw new RangeError(
        `${known.kind}: ${length} data octets, allowed ${spec.minLength}..${spec.maxLength}`,
      )
    }
    const data = emitTlvHeader(buf, offset, spec.type, length)
    spec.encode(known, buf.subarray(data, data + length))
    return TLV_HEADER_LENGTH + length
  }

  return {
    typeOf,
    alignmentOf,
    lengthOf,
    totalLength: (options) => options.reduce((total, o) => total + lengthOf(o), 0),
    parse: (bytes, headerOffset) => walkTlvs(bytes, (tlv) => decode(tlv, headerOffset)),
    emit: (options, buf, offset, headerOffset) => {
      let at = offset
      for (const option of options) at += emitOne(option, buf, at, headerOffset + (at - offset))
      return at - offset
    },
    pad: (options, startOffset) => insertPadding<O>(options, startOffset, alignmentOf, lengthOf, padOf),
  }
}
