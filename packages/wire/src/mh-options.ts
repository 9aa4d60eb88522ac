// RFC 6275 §6.2: Mobility Options, the TLVs that follow a Mobility Header message's fixed
// fields, with the Mobile Node Identifier option (RFC 4283 §3) and the Mobility Message
// Authentication and Replay Protection options (RFC 4285 §5, §6). The TLV layout, Pad1 and
// PadN are those of IPv6 options (RFC 6275 §6.2.1), walked by tlv-options.ts.
//
// Alignment xn+y of the Option Type, counted from the start of the Mobility Header:
//   Pad1, PadN (§6.2.2, §6.2.3)                     none
//   Binding Refresh Advice (§6.2.4)                 2n
//   Alternate Care-of Address (§6.2.5)              8n+6
//   Nonce Indices (§6.2.6)                          2n
//   Binding Authorization Data (§6.2.7)             8n+2
//   Mobile Node Identifier (RFC 4283 §3)            none
//   Mobility Message Authentication (RFC 4285 §5)   4n+1
//   Mobility Message Replay Protection (RFC 4285 §6) 8n+2
// Parsing rejects a known option off its alignment (bad-alignment); options of other types are
// kept as `unknown` without a check, since their alignment is not known here. Which options
// may appear in which message, and RFC 4285's "MUST be the last option", are for consumers.
//
// Binding Refresh Advice                     Alternate Care-of Address
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 2    |   Length = 2  |          |   Type = 3    |  Length = 16  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Refresh Interval        |          |  Alternate Care-of Address    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +            (128)              +
//
// Nonce Indices                              Binding Authorization Data
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 4    |   Length = 4  |          |   Type = 5    | Option Length |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Home Nonce Index        |          |        Authenticator ...      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Care-of Nonce Index       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Mobile Node Identifier (RFC 4283)          Mobility Message Authentication (RFC 4285)
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 8    | Option Length |          |   Type = 9    | Option Length |   Subtype     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Subtype     | Identifier ...           |                  Mobility SPI (32)            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                            |              Authentication Data ...
// Mobility Message Replay Protection (RFC 4285)
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 10   |   Length = 8  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Timestamp (64)  ...    |
import { viewOf } from './codec'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { type ParseError, shiftError } from './parse-error'
import type { Result } from './result'
import { type TlvOptionSpecs, tlvOptionFamily } from './tlv-option-table'
import {
  type Alignment,
  MAX_TLV_DATA_LENGTH,
  NO_ALIGNMENT,
  type Pad1Option,
  type PadNOption,
  TLV_HEADER_LENGTH,
  type UnknownOption,
} from './tlv-options'

/**
 * RFC 6275 §6.1.1: Message Data starts after Payload Proto, Header Len, MH Type, Reserved and
 * Checksum. Kept here because option alignment counts from the start of the Mobility Header.
 */
export const MH_MESSAGE_DATA_OFFSET = 6

export const MobilityOptionType = {
  pad1: 0,
  padN: 1,
  bindingRefreshAdvice: 2,
  alternateCareOfAddress: 3,
  nonceIndices: 4,
  bindingAuthorizationData: 5,
  mobileNodeIdentifier: 8, // RFC 4283 §3
  mobilityMessageAuthentication: 9, // RFC 4285 §5
  mobilityMessageReplayProtection: 10, // RFC 4285 §6
} as const

/** RFC 4283 §3 and the IANA registry. */
export const MobileNodeIdentifierSubtype = { nai: 1 } as const

/** RFC 4285 §5.1, §5.2. */
export const MobilityMessageAuthenticationSubtype = { mnHa: 1, mnAaa: 2 } as const

export interface BindingRefreshAdviceOption {
  kind: 'binding-refresh-advice'
  refreshIntervalUnits4s: number
}

export interface AlternateCareOfAddressOption {
  kind: 'alternate-care-of-address'
  alternateCareOfAddress: Ipv6Address
}

export interface NonceIndicesOption {
  kind: 'nonce-indices'
  homeNonceIndex: number
  careOfNonceIndex: number
}

/** RFC 6275 §5.2.6 makes the authenticator 96 bits; any length the option carries is kept. */
export interface BindingAuthorizationDataOption {
  kind: 'binding-authorization-data'
  authenticator: Uint8Array
}

export interface MobileNodeIdentifierOption {
  kind: 'mobile-node-identifier'
  subtype: number
  identifier: Uint8Array
}

export interface MobilityMessageAuthenticationOption {
  kind: 'mobility-message-authentication'
  subtype: number
  mobilitySpi: number
  authenticationData: Uint8Array
}

/** RFC 4285 §6: a 64-bit timestamp in NTP format (RFC 1305), seconds and fraction. */
export interface MobilityMessageReplayProtectionOption {
  kind: 'mobility-message-replay-protection'
  timestamp: bigint
}

export type { Pad1Option, PadNOption, UnknownOption }

type KnownOption =
  | BindingRefreshAdviceOption
  | AlternateCareOfAddressOption
  | NonceIndicesOption
  | BindingAuthorizationDataOption
  | MobileNodeIdentifierOption
  | MobilityMessageAuthenticationOption
  | MobilityMessageReplayProtectionOption

export type MobilityOption = Pad1Option | PadNOption | KnownOption | UnknownOption

const bindingRefreshAdvice = { refreshInterval: 0, end: 2 } as const
const alternateCareOfAddress = { address: 0, end: IPV6_ADDRESS_LENGTH } as const
const nonceIndices = { homeNonceIndex: 0, careOfNonceIndex: 2, end: 4 } as const
const mobileNodeIdentifier = { subtype: 0, identifier: 1 } as const
const authentication = { subtype: 0, mobilitySpi: 1, authenticationData: 5 } as const
const replayProtection = { timestamp: 0, end: 8 } as const

/** From the option's Type octet to its Authentication Data, just after the Mobility SPI. */
export const AUTHENTICATION_DATA_OFFSET = TLV_HEADER_LENGTH + authentication.authenticationData

const SPECS: TlvOptionSpecs<KnownOption> = {
  'binding-refresh-advice': {
    type: MobilityOptionType.bindingRefreshAdvice,
    alignment: { x: 2, y: 0 },
    alignmentRequired: true,
    // RFC 6275 §6.2.4: Option Length MUST be 2.
    minLength: bindingRefreshAdvice.end,
    maxLength: bindingRefreshAdvice.end,
    dataLength: () => bindingRefreshAdvice.end,
    decode: (data) => ({
      kind: 'binding-refresh-advice',
      refreshIntervalUnits4s: viewOf(data).getUint16(bindingRefreshAdvice.refreshInterval),
    }),
    encode: (o, data) =>
      viewOf(data).setUint16(bindingRefreshAdvice.refreshInterval, o.refreshIntervalUnits4s),
  },
  'alternate-care-of-address': {
    type: MobilityOptionType.alternateCareOfAddress,
    alignment: { x: 8, y: 6 },
    alignmentRequired: true,
    // RFC 6275 §6.2.5: Option Length MUST be 16.
    minLength: alternateCareOfAddress.end,
    maxLength: alternateCareOfAddress.end,
    dataLength: (o) => o.alternateCareOfAddress.length,
    decode: (data) => ({ kind: 'alternate-care-of-address', alternateCareOfAddress: data }),
    encode: (o, data) => data.set(o.alternateCareOfAddress, alternateCareOfAddress.address),
  },
  'nonce-indices': {
    type: MobilityOptionType.nonceIndices,
    alignment: { x: 2, y: 0 },
    alignmentRequired: true,
    // RFC 6275 §6.2.6: Option Length MUST be 4.
    minLength: nonceIndices.end,
    maxLength: nonceIndices.end,
    dataLength: () => nonceIndices.end,
    decode: (data) => ({
      kind: 'nonce-indices',
      homeNonceIndex: viewOf(data).getUint16(nonceIndices.homeNonceIndex),
      careOfNonceIndex: viewOf(data).getUint16(nonceIndices.careOfNonceIndex),
    }),
    encode: (o, data) => {
      const view = viewOf(data)
      view.setUint16(nonceIndices.homeNonceIndex, o.homeNonceIndex)
      view.setUint16(nonceIndices.careOfNonceIndex, o.careOfNonceIndex)
    },
  },
  'binding-authorization-data': {
    type: MobilityOptionType.bindingAuthorizationData,
    alignment: { x: 8, y: 2 },
    alignmentRequired: true,
    minLength: 0,
    maxLength: MAX_TLV_DATA_LENGTH,
    dataLength: (o) => o.authenticator.length,
    decode: (data) => ({ kind: 'binding-authorization-data', authenticator: data }),
    encode: (o, data) => data.set(o.authenticator),
  },
  'mobile-node-identifier': {
    type: MobilityOptionType.mobileNodeIdentifier,
    alignment: NO_ALIGNMENT,
    alignmentRequired: true,
    // RFC 4283 §3: Option Length counts the Subtype and the Identifier.
    minLength: mobileNodeIdentifier.identifier,
    maxLength: MAX_TLV_DATA_LENGTH,
    dataLength: (o) => mobileNodeIdentifier.identifier + o.identifier.length,
    decode: (data) => ({
      kind: 'mobile-node-identifier',
      subtype: data[mobileNodeIdentifier.subtype]!,
      identifier: data.subarray(mobileNodeIdentifier.identifier),
    }),
    encode: (o, data) => {
      data[mobileNodeIdentifier.subtype] = o.subtype
      data.set(o.identifier, mobileNodeIdentifier.identifier)
    },
  },
  'mobility-message-authentication': {
    type: MobilityOptionType.mobilityMessageAuthentication,
    alignment: { x: 4, y: 1 },
    alignmentRequired: true,
    // RFC 4285 §5: Option Length counts the Subtype, Mobility SPI and Authentication Data.
    minLength: authentication.authenticationData,
    maxLength: MAX_TLV_DATA_LENGTH,
    dataLength: (o) => authentication.authenticationData + o.authenticationData.length,
    decode: (data) => ({
      kind: 'mobility-message-authentication',
      subtype: data[authentication.subtype]!,
      mobilitySpi: viewOf(data).getUint32(authentication.mobilitySpi),
      authenticationData: data.subarray(authentication.authenticationData),
    }),
    encode: (o, data) => {
      data[authentication.subtype] = o.subtype
      viewOf(data).setUint32(authentication.mobilitySpi, o.mobilitySpi)
      data.set(o.authenticationData, authentication.authenticationData)
    },
  },
  'mobility-message-replay-protection': {
    type: MobilityOptionType.mobilityMessageReplayProtection,
    alignment: { x: 8, y: 2 },
    alignmentRequired: true,
    // RFC 4285 §6: Option Length is 8.
    minLength: replayProtection.end,
    maxLength: replayProtection.end,
    dataLength: () => replayProtection.end,
    decode: (data) => ({
      kind: 'mobility-message-replay-protection',
      timestamp: viewOf(data).getBigUint64(replayProtection.timestamp),
    }),
    encode: (o, data) => viewOf(data).setBigUint64(replayProtection.timestamp, o.timestamp),
  },
}

const MOBILITY_OPTIONS = tlvOptionFamily<KnownOption>(
  { option: 'mobility option', header: 'MH', pad: 'padMobilityOptions' },
  SPECS,
)

export const mobilityOptionAlignment: (option: MobilityOption) => Alignment = MOBILITY_OPTIONS.alignmentOf
export const mobilityOptionLength: (option: MobilityOption) => number = MOBILITY_OPTIONS.lengthOf
export const mobilityOptionsLength: (options: readonly MobilityOption[]) => number =
  MOBILITY_OPTIONS.totalLength

/**
 * Parses the Mobility Options area `bytes`, which starts `headerOffset` octets into the Mobility
 * Header; alignment counts from the header's start, error offsets from `bytes`.
 */
export function parseMobilityOptions(
  bytes: Uint8Array,
  headerOffset: number,
): Result<MobilityOption[], ParseError> {
  return MOBILITY_OPTIONS.parse(bytes, headerOffset)
}

/** As parseMobilityOptions, with error offsets counted from the start of the Mobility Header. */
export function parseMobilityOptionsAt(
  mh: Uint8Array,
  start: number,
  end: number,
): Result<MobilityOption[], ParseError> {
  const r = parseMobilityOptions(mh.subarray(start, end), start)
  return r.ok ? r : shiftError(r.error, start)
}

/**
 * Writes `options` in order at `offset`, which lies `headerOffset` octets into the Mobility
 * Header. A known option off its alignment, or with fields of the wrong size, is our bug.
 */
export function emitMobilityOptions(
  options: readonly MobilityOption[],
  buf: Uint8Array,
  offset: number,
  headerOffset: number,
): number {
  return MOBILITY_OPTIONS.emit(options, buf, offset, headerOffset)
}

/**
 * Inserts Pad1/PadN (zero-filled) before each option that needs it for its xn+y, and at the end
 * so the Mobility Header is a multiple of 8 octets (RFC 6275 §6.1.1, §6.2). `messageDataLength`
 * is the message's fixed fields before its options (e.g. 6 for a Binding Update). Pads already
 * in the list stay where they are.
 */
export function padMobilityOptions(
  options: readonly MobilityOption[],
  messageDataLength: number,
): MobilityOption[] {
  return MOBILITY_OPTIONS.pad(options, MH_MESSAGE_DATA_OFFSET + messageDataLength)
}
