// RFC 4861 §4.3: Neighbor Solicitation.
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
// |   Options ...
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { emitNdOptions, type NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { ok } from './result'

const field = {
  reserved: 4,
  target: 8,
  options: 24,
} as const

export interface NeighborSolicit extends Icmpv6Common {
  kind: 'neighbor-solicit'
  reserved: number
  target: Ipv6Address
  options: NdOption[]
}

export const NeighborSolicit = messageCodec<NeighborSolicit>({
  kind: 'neighbor-solicit',
  type: Icmpv6Type.neighborSolicitation,
  minLength: field.options,
  parseBody(bytes, view) {
    const options = parseNdOptions(bytes, field.options)
    if (!options.ok) return options
    return ok({
      reserved: view.getUint32(field.reserved),
      target: bytes.subarray(field.target, field.target + IPV6_ADDRESS_LENGTH),
      options: options.value,
    })
  },
  emitBody(ns, buf, offset, view) {
    view.setUint32(offset + field.reserved, ns.reserved)
    buf.set(ns.target, offset + field.target)
    emitNdOptions(ns.options, buf, offset + field.options)
  },
  length: (ns) => field.options + ndOptionsLength(ns.options),
})
