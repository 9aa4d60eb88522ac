// RFC 6275 §6.1.8: the Binding Acknowledgement message (MH Type 6), Message Data after the
// common part, with the Status values of §6.1.8 and of RFC 4285 (144-146). The seven bits
// after K are Reserved in RFC 6275 and have since been assigned by other RFCs (R: RFC 3963,
// P: RFC 5213, ...); they are kept in place as `otherFlags`.
//
//                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                 |    Status     |K|  Reserved   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Sequence #          |           Lifetime            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                        Mobility options                       .
import { viewOf } from './codec'
import type { MessageDataCodec, MhCommon } from './mh'
import type { MobilityOption } from './mh-options'

/** Offsets from the start of Message Data (octet 6 of the Mobility Header). */
const field = {
  status: 0,
  flags: 1,
  sequence: 2,
  lifetime: 4,
  options: 6,
} as const

const KEY_MANAGEMENT_COMPATIBILITY = 0x80
const OTHER_FLAGS = 0x7f

export const BindingAckStatus = {
  accepted: 0,
  acceptedPrefixDiscoveryNecessary: 1,
  reasonUnspecified: 128,
  administrativelyProhibited: 129,
  insufficientResources: 130,
  homeRegistrationNotSupported: 131,
  notHomeSubnet: 132,
  notHomeAgentForThisMobileNode: 133,
  duplicateAddressDetectionFailed: 134,
  sequenceNumberOutOfWindow: 135,
  expiredHomeNonceIndex: 136,
  expiredCareOfNonceIndex: 137,
  expiredNonces: 138,
  registrationTypeChangeDisallowed: 139,
  mipv6IdMismatch: 144, // RFC 4285: MIPV6-ID-MISMATCH
  mipv6MesgIdReqd: 145, // RFC 4285: MIPV6-MESG-ID-REQD
  mipv6AuthFail: 146, // RFC 4285: MIPV6-AUTH-FAIL
} as const

/** RFC 6275 §6.1.8: values below 128 mean the Binding Update was accepted. */
export function bindingAckAccepted(status: number): boolean {
  return status < BindingAckStatus.reasonUnspecified
}

export interface BindingAck extends MhCommon {
  kind: 'binding-ack'
  status: number
  /** K: the IPsec SAs survive movement. */
  keyManagementCompatibility: boolean
  /** The flag octet's other 7 bits, in place (mask 0x7f). */
  otherFlags: number
  sequence: number
  lifetimeUnits4s: number
  options: MobilityOption[]
}

export const bindingAckData: MessageDataCodec<BindingAck> = {
  fixedLength: field.options,
  parse(fixed, common, options) {
    const view = viewOf(fixed)
    const flags = fixed[field.flags]!
    return {
      kind: 'binding-ack',
      ...common,
      status: fixed[field.status]!,
      keyManagementCompatibility: (flags & KEY_MANAGEMENT_COMPATIBILITY) !== 0,
      otherFlags: flags & OTHER_FLAGS,
      sequence: view.getUint16(field.sequence),
      lifetimeUnits4s: view.getUint16(field.lifetime),
      options,
    }
  },
  emit(ba, fixed) {
    const view = viewOf(fixed)
    fixed[field.status] = ba.status
    fixed[field.flags] =
      (ba.keyManagementCompatibility ? KEY_MANAGEMENT_COMPATIBILITY : 0) | (ba.otherFlags & OTHER_FLAGS)
    view.setUint16(field.sequence, ba.sequence)
    view.setUint16(field.lifetime, ba.lifetimeUnits4s)
  },
}
