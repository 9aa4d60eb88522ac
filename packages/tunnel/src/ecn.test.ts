import { describe, expect, it } from 'vitest'
import { decapsulatedEcn, Ecn } from './ecn'

const { notEct, ect0, ect1, ce } = Ecn

describe('ECN at decapsulation', () => {
  // RFC 6040 §4.2, Figure 4: rows are the arriving inner field, columns the arriving outer one.
  const figure4: Array<[number, Array<number | 'drop'>]> = [
    //        outer: Not-ECT ECT(0) ECT(1) CE
    [notEct, [notEct, notEct, notEct, 'drop']],
    [ect0, [ect0, ect0, ect1, ce]],
    [ect1, [ect1, ect1, ect1, ce]],
    [ce, [ce, ce, ce, ce]],
  ]
  const outers = [notEct, ect0, ect1, ce]

  it('follows RFC 6040 Figure 4 in every cell', () => {
    for (const [inner, row] of figure4) {
      const got = outers.map((outer) => decapsulatedEcn(outer, inner) ?? 'drop')
      expect(got, `inner ${inner}`).toEqual(row)
    }
  })
})
