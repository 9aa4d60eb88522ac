// RFC 6275 §6.1.2: the Binding Refresh Request message (MH Type 0), Message Data after the
// common part.
//
//                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                 |            Reserved           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                        Mobility options                       .
import { viewOf } from './codec'
import type { MessageDataCodec, MhCommon } from './mh'
import type { MobilityOption } from './mh-options'

/** Offsets from the start of Message Data (octet 6 of the Mobility Header). */
const field = {
  reserved: 0,
  options: 2,
} as const

export interface BindingRefreshRequest extends MhCommon {
  kind: 'binding-refresh-request'
  reserved: number
  options: MobilityOption[]
}

export const bindingRefreshRequestData: MessageDataCodec<BindingRefreshRequest> = {
  fixedLength: field.options,
  parse(fixed, common, options) {
    return {
      kind: 'binding-refresh-request',
      ...common,
      reserved: viewOf(fixed).getUint16(field.reserved),
      options,
    }
  },
  emit(brr, fixed) {
    viewOf(fixed).setUint16(field.reserved, brr.reserved)
  },
}
