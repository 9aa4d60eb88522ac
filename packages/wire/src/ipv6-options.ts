// RFC 8200 §4.2: the options carried in Hop-by-Hop and Destination Options headers, with the
// Home Address option (RFC 6275 §6.3) and Router Alert (RFC 2711 §2.1).
//
// Home Address option, alignment 8n+6:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Option Type  | Option Length |      Home Address (128)  ...  |
//
// Router Alert, alignment 2n+0:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |0 0 0|0 0 1 0 1|0 0 0 0 0 0 1 0|        Value (2 octets)       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Parsing rejects a Home Address option off its required 8n+6 (RFC 6275 §6.3) but accepts a
// Router Alert off 2n+0, RFC 2711 asking nothing of receivers there. Where an option may
// appear (the HoA only in Destination Options) is for consumers to check.
import { viewOf } from './codec'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
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
  type Pad1Option,
  type PadNOption,
  padLength,
  padOf,
  type RawTlv,
  TLV_HEADER_LENGTH,
  type UnknownOption,
  walkTlvs,
} from './tlv-options'

export const Ipv6OptionType = {
  pad1: 0x00,
  padN: 0x01,
  routerAlert: 0x05, // RFC 2711
  homeAddress: 0xc9, // RFC 6275 §6.3
} as const

/** RFC 2711 §2.1 and the IANA registry. */
export const RouterAlertValue = {
  mld: 0,
  rsvp: 1,
  activeNetworks: 2,
} as const

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(Ipv6OptionType))
const HOME_ADDRESS_DATA_LENGTH = IPV6_ADDRESS_LENGTH
const ROUTER_ALERT_DATA_LENGTH = 2
export const HOME_ADDRESS_ALIGNMENT: Alignment = { x: 8, y: 6 }
export const ROUTER_ALERT_ALIGNMENT: Alignment = { x: 2, y: 0 }

export interface HomeAddressOption {
  kind: 'home-address'
  homeAddress: Ipv6Address
}

export interface RouterAlertOption {
  kind: 'router-alert'
  value: number
}

export type Ipv6Option = Pad1Option | PadNOption | HomeAddressOption | RouterAlertOption | UnknownOption

/** RFC 8200 §4.2: what a node that does not recognise the option does, from the top two bits. */
export type OptionAction = 'skip' | 'discard' | 'discard-icmp' | 'discard-icmp-unless-multicast'

const ACTIONS: readonly OptionAction[] = ['skip', 'discard', 'discard-icmp', 'discard-icmp-unless-multicast']
const ACTION_SHIFT = 6
const MAY_CHANGE_BIT = 0x20

export function optionAction(type: number): OptionAction {
  return ACTIONS[(type >> ACTION_SHIFT) & 0b11]!
}

/** RFC 8200 §4.2: the third-highest bit; such data is zeroed for AH's integrity check. */
export function optionMayChange(type: number): boolean {
  return (type & MAY_CHANGE_BIT) !== 0
}

export function optionType(option: Ipv6Option): number {
  switch (option.kind) {
    case 'pad1':
      return Ipv6OptionType.pad1
    case 'padn':
      return Ipv6OptionType.padN
    case 'home-address':
      return Ipv6OptionType.homeAddress
    case 'router-alert':
      return Ipv6OptionType.routerAlert
    case 'unknown':
      return option.type
  }
}

export function optionAlignment(option: Ipv6Option): Alignment {
  if (option.kind === 'home-address') return HOME_ADDRESS_ALIGNMENT
  if (option.kind === 'router-alert') return ROUTER_ALERT_ALIGNMENT
  return NO_ALIGNMENT
}

export function optionLength(option: Ipv6Option): number {
  switch (option.kind) {
    case 'pad1':
    case 'padn':
      return padLength(option)
    case 'home-address':
      return TLV_HEADER_LENGTH + HOME_ADDRESS_DATA_LENGTH
    case 'router-alert':
      return TLV_HEADER_LENGTH + ROUTER_ALERT_DATA_LENGTH
    case 'unknown':
      return TLV_HEADER_LENGTH + option.raw.length
  }
}

export function optionsLength(options: readonly Ipv6Option[]): number {
  let total = 0
  for (const o of options) total += optionLength(o)
  return total
}

function decodeOption(tlv: RawTlv, headerOffset: number): Result<Ipv6Option, ParseError> {
  const lengthAt = tlv.at + 1
  switch (tlv.type) {
    case Ipv6OptionType.pad1:
      return ok({ kind: 'pad1' })
    case Ipv6OptionType.padN:
      return ok({ kind: 'padn', padding: tlv.data })
    case Ipv6OptionType.homeAddress:
      // RFC 6275 §6.3: Option Length MUST be 16.
      if (tlv.data.length !== HOME_ADDRESS_DATA_LENGTH)
        return parseError('bad-length', 'option.length', lengthAt)
      if (!isAligned(headerOffset + tlv.at, HOME_ADDRESS_ALIGNMENT)) {
        return parseError('bad-alignment', 'option.type', tlv.at)
      }
      return ok({ kind: 'home-address', homeAddress: tlv.data })
    case Ipv6OptionType.routerAlert:
      // RFC 2711 §2.1: Length = 2.
      if (tlv.data.length !== ROUTER_ALERT_DATA_LENGTH)
        return parseError('bad-length', 'option.length', lengthAt)
      return ok({ kind: 'router-alert', value: viewOf(tlv.data).getUint16(0) })
    default:
      return ok({ kind: 'unknown', type: tlv.type, raw: tlv.data })
  }
}

/**
 * Parses an options area, `bytes`, that starts `headerOffset` octets into its extension header
 * (2 in Hop-by-Hop and Destination Options); alignment counts from the header's start, error
 * offsets from `bytes`.
 */
export function parseOptions(bytes: Uint8Array, headerOffset: number): Result<Ipv6Option[], ParseError> {
  return walkTlvs(bytes, (tlv) => decodeOption(tlv, headerOffset))
}

/**
 * Writes `options` in order at `offset`, which lies `headerOffset` octets into the extension
 * header. A misaligned Home Address option is our bug: it would not parse back.
 */
export function emitOptions(
  options: readonly Ipv6Option[],
  buf: Uint8Array,
  offset: number,
  headerOffset: number,
): number {
  let at = offset
  for (const option of options) at += emitOption(option, buf, at, headerOffset + (at - offset))
  return at - offset
}

function emitOption(option: Ipv6Option, buf: Uint8Array, offset: number, position: number): number {
  switch (option.kind) {
    case 'pad1':
    case 'padn':
      return emitPad(option, buf, offset)
    case 'home-address': {
      if (!isAligned(position, HOME_ADDRESS_ALIGNMENT)) {
        throw new RangeError(`Home Address option at header offset ${position}, not 8n+6: use padOptions`)
      }
      if (option.homeAddress.length !== HOME_ADDRESS_DATA_LENGTH)
        throw new RangeError('Home Address: not 16 octets')
      const data = emitTlvHeader(buf, offset, Ipv6OptionType.homeAddress, HOME_ADDRESS_DATA_LENGTH)
      buf.set(option.homeAddress, data)
      return TLV_HEADER_LENGTH + HOME_ADDRESS_DATA_LENGTH
    }
    case 'router-alert': {
      const data = emitTlvHeader(buf, offset, Ipv6OptionType.routerAlert, ROUTER_ALERT_DATA_LENGTH)
      viewOf(buf).setUint16(data, option.value)
      return TLV_HEADER_LENGTH + ROUTER_ALERT_DATA_LENGTH
    }
    case 'unknown':
      if (KNOWN_TYPES.has(option.type)) throw new RangeError(`option type ${option.type} has its own kind`)
      return emitUnknown(option, buf, offset)
  }
}

/**
 * Inserts Pad1/PadN (zero-filled) so each option meets its alignment and the header ends on an
 * 8-octet boundary; `startOffset` is where the options start in the header (2 for HbH/DestOpts).
 */
export function padOptions(
  options: readonly Ipv6Option[],
  startOffset: number = TLV_HEADER_LENGTH,
): Ipv6Option[] {
  return insertPadding<Ipv6Option>(options, startOffset, optionAlignment, optionLength, padOf)
}
