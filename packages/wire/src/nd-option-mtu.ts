// RFC 4861 §4.6.4: the MTU option.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              MTU                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { expectUnits, ND_OPTION_UNIT, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { err, ok } from './result'

const field = {
  type: 0,
  length: 1,
  reserved: 2,
  mtu: 4,
} as const

const UNITS = 1

export interface MtuOption {
  kind: 'mtu'
  reserved: number
  mtu: number
}

export const mtuBody: NdOptionBody<MtuOption> = {
  kind: 'mtu',
  type: NdOptionType.mtu,
  parse(option, view) {
    const bad = expectUnits(option, UNITS)
    if (bad) return err(bad)
    return ok({ kind: 'mtu', reserved: view.getUint16(field.reserved), mtu: view.getUint32(field.mtu) })
  },
  emitBody(m, _buf, offset, view) {
    view.setUint16(offset + field.reserved, m.reserved)
    view.setUint32(offset + field.mtu, m.mtu)
  },
  length: () => UNITS * ND_OPTION_UNIT,
}

export const MtuOption = ndOptionCodec(mtuBody)
