import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALL_NODES, ALL_ROUTERS, mustParse, solicitedNodeMulticast, UNSPECIFIED } from './ipv6-address'
import type { NeighborAdvert } from './nd-neighbor-advert'
import type { NeighborSolicit } from './nd-neighbor-solicit'
import type { Redirect } from './nd-redirect'
import type { RouterSolicit } from './nd-router-solicit'
import { type NdReceiveContext, ndViolations } from './nd-validation'
import {
  arbNeighborAdvert,
  arbNeighborSolicit,
  arbRedirect,
  arbRouterAdvert,
  arbRouterSolicit,
} from './testing/arb-nd'
import { routerAdvert } from './testing/nd-values'
import { hex } from './testing/round-trip'

const routerLinkLocal = mustParse('fe80::202:6fff:fe06:bcf')
const hostLinkLocal = mustParse('fe80::205:5dff:fef2:db2b')
const hostGlobal = mustParse('2001:db8::205:5dff:fef2:db2b')
const routerGlobal = mustParse('2001:db8::')
const slla = { kind: 'source-lla' as const, address: hex('00055df2db2b') }

const rs: RouterSolicit = { kind: 'router-solicit', code: 0, checksum: 0, reserved: 0, options: [slla] }
const ra = routerAdvert({ homeAgent: true, routerLifetimeS: 30 })
const ns: NeighborSolicit = {
  kind: 'neighbor-solicit',
  code: 0,
  checksum: 0,
  reserved: 0,
  target: routerGlobal,
  options: [slla],
}
const na: NeighborAdvert = {
  kind: 'neighbor-advert',
  code: 0,
  checksum: 0,
  router: true,
  solicited: true,
  override: true,
  reserved: 0,
  target: routerGlobal,
  options: [],
}
const redirect: Redirect = {
  kind: 'redirect',
  code: 0,
  checksum: 0,
  reserved: 0,
  target: mustParse('fe80::1'),
  destination: mustParse('2001:db8:2::1'),
  options: [],
}

const onLink = (source: Uint8Array, destination: Uint8Array): NdReceiveContext => ({
  source,
  destination,
  hopLimit: 255,
})

const rules = (ip: NdReceiveContext, m: Parameters<typeof ndViolations>[1]) =>
  ndViolations(ip, m).map((v) => v.rule)

describe('ND receive validity checks (RFC 4861 §6.1, §7.1, §8.1)', () => {
  it('passes well-formed messages from the right addresses', () => {
    expect(ndViolations(onLink(hostLinkLocal, ALL_ROUTERS), rs)).toEqual([])
    expect(ndViolations(onLink(UNSPECIFIED, ALL_ROUTERS), { ...rs, options: [] })).toEqual([])
    expect(ndViolations(onLink(routerLinkLocal, ALL_NODES), ra)).toEqual([])
    expect(ndViolations(onLink(hostGlobal, solicitedNodeMulticast(routerGlobal)), ns)).toEqual([])
    expect(
      ndViolations(onLink(UNSPECIFIED, solicitedNodeMulticast(hostGlobal)), {
        ...ns,
        target: hostGlobal,
        options: [],
      }),
    ).toEqual([])
    expect(ndViolations(onLink(routerGlobal, hostGlobal), na)).toEqual([])
    expect(ndViolations(onLink(routerLinkLocal, hostGlobal), redirect)).toEqual([])
  })

  it('requires hop limit 255 of every ND message, naming each message clause', () => {
    const ip = { ...onLink(routerLinkLocal, ALL_NODES), hopLimit: 64 }
    expect(ndViolations(ip, ra)).toEqual([
      { rule: 'hop-limit-255', clause: 'RFC 4861 §6.1.2', detail: 'IP Hop Limit is 64, must be 255' },
    ])
    expect(ndViolations(ip, rs)[0]!.clause).toBe('RFC 4861 §6.1.1')
    expect(ndViolations({ ...ip, source: hostGlobal }, ns)[0]!.clause).toBe('RFC 4861 §7.1.1')
    expect(ndViolations({ ...ip, destination: hostGlobal }, na)[0]!.clause).toBe('RFC 4861 §7.1.2')
    expect(ndViolations({ ...ip, destination: hostGlobal }, redirect)[0]!.clause).toBe('RFC 4861 §8.1')
  })

  it('requires ICMP Code 0', () => {
    expect(rules(onLink(routerLinkLocal, ALL_NODES), { ...ra, code: 1 })).toEqual(['code-zero'])
  })

  it('checks the ICMP length derived from the IP length', () => {
    expect(rules({ ...onLink(routerLinkLocal, ALL_NODES), icmpLength: 15 }, ra)).toEqual(['icmp-length'])
    expect(rules({ ...onLink(hostLinkLocal, ALL_ROUTERS), icmpLength: 7 }, rs)).toEqual(['icmp-length'])
    expect(rules({ ...onLink(hostGlobal, routerGlobal), icmpLength: 23 }, ns)).toEqual(['icmp-length'])
    expect(rules({ ...onLink(routerLinkLocal, hostGlobal), icmpLength: 39 }, redirect)).toEqual([
      'icmp-length',
    ])
  })

  it('requires a link-local source for an RA (§6.1.2) and a Redirect (§8.1)', () => {
    expect(rules(onLink(routerGlobal, ALL_NODES), ra)).toEqual(['source-link-local'])
    expect(rules(onLink(routerGlobal, hostGlobal), redirect)).toEqual(['source-link-local'])
  })

  it('refuses a Source Link-layer Address from the unspecified address (§6.1.1, §7.1.1)', () => {
    expect(rules(onLink(UNSPECIFIED, ALL_ROUTERS), rs)).toEqual(['no-slla-from-unspecified'])
    expect(rules(onLink(UNSPECIFIED, solicitedNodeMulticast(routerGlobal)), ns)).toEqual([
      'no-slla-from-unspecified',
    ])
  })

  it('requires a DAD probe to go to a solicited-node address (§7.1.1)', () => {
    expect(rules(onLink(UNSPECIFIED, ALL_NODES), { ...ns, options: [] })).toEqual(['dad-to-solicited-node'])
  })

  it('refuses a multicast target in an NS or NA (§7.1.1, §7.1.2)', () => {
    expect(rules(onLink(hostGlobal, routerGlobal), { ...ns, target: ALL_NODES })).toEqual([
      'target-not-multicast',
    ])
    expect(rules(onLink(routerGlobal, hostGlobal), { ...na, target: ALL_NODES })).toEqual([
      'target-not-multicast',
    ])
  })

  it('refuses the Solicited flag on an NA to a multicast address (§7.1.2)', () => {
    expect(rules(onLink(routerGlobal, ALL_NODES), na)).toEqual(['solicited-zero-to-multicast'])
    expect(rules(onLink(routerGlobal, ALL_NODES), { ...na, solicited: false })).toEqual([])
  })

  it('requires a Redirect target that is link-local or the destination itself (§8.1)', () => {
    const ip = onLink(routerLinkLocal, hostGlobal)
    expect(rules(ip, { ...redirect, target: routerGlobal })).toEqual(['redirect-target'])
    expect(rules(ip, { ...redirect, target: redirect.destination })).toEqual([])
  })

  it('refuses a Redirect for a multicast destination (§8.1)', () => {
    const ip = onLink(routerLinkLocal, hostGlobal)
    expect(rules(ip, { ...redirect, destination: ALL_NODES })).toEqual(['redirect-destination-not-multicast'])
  })

  it('reports every broken rule at once', () => {
    const ip = { source: routerGlobal, destination: ALL_NODES, hopLimit: 1 }
    expect(rules(ip, { ...ra, code: 9 })).toEqual(['hop-limit-255', 'code-zero', 'source-link-local'])
  })

  it('never throws on generated messages and contexts', () => {
    const arbMessage = fc.oneof(
      arbRouterSolicit,
      arbRouterAdvert,
      arbNeighborSolicit,
      arbNeighborAdvert,
      arbRedirect,
    )
    const arbIp = fc.record({
      source: fc.constantFrom(UNSPECIFIED, routerLinkLocal, hostGlobal),
      destination: fc.constantFrom(ALL_NODES, ALL_ROUTERS, solicitedNodeMulticast(hostGlobal), hostGlobal),
      hopLimit: fc.integer({ min: 0, max: 255 }),
    })
    fc.assert(
      fc.property(arbIp, arbMessage, (ip, m) => {
        for (const v of ndViolations(ip, m)) expect(v.clause).toMatch(/^RFC 4861 §/)
      }),
      { numRuns: 500 },
    )
  })
})
