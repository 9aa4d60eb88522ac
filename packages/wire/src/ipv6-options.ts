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
import type { ParseError } from './parse-error'
import type { Result } from './result'
import { tlvOptionFamily } from './tlv-option-table'
import {
  type Alignment,
  type Pad1Option,
  type PadNOption,
  TLV_HEADER_LENGTH,
  type UnknownOption,
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

const IPV6_OPTIONS = tlvOptionFamily<HomeAddressOption | RouterAlertOption>(
  { option: 'option', header: 'header', pad: 'padOptions' },
  {
    'home-address': {
      type: Ipv6OptionType.homeAddress,
      alignment: HOME_ADDRESS_ALIGNMENT,
      // RFC 6275 §6.3: the option MUST be at 8n+6, and its Option Length MUST be 16.
      alignmentRequired: true,
      minLength: HOME_ADDRESS_DATA_LENGTH,
      maxLength: HOME_ADDRESS_DATA_LENGTH,
      dataLength: (o) => o.homeAddress.length,
      decode: (data) => ({ kind: 'home-address', homeAddress: data }),
      encode: (o, data) => data.set(o.homeAddress),
    },
    'router-alert': {
      type: Ipv6OptionType.routerAlert,
      alignment: ROUTER_ALERT_ALIGNMENT,
      // RFC 2711 §2.1: senders align it at 2n+0 and receivers do not check; Length = 2.
      alignmentRequired: false,
      minLength: ROUTER_ALERT_DATA_LENGTH,
      maxLength: ROUTER_ALERT_DATA_LENGTH,
      dataLength: () => ROUTER_ALERT_DATA_LENGTH,
      decode: (data) => ({ kind: 'router-alert', value: viewOf(data).getUint16(0) }),
      encode: (o, data) => viewOf(data).setUint16(0, o.value),
    },
  },
)

export const optionType: (option: Ipv6Option) => number = IPV6_OPTIONS.typeOf
export const optionAlignment: (option: Ipv6Option) => Alignment = IPV6_OPTIONS.alignmentOf
export const optionLength: (option: Ipv6Option) => number = IPV6_OPTIONS.lengthOf
export const optionsLength: (options: readonly Ipv6Option[]) => number = IPV6_OPTIONS.totalLength

/**
 * Parses an options area, `bytes`, that starts `headerOffset` octets into its extension header
 * (2 in Hop-by-Hop and Destination Options); alignment counts from the header's start, error
 * offsets from `bytes`.
 */
export function parseOptions(bytes: Uint8Array, headerOffset: number): Result<Ipv6Option[], ParseError> {
  return IPV6_OPTIONS.parse(bytes, headerOffset)
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
  return IPV6_OPTIONS.emit(options, buf, offset, headerOffset)
}

/**
 * Inserts Pad1/PadN (zero-filled) so each option meets its alignment and the header ends on an
 * 8-octet boundary; `startOffset` is where the options start in the header (2 for HbH/DestOpts).
 */
export function padOptions(
  options: readonly Ipv6Option[],
  startOffset: number = TLV_HEADER_LENGTH,
): Ipv6Option[] {
  return IPV6_OPTIONS.pad(options, startOffset)
}
