// RFC 4862 §5.5.3 care-of addresses and RFC 6275 §11.7.1's L flag.
import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import {
  careOfAddress,
  interfaceId,
  linkLocalCompatible,
  slaacPrefix,
  usableForSlaac,
} from './care-of-address'
import { heardRouter } from './movement-detection'
import { COA, HOA, LINK_LOCAL, MAC, routerAdvert, VISITED_LINK } from './testing/harness'

const VISITED = { address: mustParse('2001:db8:1::'), length: 64 }

describe('care-of address', () => {
  it('forms seed 002`s care-of address from the MAC (modified EUI-64)', () => {
    expect(careOfAddress(VISITED, interfaceId('eui64', MAC, HOA))).toEqual(COA)
  })

  it('can take the home address`s interface identifier instead', () => {
    expect(careOfAddress(VISITED, interfaceId('home-address', MAC, HOA))).toEqual(
      mustParse('2001:db8:1::beef'),
    )
  })

  it('takes only prefixes SLAAC can use: A set, /64, preferred <= valid, not link-local, still valid', () => {
    const p = {
      prefix: VISITED,
      onLink: true,
      autonomous: true,
      validLifetimeS: 600,
      preferredLifetimeS: 300,
      validUntil: 600_000,
    }
    expect(usableForSlaac(p, 0)).toBe(true)
    expect(usableForSlaac({ ...p, autonomous: false }, 0)).toBe(false)
    expect(usableForSlaac({ ...p, prefix: { ...VISITED, length: 48 } }, 0)).toBe(false)
    expect(usableForSlaac({ ...p, preferredLifetimeS: 900 }, 0)).toBe(false)
    expect(usableForSlaac({ ...p, prefix: { address: mustParse('fe80::'), length: 64 } }, 0)).toBe(false)
    expect(usableForSlaac(p, 600_000)).toBe(false)
  })

  it('reads the prefix out of an R-flag option, whose Prefix field is the router`s address', () => {
    const r = heardRouter(
      VISITED_LINK.router,
      routerAdvert(VISITED_LINK, { routerAddress: mustParse('2001:db8:1::1') }).msg,
      0,
    )
    expect(slaacPrefix(r, 0)?.prefix).toEqual(VISITED)
    expect(r.addresses).toEqual([mustParse('2001:db8:1::1')])
  })

  it('sets L only when the home and link-local addresses share their interface identifier', () => {
    expect(linkLocalCompatible(HOA, LINK_LOCAL)).toBe(false)
    expect(linkLocalCompatible(mustParse('2001:db8::205:5dff:fef2:db2b'), LINK_LOCAL)).toBe(true)
  })
})
