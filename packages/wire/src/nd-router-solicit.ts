// RFC 4861 §4.1: Router Solicitation.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Reserved                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Options ...
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { emitNdOptions, type NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { ok } from './result'

const field = {
  reserved: 4,
  options: 8,
} as const

export interface RouterSolicit extends Icmpv6Common {
  kind: 'router-solicit'
  reserved: number
  options: NdOption[]
}

export const RouterSolicit = messageCodec<RouterSolicit>({
  kind: 'router-solicit',
  type: Icmpv6Type.routerSolicitation,
  minLength: field.options,
  parseBody(bytes, view) {
    const options = parseNdOptions(bytes, field.options)
    if (!options.ok) return options
    return ok({ reserved: view.getUint32(field.reserved), options: options.value })
  },
  emitBody(rs, buf, offset, view) {
    view.setUint32(offset + field.reserved, rs.reserved)
    emitNdOptions(rs.options, buf, offset + field.options)
  },
  length: (rs) => field.options + ndOptionsLength(rs.options),
})
