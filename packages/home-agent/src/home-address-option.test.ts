// RFC 6275 §9.3.1: packets other than Mobility Headers that carry a Home Address option.
import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { HaInput } from './inputs'
import { COA, COA2, HA, HaHarness, HOA, mhSends } from './testing/harness'

const withHao = (source = COA, destination = HA, homeAddress = HOA): HaInput => ({
  kind: 'home-address-option',
  ifname: 'wlan1',
  source,
  destination,
  homeAddress,
})

describe('packets with a Home Address option', () => {
  it('answers one from a home address without a binding with Binding Error status 1', () => {
    const h = new HaHarness()
    const [be] = mhSends(h.input(withHao()), 'binding-error')
    expect(be?.destination).toEqual(COA)
    expect(be?.msg).toMatchObject({ kind: 'binding-error', status: 1, homeAddress: HOA })
  })

  it('lets one through from the registered care-of address', () => {
    const h = new HaHarness()
    h.register()
    expect(mhSends(h.input(withHao()), 'binding-error')).toEqual([])
  })

  it('refuses one whose source is not the registered care-of address', () => {
    const h = new HaHarness()
    h.register()
    expect(mhSends(h.input(withHao(COA2)), 'binding-error')).toHaveLength(1)
  })

  it('leaves packets routed through the router to their destination', () => {
    const h = new HaHarness()
    expect(mhSends(h.input(withHao(COA, mustParse('2001:db8:5::1'))), 'binding-error')).toEqual([])
    expect(h.ha.counters.drops['not-for-us']).toBe(1)
  })
})
