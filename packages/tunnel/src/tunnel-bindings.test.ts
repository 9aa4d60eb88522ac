import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { COA, COA2, HA, HOA, HOA2 } from './testing/packets'
import { TunnelBindings } from './tunnel-bindings'

describe('tunnel bindings', () => {
  it('finds a binding by home address and by care-of address', () => {
    const b = new TunnelBindings()
    b.set({ homeAddress: HOA, careOfAddress: COA, haAddress: HA })
    b.set({ homeAddress: HOA2, careOfAddress: COA, haAddress: HA })
    expect(b.forHomeAddress(HOA)).toEqual({ homeAddress: HOA, careOfAddress: COA, haAddress: HA })
    expect(b.fromCareOf(COA).map((x) => x.homeAddress)).toEqual([HOA, HOA2])
    expect(b.fromCareOf(COA2)).toEqual([])
  })

  it('moves a binding to its new care-of address on update', () => {
    const b = new TunnelBindings()
    b.set({ homeAddress: HOA, careOfAddress: COA, haAddress: HA })
    b.set({ homeAddress: HOA, careOfAddress: COA2, haAddress: HA })
    expect(b.fromCareOf(COA)).toEqual([])
    expect(b.fromCareOf(COA2).map((x) => x.homeAddress)).toEqual([HOA])
    expect(b.list()).toHaveLength(1)
  })

  it('keeps its own copies of the addresses it is given', () => {
    const b = new TunnelBindings()
    const careOf = COA.slice()
    b.set({ homeAddress: HOA, careOfAddress: careOf, haAddress: HA })
    careOf.fill(0)
    expect(b.forHomeAddress(HOA)?.careOfAddress).toEqual(COA)
  })

  it('removes a binding and says whether there was one', () => {
    const b = new TunnelBindings()
    b.set({ homeAddress: HOA, careOfAddress: COA, haAddress: HA })
    expect(b.remove(mustParse('2001:db8::beef'))).toBe(true)
    expect(b.remove(HOA)).toBe(false)
    expect(b.forHomeAddress(HOA)).toBeUndefined()
    expect(b.fromCareOf(COA)).toEqual([])
  })
})
