// RFC 4861 §4.5: Redirect.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Reserved                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Target Address (128)                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Destination Address (128)                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Options ...
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { emitNdOptions, type NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { ok } from './result'

const field = {
  reserved: 4,
  target: 8,
  destination: 24,
  options: 40,
} as const

export interface Redirect extends Icmpv6Common {
  kind: 'redirect'
  reserved: number
  /** The better first hop: a router's link-local address, or the destination itself. */
  target: Ipv6Address
  destination: Ipv6Address
  options: NdOption[]
}

export const Redirect = messageCodec<Redirect>({
  kind: 'redirect',
  type: Icmpv6Type.redirect,
  minLength: field.options,
  parseBody(bytes, view) {
    const options = parseNdOptions(bytes, field.options)
    if (!options.ok) return options
    return ok({
      reserved: view.getUint32(field.reserved),
      target: bytes.subarray(field.target, field.target + IPV6_ADDRESS_LENGTH),
      destination: bytes.subarray(field.destination, field.destination + IPV6_ADDRESS_LENGTH),
      options: options.value,
    })
  },
  emitBody(r, buf, offset, view) {
    view.setUint32(offset + field.reserved, r.reserved)
    buf.set(r.target, offset + field.target)
    buf.set(r.destination, offset + field.destination)
    emitNdOptions(r.options, buf, offset + field.options)
  },
  length: (r) => field.options + ndOptionsLength(r.options),
})
