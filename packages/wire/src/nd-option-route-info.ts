// RFC 4191 §2.3: the Route Information option.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     | Prefix Length |Resvd|Prf|Resvd|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        Route Lifetime                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Prefix (Variable Length)                    |
// .                                                               .
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Length 1, 2 or 3 carries 0, 8 or 16 octets of prefix; `prefix` holds exactly those octets.
import { ND_OPTION_UNIT, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { preferenceFromBits, preferenceToBits, type RouterPreference } from './nd-preference'
import { parseError } from './parse-error'
import { ok } from './result'

const field = {
  type: 0,
  length: 1,
  prefixLength: 2,
  flags: 3,
  routeLifetime: 4,
  prefix: 8,
} as const

const MAX_UNITS = 3
const PREFERENCE_SHIFT = 3
const PREFERENCE_MASK = 0b11 << PREFERENCE_SHIFT
const BITS_PER_OCTET = 8

export interface RouteInformation {
  kind: 'route-information'
  prefixLength: number
  preference: RouterPreference
  /** Both Resvd bit groups, in place (mask 0xe7). */
  reserved: number
  /** 0xffffffff is infinity; kept as the number. */
  routeLifetimeS: number
  /** 0, 8 or 16 octets, as many as Length announces. */
  prefix: Uint8Array
}

/** RFC 4191 §2.3: Length 1 only for /0, Length 2 up to /64, Length 3 up to /128. */
function prefixFits(prefixLength: number, prefixOctets: number): boolean {
  return prefixLength <= prefixOctets * BITS_PER_OCTET
}

export const routeInformationBody: NdOptionBody<RouteInformation> = {
  kind: 'route-information',
  type: NdOptionType.routeInformation,
  parse(option, view) {
    if (option.length > MAX_UNITS * ND_OPTION_UNIT)
      return parseError('bad-length', 'option.length', field.length)
    const prefix = option.subarray(field.prefix)
    const prefixLength = option[field.prefixLength]!
    if (!prefixFits(prefixLength, prefix.length))
      return parseError('bad-value', 'prefixLength', field.prefixLength)
    const flags = option[field.flags]!
    return ok({
      kind: 'route-information',
      prefixLength,
      preference: preferenceFromBits(flags >> PREFERENCE_SHIFT),
      reserved: flags & ~PREFERENCE_MASK,
      routeLifetimeS: view.getUint32(field.routeLifetime),
      prefix,
    })
  },
  emitBody(r, buf, offset, view) {
    if (r.prefix.length > (MAX_UNITS - 1) * ND_OPTION_UNIT || !prefixFits(r.prefixLength, r.prefix.length)) {
      throw new RangeError(`Route Information: /${r.prefixLength} in ${r.prefix.length} prefix octets`)
    }
    buf[offset + field.prefixLength] = r.prefixLength
    buf[offset + field.flags] =
      (r.reserved & ~PREFERENCE_MASK & 0xff) | (preferenceToBits(r.preference) << PREFERENCE_SHIFT)
    view.setUint32(offset + field.routeLifetime, r.routeLifetimeS)
    buf.set(r.prefix, offset + field.prefix)
  },
  length: (r) => field.prefix + r.prefix.length,
}

export const RouteInformation = ndOptionCodec(routeInformationBody)
