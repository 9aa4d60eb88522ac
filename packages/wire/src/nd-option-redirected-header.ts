// RFC 4861 §4.6.3: the Redirected Header option.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     |            Reserved           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Reserved                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// ~                       IP header + data                        ~
//
// The sender truncates the redirected packet to fit the minimum MTU and to a whole number of
// 8-octet units, so the packet is kept as the raw octets it sent.
import { type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { ok } from './result'

const field = {
  type: 0,
  length: 1,
  reservedHigh: 2,
  reservedLow: 4,
  ipHeaderAndData: 8,
} as const

const TWO_TO_32 = 0x1_0000_0000

export interface RedirectedHeader {
  kind: 'redirected-header'
  /** The 48 Reserved bits as one number. */
  reserved: number
  ipHeaderAndData: Uint8Array
}

export const redirectedHeaderBody: NdOptionBody<RedirectedHeader> = {
  kind: 'redirected-header',
  type: NdOptionType.redirectedHeader,
  parse(option, view) {
    // A one-unit option holds the Reserved octets and no packet; readNdOptionFrame made sure of 8.
    return ok({
      kind: 'redirected-header',
      reserved: view.getUint16(field.reservedHigh) * TWO_TO_32 + view.getUint32(field.reservedLow),
      ipHeaderAndData: option.subarray(field.ipHeaderAndData),
    })
  },
  emitBody(r, buf, offset, view) {
    view.setUint16(offset + field.reservedHigh, Math.floor(r.reserved / TWO_TO_32))
    view.setUint32(offset + field.reservedLow, r.reserved % TWO_TO_32)
    buf.set(r.ipHeaderAndData, offset + field.ipHeaderAndData)
  },
  length: (r) => field.ipHeaderAndData + r.ipHeaderAndData.length,
}

export const RedirectedHeader = ndOptionCodec(redirectedHeaderBody)
