// RFC 6275 §6.1.7: the Binding Update message (MH Type 5), Message Data after the common part.
// The twelve bits after A H L K are Reserved in RFC 6275 and have since been assigned by other
// RFCs (M: RFC 4140, R: RFC 3963, P: RFC 5213, ...); they are kept in place as `otherFlags`.
//
//                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                 |          Sequence #           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |A|H|L|K|        Reserved       |           Lifetime            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                        Mobility options                       .
import { viewOf } from './codec'
import type { MessageDataCodec, MhCommon } from './mh'
import type { MobilityOption } from './mh-options'

/** Offsets from the start of Message Data (octet 6 of the Mobility Header). */
const field = {
  sequence: 0,
  flags: 2,
  lifetime: 4,
  options: 6,
} as const

const flag = {
  acknowledge: 0x8000,
  homeRegistration: 0x4000,
  linkLocalCompatibility: 0x2000,
  keyManagementCompatibility: 0x1000,
} as const
const OTHER_FLAGS = 0x0fff

export interface BindingUpdate extends MhCommon {
  kind: 'binding-update'
  sequence: number
  /** A: the mobile node asks for a Binding Acknowledgement. */
  acknowledge: boolean
  /** H: a home registration (the receiver acts as home agent). */
  homeRegistration: boolean
  /** L: the home address has the same interface identifier as the link-local address. */
  linkLocalCompatibility: boolean
  /** K: the IPsec SAs survive movement. */
  keyManagementCompatibility: boolean
  /** The flag word's other 12 bits, in place (mask 0x0fff). */
  otherFlags: number
  lifetimeUnits4s: number
  options: MobilityOption[]
}

export const bindingUpdateData: MessageDataCodec<BindingUpdate> = {
  fixedLength: field.options,
  parse(fixed, common, options) {
    const view = viewOf(fixed)
    const flags = view.getUint16(field.flags)
    return {
      kind: 'binding-update',
      ...common,
      sequence: view.getUint16(field.sequence),
      acknowledge: (flags & flag.acknowledge) !== 0,
      homeRegistration: (flags & flag.homeRegistration) !== 0,
      linkLocalCompatibility: (flags & flag.linkLocalCompatibility) !== 0,
      keyManagementCompatibility: (flags & flag.keyManagementCompatibility) !== 0,
      otherFlags: flags & OTHER_FLAGS,
      lifetimeUnits4s: view.getUint16(field.lifetime),
      options,
    }
  },
  emit(bu, fixed) {
    const view = viewOf(fixed)
    view.setUint16(field.sequence, bu.sequence)
    view.setUint16(
      field.flags,
      (bu.acknowledge ? flag.acknowledge : 0) |
        (bu.homeRegistration ? flag.homeRegistration : 0) |
        (bu.linkLocalCompatibility ? flag.linkLocalCompatibility : 0) |
        (bu.keyManagementCompatibility ? flag.keyManagementCompatibility : 0) |
        (bu.otherFlags & OTHER_FLAGS),
    )
    view.setUint16(field.lifetime, bu.lifetimeUnits4s)
  },
}
