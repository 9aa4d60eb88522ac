// RFC 6275 §6.5 and §6.7: the layout a Home Agent Address Discovery Request and a Mobile
// Prefix Solicitation share. The Identifier pairs the request with its reply.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |            Checksum           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Identifier          |            Reserved           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { type Icmpv6Common, type MessageCodec, messageCodec } from './icmpv6-header'
import { parseError } from './parse-error'
import { ok } from './result'

const field = {
  identifier: 4,
  reserved: 6,
  end: 8,
} as const

export interface IdentifierRequest<K extends string> extends Icmpv6Common {
  kind: K
  identifier: number
  reserved: number
}

/**
 * RFC 6275 §6.5 and §6.7 define nothing after Reserved, so a longer message is refused rather
 * than cut short (it could not be emitted back as it came). RFC 3963 §7.1 uses the top bit of
 * Reserved in the request as its Mobile Router flag; it stays in `reserved`.
 */
export function identifierRequestCodec<T extends IdentifierRequest<string>>(
  kind: T['kind'],
  type: number,
): MessageCodec<T> {
  return messageCodec<T>({
    kind,
    type,
    minLength: field.end,
    parseBody(bytes, view) {
      if (bytes.length !== field.end) return parseError('bad-length', 'messageBody', field.end)
      return ok({
        identifier: view.getUint16(field.identifier),
        reserved: view.getUint16(field.reserved),
      } as Omit<T, 'kind' | 'code' | 'checksum'>)
    },
    emitBody(r, _buf, offset, view) {
      view.setUint16(offset + field.identifier, r.identifier)
      view.setUint16(offset + field.reserved, r.reserved)
    },
    length: () => field.end,
  })
}
