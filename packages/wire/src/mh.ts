// RFC 6275 §6.1.1: the Mobility Header (next header 135), its common part, the 8-octet length
// rule and its checksum; `MobilityMessage` dispatches on MH Type to the message files
// (mh-binding-update.ts, ...), which read only their Message Data. Unknown MH Types are kept
// whole as `{ kind: 'unknown', mhType, raw }`.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Checksum            |                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
// |                                                               |
// .                                                               .
// .                       Message Data                            .
// .                                                               .
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Parsing keeps Payload Proto as received (§6.1.1 says it MUST be 59; the receiver decides)
// and does not check the checksum, whose pseudo-header the caller knows (mhChecksumValid).
// The bytes handed to parse must be exactly the header that Header Len announces.
import { checksumValid, fillChecksum } from './checksum'
import { assertRoom, type Codec, viewOf } from './codec'
import { IpProtocol } from './ip-protocol'
import type { Ipv6Address } from './ipv6-address'
import { type BindingAck, bindingAckData } from './mh-binding-ack'
import { type BindingError, bindingErrorData } from './mh-binding-error'
import { type BindingRefreshRequest, bindingRefreshRequestData } from './mh-binding-refresh-request'
import { type BindingUpdate, bindingUpdateData } from './mh-binding-update'
import {
  emitMobilityOptions,
  MH_MESSAGE_DATA_OFFSET,
  type MobilityOption,
  mobilityOptionsLength,
  padMobilityOptions,
  parseMobilityOptionsAt,
} from './mh-options'
import {
  type CareOfTest,
  type CareOfTestInit,
  careOfTestData,
  careOfTestInitData,
  type HomeTest,
  type HomeTestInit,
  homeTestData,
  homeTestInitData,
} from './mh-return-routability'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

export const MH_CHECKSUM_OFFSET = 4

const field = {
  payloadProto: 0,
  headerLen: 1,
  mhType: 2,
  reserved: 3,
  checksum: MH_CHECKSUM_OFFSET,
  messageData: MH_MESSAGE_DATA_OFFSET,
} as const

/** RFC 6275 §6.1.1: Header Len counts 8-octet units after the first 8 octets. */
const UNIT = 8
export const MH_MIN_LENGTH = UNIT
export const MH_MAX_LENGTH = (0xff + 1) * UNIT

export const MhType = {
  bindingRefreshRequest: 0,
  homeTestInit: 1,
  careOfTestInit: 2,
  homeTest: 3,
  careOfTest: 4,
  bindingUpdate: 5,
  bindingAck: 6,
  bindingError: 7,
} as const

/** The common fields every message keeps; MH Type and Header Len follow from the message. */
export interface MhCommon {
  payloadProto: number
  /** The common part's Reserved octet (messages have their own `reserved` fields). */
  mhReserved: number
  checksum: number
}

/** What a sender normally writes: Payload Proto 59 (RFC 6275 §6.1.1), checksum filled later. */
export const MH_COMMON_DEFAULTS: Readonly<MhCommon> = {
  payloadProto: IpProtocol.noNextHeader,
  mhReserved: 0,
  checksum: 0,
}

/** How a message file reads and writes its fixed fields; options are walked here. */
export interface MessageDataCodec<T extends MhCommon & { options: MobilityOption[] }> {
  /** Octets of fixed fields between the common part and the Mobility Options. */
  fixedLength: number
  /** `fixed` holds exactly `fixedLength` octets; every value of them is valid. */
  parse(fixed: Uint8Array, common: MhCommon, options: MobilityOption[]): T
  emit(message: T, fixed: Uint8Array): void
}

export type KnownMobilityMessage =
  | BindingRefreshRequest
  | HomeTestInit
  | CareOfTestInit
  | HomeTest
  | CareOfTest
  | BindingUpdate
  | BindingAck
  | BindingError

export interface UnknownMobilityMessage extends MhCommon {
  kind: 'unknown'
  mhType: number
  /** Message Data: everything after the Checksum. */
  raw: Uint8Array
}

export type MobilityMessage = KnownMobilityMessage | UnknownMobilityMessage

type MessageKind = KnownMobilityMessage['kind']

interface MessageSpec<T extends KnownMobilityMessage> {
  mhType: number
  data: MessageDataCodec<T>
}

const MESSAGES: { [K in MessageKind]: MessageSpec<Extract<KnownMobilityMessage, { kind: K }>> } = {
  'binding-refresh-request': { mhType: MhType.bindingRefreshRequest, data: bindingRefreshRequestData },
  'home-test-init': { mhType: MhType.homeTestInit, data: homeTestInitData },
  'care-of-test-init': { mhType: MhType.careOfTestInit, data: careOfTestInitData },
  'home-test': { mhType: MhType.homeTest, data: homeTestData },
  'care-of-test': { mhType: MhType.careOfTest, data: careOfTestData },
  'binding-update': { mhType: MhType.bindingUpdate, data: bindingUpdateData },
  'binding-ack': { mhType: MhType.bindingAck, data: bindingAckData },
  'binding-error': { mhType: MhType.bindingError, data: bindingErrorData },
}

const MESSAGE_BY_TYPE: ReadonlyMap<number, MessageSpec<KnownMobilityMessage>> = new Map(
  Object.values(MESSAGES).map((spec: MessageSpec<KnownMobilityMessage>) => [spec.mhType, spec]),
)

function specOf(message: KnownMobilityMessage): MessageSpec<KnownMobilityMessage> {
  return MESSAGES[message.kind] as MessageSpec<KnownMobilityMessage>
}

export function mhTypeOf(message: MobilityMessage): number {
  return message.kind === 'unknown' ? message.mhType : specOf(message).mhType
}

/** Where a message's Mobility Options start, from the start of the Mobility Header. */
export function mobilityOptionsOffset(kind: MessageKind): number {
  return field.messageData + MESSAGES[kind].data.fixedLength
}

/** The length Header Len announces, for a header-chain walker; undefined before 2 octets. */
export function mobilityHeaderLength(bytes: Uint8Array): number | undefined {
  return bytes.length > field.headerLen ? (bytes[field.headerLen]! + 1) * UNIT : undefined
}

/** The message with Pad1/PadN inserted so its options are aligned and its length a multiple of 8. */
export function withPaddedOptions<T extends MobilityMessage>(message: T): T {
  if (message.kind === 'unknown') return message
  return { ...message, options: padMobilityOptions(message.options, MESSAGES[message.kind].data.fixedLength) }
}

function parse(bytes: Uint8Array): Result<MobilityMessage, ParseError> {
  const length = mobilityHeaderLength(bytes)
  if (length === undefined || bytes.length < length) {
    return parseError('truncated', 'messageData', bytes.length)
  }
  if (bytes.length > length) return parseError('bad-length', 'headerLen', field.headerLen)
  const common: MhCommon = {
    payloadProto: bytes[field.payloadProto]!,
    mhReserved: bytes[field.reserved]!,
    checksum: viewOf(bytes).getUint16(field.checksum),
  }
  const mhType = bytes[field.mhType]!
  const spec = MESSAGE_BY_TYPE.get(mhType)
  if (spec === undefined) {
    return ok({ kind: 'unknown', mhType, ...common, raw: bytes.subarray(field.messageData) })
  }
  const optionsAt = field.messageData + spec.data.fixedLength
  // RFC 6275 §9.2: Header Len MUST NOT be less than the length of the message type.
  if (length < optionsAt) return parseError('bad-length', 'headerLen', field.headerLen)
  const options = parseMobilityOptionsAt(bytes, optionsAt, length)
  if (!options.ok) return options
  return ok(spec.data.parse(bytes.subarray(field.messageData, optionsAt), common, options.value))
}

function length(message: MobilityMessage): number {
  const dataLength =
    message.kind === 'unknown'
      ? message.raw.length
      : specOf(message).data.fixedLength + mobilityOptionsLength(message.options)
  const total = field.messageData + dataLength
  // RFC 6275 §6.1.1: the length of the Mobility Header MUST be a multiple of 8 octets.
  if (total % UNIT !== 0 || total > MH_MAX_LENGTH) {
    throw new RangeError(
      `${message.kind}: ${total} octets, not a multiple of 8 up to 2048: use withPaddedOptions`,
    )
  }
  return total
}

function emit(message: MobilityMessage, buf: Uint8Array, offset = 0): number {
  if (message.kind === 'unknown' && MESSAGE_BY_TYPE.has(message.mhType)) {
    throw new RangeError(`MH Type ${message.mhType} has its own kind`)
  }
  const total = length(message)
  assertRoom(buf, offset, total, 'Mobility Header')
  const mh = buf.subarray(offset, offset + total)
  mh[field.payloadProto] = message.payloadProto
  mh[field.headerLen] = total / UNIT - 1
  mh[field.mhType] = mhTypeOf(message)
  mh[field.reserved] = message.mhReserved
  viewOf(mh).setUint16(field.checksum, message.checksum)
  if (message.kind === 'unknown') {
    mh.set(message.raw, field.messageData)
    return total
  }
  const data = specOf(message).data
  const optionsAt = field.messageData + data.fixedLength
  data.emit(message, mh.subarray(field.messageData, optionsAt))
  emitMobilityOptions(message.options, mh, optionsAt, optionsAt)
  return total
}

export const MobilityMessage: Codec<MobilityMessage> = { parse, emit, length }

/**
 * Writes the checksum of the Mobility Header `mh` (RFC 6275 §6.1.1, next header 135). The
 * pseudo-header takes the packet's addresses as the upper layer sees them: with a Home
 * Address option the source is the home address (§6.3), with a type 2 routing header the
 * destination is the final one (RFC 8200 §8.1).
 */
export function fillMhChecksum(mh: Uint8Array, source: Ipv6Address, destination: Ipv6Address): void {
  fillChecksum(source, destination, IpProtocol.mobility, mh, field.checksum)
}

export function mhChecksumValid(mh: Uint8Array, source: Ipv6Address, destination: Ipv6Address): boolean {
  return checksumValid(source, destination, IpProtocol.mobility, mh)
}
