// RFC 4861 §4.6.2: the Prefix Information option, with the Router Address flag of
// RFC 6275 §7.2 (the Prefix field then holds the router's full address, not only its prefix).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     | Prefix Length |L|A|R|Reserved1|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Valid Lifetime                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Preferred Lifetime                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Reserved2                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Prefix (128)                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import type { Ipv6Address } from './ipv6-address'
import { expectUnits, ND_OPTION_UNIT, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { err, ok } from './result'

const field = {
  type: 0,
  length: 1,
  prefixLength: 2,
  flags: 3,
  validLifetime: 4,
  preferredLifetime: 8,
  reserved2: 12,
  prefix: 16,
} as const

const UNITS = 4
const PREFIX_LENGTH = 16

const flag = {
  onLink: 0x80,
  autonomous: 0x40,
  routerAddress: 0x20,
  reserved1: 0x1f,
} as const

export interface PrefixInformation {
  kind: 'prefix-information'
  prefixLength: number
  /** L */
  onLink: boolean
  /** A */
  autonomous: boolean
  /** R, RFC 6275 §7.2 */
  routerAddress: boolean
  /** The five Reserved1 bits, in place (mask 0x1f). */
  reserved1: number
  /** 0xffffffff is infinity (RFC 4861 §4.6.2); kept as the number. */
  validLifetimeS: number
  preferredLifetimeS: number
  reserved2: number
  prefix: Ipv6Address
}

export const prefixInformationBody: NdOptionBody<PrefixInformation> = {
  kind: 'prefix-information',
  type: NdOptionType.prefixInformation,
  parse(option, view) {
    const bad = expectUnits(option, UNITS)
    if (bad) return err(bad)
    const flags = option[field.flags]!
    return ok({
      kind: 'prefix-information',
      prefixLength: option[field.prefixLength]!,
      onLink: (flags & flag.onLink) !== 0,
      autonomous: (flags & flag.autonomous) !== 0,
      routerAddress: (flags & flag.routerAddress) !== 0,
      reserved1: flags & flag.reserved1,
      validLifetimeS: view.getUint32(field.validLifetime),
      preferredLifetimeS: view.getUint32(field.preferredLifetime),
      reserved2: view.getUint32(field.reserved2),
      prefix: option.subarray(field.prefix, field.prefix + PREFIX_LENGTH),
    })
  },
  emitBody(p, buf, offset, view) {
    buf[offset + field.prefixLength] = p.prefixLength
    buf[offset + field.flags] =
      (p.onLink ? flag.onLink : 0) |
      (p.autonomous ? flag.autonomous : 0) |
      (p.routerAddress ? flag.routerAddress : 0) |
      (p.reserved1 & flag.reserved1)
    view.setUint32(offset + field.validLifetime, p.validLifetimeS)
    view.setUint32(offset + field.preferredLifetime, p.preferredLifetimeS)
    view.setUint32(offset + field.reserved2, p.reserved2)
    buf.set(p.prefix, offset + field.prefix)
  },
  length: () => UNITS * ND_OPTION_UNIT,
}

export const PrefixInformation = ndOptionCodec(prefixInformationBody)
