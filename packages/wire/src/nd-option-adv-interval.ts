// RFC 6275 §7.3: the Advertisement Interval option (a router's MaxRtrAdvInterval, so a mobile
// node can tell when it has stopped hearing it).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Advertisement Interval                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { expectUnits, ND_OPTION_UNIT, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { err, ok } from './result'

const field = {
  type: 0,
  length: 1,
  reserved: 2,
  advertisementInterval: 4,
} as const

const UNITS = 1

export interface AdvertisementInterval {
  kind: 'advertisement-interval'
  reserved: number
  advIntervalMs: number
}

export const advertisementIntervalBody: NdOptionBody<AdvertisementInterval> = {
  kind: 'advertisement-interval',
  type: NdOptionType.advertisementInterval,
  parse(option, view) {
    const bad = expectUnits(option, UNITS)
    if (bad) return err(bad)
    return ok({
      kind: 'advertisement-interval',
      reserved: view.getUint16(field.reserved),
      advIntervalMs: view.getUint32(field.advertisementInterval),
    })
  },
  emitBody(a, _buf, offset, view) {
    view.setUint16(offset + field.reserved, a.reserved)
    view.setUint32(offset + field.advertisementInterval, a.advIntervalMs)
  },
  length: () => UNITS * ND_OPTION_UNIT,
}

export const AdvertisementInterval = ndOptionCodec(advertisementIntervalBody)
