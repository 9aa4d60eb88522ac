// RFC 4443 §2.1: the header every ICMPv6 message starts with, and the type numbers this
// package decodes (RFC 4443 §3-4, RFC 4861 §4, RFC 6275 §6.5-6.8).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Message Body                          |
//
// Each message codec covers the whole message, these four octets included, so that a parsed
// message keeps its code and checksum as received and emits them back unchanged.
import type { ByteView } from './byte-view'
import { assertRoom, type Codec, viewOf } from './codec'
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

const field = {
  type: 0,
  code: 1,
  checksum: 2,
  body: 4,
} as const

export const ICMPV6_HEADER_LENGTH = field.body
export const ICMPV6_CHECKSUM_OFFSET = field.checksum

/** IANA "ICMPv6 Type Numbers" decoded by this package. */
export const Icmpv6Type = {
  destinationUnreachable: 1,
  packetTooBig: 2,
  timeExceeded: 3,
  parameterProblem: 4,
  echoRequest: 128,
  echoReply: 129,
  routerSolicitation: 133,
  routerAdvertisement: 134,
  neighborSolicitation: 135,
  neighborAdvertisement: 136,
  redirect: 137,
  haadRequest: 144, // RFC 6275 §6.5
  haadReply: 145, // RFC 6275 §6.6
  mobilePrefixSolicitation: 146, // RFC 6275 §6.7
  mobilePrefixAdvertisement: 147, // RFC 6275 §6.8
} as const

export interface Icmpv6Header {
  type: number
  code: number
  checksum: number
}

function parse(bytes: Uint8Array): Result<Icmpv6Header, ParseError> {
  if (bytes.length < ICMPV6_HEADER_LENGTH) return parseError('truncated', 'header', bytes.length)
  return ok({
    type: bytes[field.type]!,
    code: bytes[field.code]!,
    checksum: viewOf(bytes).getUint16(field.checksum),
  })
}

function emit(h: Icmpv6Header, buf: Uint8Array, offset = 0): number {
  assertRoom(buf, offset, ICMPV6_HEADER_LENGTH, 'ICMPv6 header')
  buf[offset + field.type] = h.type
  buf[offset + field.code] = h.code
  viewOf(buf).setUint16(offset + field.checksum, h.checksum)
  return ICMPV6_HEADER_LENGTH
}

/** The four common octets alone; the body is the message codec's business. */
export const Icmpv6Header: Codec<Icmpv6Header> = { parse, emit, length: () => ICMPV6_HEADER_LENGTH }

/** What every message representation carries besides its own fields. */
export interface Icmpv6Common {
  code: number
  checksum: number
}

type Body<T> = Omit<T, 'kind' | 'code' | 'checksum'>

/**
 * One ICMPv6 message type: `parseBody` and `emitBody` handle the fields after the Checksum,
 * with offsets counted from the message's first octet (the Type), as in the RFC diagrams.
 */
export interface MessageSpec<T extends { kind: string } & Icmpv6Common> {
  kind: T['kind']
  type: number
  /** Octets of the fixed part, header included: anything shorter is truncated. */
  minLength: number
  parseBody(bytes: Uint8Array, view: ByteView): Result<Body<T>, ParseError>
  emitBody(value: T, buf: Uint8Array, offset: number, view: ByteView): void
  length(value: T): number
}

/** A message codec that also names the Type it decodes, for dispatch. */
export interface MessageCodec<T extends { kind: string }> extends Codec<T> {
  readonly kind: T['kind']
  readonly type: number
}

/** Builds a message codec from its body: the header checks and writes live here, once. */
export function messageCodec<T extends { kind: string } & Icmpv6Common>(
  spec: MessageSpec<T>,
): MessageCodec<T> {
  return {
    kind: spec.kind,
    type: spec.type,
    parse(bytes) {
      if (bytes.length < spec.minLength) return parseError('truncated', 'messageBody', bytes.length)
      if (bytes[field.type] !== spec.type) return parseError('bad-value', 'type', field.type)
      const view = viewOf(bytes)
      const body = spec.parseBody(bytes, view)
      if (!body.ok) return body
      return ok({
        kind: spec.kind,
        code: bytes[field.code]!,
        checksum: view.getUint16(field.checksum),
        ...body.value,
      } as unknown as T)
    },
    emit(value, buf, offset = 0) {
      const length = spec.length(value)
      assertRoom(buf, offset, length, spec.kind)
      const view = viewOf(buf)
      emit({ type: spec.type, code: value.code, checksum: value.checksum }, buf, offset)
      spec.emitBody(value, buf, offset, view)
      return length
    },
    length: spec.length,
  }
}
