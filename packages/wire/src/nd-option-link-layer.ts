// RFC 4861 §4.6.1: Source and Target Link-layer Address options.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     |    Link-Layer Address ...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The address format belongs to the link layer (RFC 2464 §6: 6 octets on Ethernet, Length 1),
// so `address` is every octet after Length, any padding the link layer adds included.
import { ND_OPTION_HEADER_LENGTH, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { ok } from './result'

const field = {
  type: 0,
  length: 1,
  linkLayerAddress: 2,
} as const

export interface SourceLinkLayerAddress {
  kind: 'source-lla'
  address: Uint8Array
}

export interface TargetLinkLayerAddress {
  kind: 'target-lla'
  address: Uint8Array
}

function body<T extends SourceLinkLayerAddress | TargetLinkLayerAddress>(
  kind: T['kind'],
  type: number,
): NdOptionBody<T> {
  return {
    kind,
    type,
    parse: (option) => ok({ kind, address: option.subarray(field.linkLayerAddress) } as T),
    emitBody(value, buf, offset) {
      buf.set(value.address, offset + field.linkLayerAddress)
    },
    length: (value) => ND_OPTION_HEADER_LENGTH + value.address.length,
  }
}

export const sourceLinkLayerAddressBody = body<SourceLinkLayerAddress>(
  'source-lla',
  NdOptionType.sourceLinkLayerAddress,
)
export const targetLinkLayerAddressBody = body<TargetLinkLayerAddress>(
  'target-lla',
  NdOptionType.targetLinkLayerAddress,
)

export const SourceLinkLayerAddress = ndOptionCodec(sourceLinkLayerAddressBody)
export const TargetLinkLayerAddress = ndOptionCodec(targetLinkLayerAddressBody)
