// RFC 4861 §4.4: Neighbor Advertisement.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |R|S|O|                     Reserved                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Target Address (128)                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Options ...
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { emitNdOptions, type NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { ok } from './result'

const field = {
  flags: 4,
  target: 8,
  options: 24,
} as const

const flag = {
  router: 0x8000_0000,
  solicited: 0x4000_0000,
  override: 0x2000_0000,
  reserved: 0x1fff_ffff,
} as const

export interface NeighborAdvert extends Icmpv6Common {
  kind: 'neighbor-advert'
  /** R */
  router: boolean
  /** S */
  solicited: boolean
  /** O */
  override: boolean
  /** The 29 Reserved bits, in place (mask 0x1fffffff). */
  reserved: number
  target: Ipv6Address
  options: NdOption[]
}

export const NeighborAdvert = messageCodec<NeighborAdvert>({
  kind: 'neighbor-advert',
  type: Icmpv6Type.neighborAdvertisement,
  minLength: field.options,
  parseBody(bytes, view) {
    const options = parseNdOptions(bytes, field.options)
    if (!options.ok) return options
    const flags = view.getUint32(field.flags)
    return ok({
      router: (flags & flag.router) !== 0,
      solicited: (flags & flag.solicited) !== 0,
      override: (flags & flag.override) !== 0,
      reserved: flags & flag.reserved,
      target: bytes.subarray(field.target, field.target + IPV6_ADDRESS_LENGTH),
      options: options.value,
    })
  },
  emitBody(na, buf, offset, view) {
    const flags =
      (na.router ? flag.router : 0) |
      (na.solicited ? flag.solicited : 0) |
      (na.override ? flag.override : 0) |
      (na.reserved & flag.reserved)
    view.setUint32(offset + field.flags, flags >>> 0)
    buf.set(na.target, offset + field.target)
    emitNdOptions(na.options, buf, offset + field.options)
  },
  length: (na) => field.options + ndOptionsLength(na.options),
})
