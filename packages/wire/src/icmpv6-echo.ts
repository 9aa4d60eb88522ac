// RFC 4443 §4.1-4.2: Echo Request and Echo Reply.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Identifier          |        Sequence Number        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Data ...
import { type Icmpv6Common, Icmpv6Type, type MessageCodec, messageCodec } from './icmpv6-header'
import { ok } from './result'

const field = {
  identifier: 4,
  sequenceNumber: 6,
  data: 8,
} as const

interface Echo<K extends string> extends Icmpv6Common {
  kind: K
  identifier: number
  sequenceNumber: number
  data: Uint8Array
}

export type EchoRequest = Echo<'echo-request'>
export type EchoReply = Echo<'echo-reply'>

function echoCodec<T extends EchoRequest | EchoReply>(kind: T['kind'], type: number): MessageCodec<T> {
  return messageCodec<T>({
    kind,
    type,
    minLength: field.data,
    parseBody: (bytes, view) =>
      ok({
        identifier: view.getUint16(field.identifier),
        sequenceNumber: view.getUint16(field.sequenceNumber),
        data: bytes.subarray(field.data),
      } as Omit<T, 'kind' | 'code' | 'checksum'>),
    emitBody(e, buf, offset, view) {
      view.setUint16(offset + field.identifier, e.identifier)
      view.setUint16(offset + field.sequenceNumber, e.sequenceNumber)
      buf.set(e.data, offset + field.data)
    },
    length: (e) => field.data + e.data.length,
  })
}

export const EchoRequest = echoCodec<EchoRequest>('echo-request', Icmpv6Type.echoRequest)
export const EchoReply = echoCodec<EchoReply>('echo-reply', Icmpv6Type.echoReply)
