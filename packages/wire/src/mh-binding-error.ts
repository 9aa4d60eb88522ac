// RFC 6275 §6.1.9: the Binding Error message (MH Type 7), Message Data after the common part.
//
//                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                 |     Status    |   Reserved    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// +                                                               +
// |                          Home Address                         |
// +                                                               +
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                        Mobility Options                       .
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import type { MessageDataCodec, MhCommon } from './mh'
import type { MobilityOption } from './mh-options'

/** Offsets from the start of Message Data (octet 6 of the Mobility Header). */
const field = {
  status: 0,
  reserved: 1,
  homeAddress: 2,
  options: 2 + IPV6_ADDRESS_LENGTH,
} as const

export const BindingErrorStatus = {
  unknownBindingForHomeAddressOption: 1,
  unrecognizedMhType: 2,
} as const

export interface BindingError extends MhCommon {
  kind: 'binding-error'
  status: number
  reserved: number
  /** The Home Address option's address that had no binding, or unspecified (§6.1.9). */
  homeAddress: Ipv6Address
  options: MobilityOption[]
}

export const bindingErrorData: MessageDataCodec<BindingError> = {
  fixedLength: field.options,
  parse(fixed, common, options) {
    return {
      kind: 'binding-error',
      ...common,
      status: fixed[field.status]!,
      reserved: fixed[field.reserved]!,
      homeAddress: fixed.subarray(field.homeAddress, field.options),
      options,
    }
  },
  emit(be, fixed) {
    if (be.homeAddress.length !== IPV6_ADDRESS_LENGTH) {
      throw new RangeError('Binding Error: home address not 16 octets')
    }
    fixed[field.status] = be.status
    fixed[field.reserved] = be.reserved
    fixed.set(be.homeAddress, field.homeAddress)
  },
}
