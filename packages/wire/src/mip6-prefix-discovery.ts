// RFC 6275 §6.7-6.8: Mobile Prefix Solicitation and Mobile Prefix Advertisement.
//
// Solicitation (type 146): Identifier and Reserved, see mip6-identifier-request.ts.
//
// Advertisement (type 147):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |            Checksum           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Identifier          |M|O|        Reserved           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Options ...
//
// The options are Neighbor Discovery options (Prefix Information, RFC 6275 §6.8), walked by
// nd-options.ts.
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { type IdentifierRequest, identifierRequestCodec } from './mip6-identifier-request'
import { emitNdOptions, type NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { ok } from './result'

const field = {
  identifier: 4,
  flags: 6,
  options: 8,
} as const

const flag = {
  managed: 0x8000,
  other: 0x4000,
  reserved: 0x3fff,
} as const

export type MobilePrefixSolicit = IdentifierRequest<'mobile-prefix-solicit'>

export const MobilePrefixSolicit = identifierRequestCodec<MobilePrefixSolicit>(
  'mobile-prefix-solicit',
  Icmpv6Type.mobilePrefixSolicitation,
)

export interface MobilePrefixAdvert extends Icmpv6Common {
  kind: 'mobile-prefix-advert'
  identifier: number
  /** M */
  managed: boolean
  /** O */
  other: boolean
  /** The 14 Reserved bits, in place (mask 0x3fff). */
  reserved: number
  options: NdOption[]
}

export const MobilePrefixAdvert = messageCodec<MobilePrefixAdvert>({
  kind: 'mobile-prefix-advert',
  type: Icmpv6Type.mobilePrefixAdvertisement,
  minLength: field.options,
  parseBody(bytes, view) {
    const options = parseNdOptions(bytes, field.options)
    if (!options.ok) return options
    const flags = view.getUint16(field.flags)
    return ok({
      identifier: view.getUint16(field.identifier),
      managed: (flags & flag.managed) !== 0,
      other: (flags & flag.other) !== 0,
      reserved: flags & flag.reserved,
      options: options.value,
    })
  },
  emitBody(m, buf, offset, view) {
    view.setUint16(offset + field.identifier, m.identifier)
    view.setUint16(
      offset + field.flags,
      (m.managed ? flag.managed : 0) | (m.other ? flag.other : 0) | (m.reserved & flag.reserved),
    )
    emitNdOptions(m.options, buf, offset + field.options)
  },
  length: (m) => field.options + ndOptionsLength(m.options),
})
