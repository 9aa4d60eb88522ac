// RFC 8106 §5.1: the Recursive DNS Server option.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Length    |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Lifetime                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :            Addresses of IPv6 Recursive DNS Servers            :
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { parseError } from './parse-error'
import { ok } from './result'

const field = {
  type: 0,
  length: 1,
  reserved: 2,
  lifetime: 4,
  addresses: 8,
} as const

export interface Rdnss {
  kind: 'rdnss'
  reserved: number
  /** 0xffffffff is infinity, 0 withdraws the servers. */
  lifetimeS: number
  addresses: Ipv6Address[]
}

export const rdnssBody: NdOptionBody<Rdnss> = {
  kind: 'rdnss',
  type: NdOptionType.rdnss,
  parse(option, view) {
    // RFC 8106 §5.3.1: Length is at least 3 and odd, i.e. one or more whole addresses;
    // otherwise the host MUST discard the option.
    const octets = option.length - field.addresses
    if (octets < IPV6_ADDRESS_LENGTH || octets % IPV6_ADDRESS_LENGTH !== 0) {
      return parseError('bad-length', 'option.length', field.length)
    }
    const addresses: Ipv6Address[] = []
    for (let at = field.addresses; at < option.length; at += IPV6_ADDRESS_LENGTH) {
      addresses.push(option.subarray(at, at + IPV6_ADDRESS_LENGTH))
    }
    return ok({
      kind: 'rdnss',
      reserved: view.getUint16(field.reserved),
      lifetimeS: view.getUint32(field.lifetime),
      addresses,
    })
  },
  emitBody(r, buf, offset, view) {
    if (r.addresses.length === 0) throw new RangeError('RDNSS: RFC 8106 §5.1 needs at least one address')
    view.setUint16(offset + field.reserved, r.reserved)
    view.setUint32(offset + field.lifetime, r.lifetimeS)
    r.addresses.forEach((a, i) => {
      buf.set(a, offset + field.addresses + i * IPV6_ADDRESS_LENGTH)
    })
  },
  length: (r) => field.addresses + r.addresses.length * IPV6_ADDRESS_LENGTH,
}

export const Rdnss = ndOptionCodec(rdnssBody)
