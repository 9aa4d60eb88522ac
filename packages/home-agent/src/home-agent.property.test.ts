// Random input sequences: the engine never throws, everything it sends encodes, and the
// binding cache keeps its invariants (one entry per home address, a granted lifetime for
// every entry, no entry outliving its lifetime, no more than maxBindings).

import { encode, Icmpv6Message, type Ipv6Address, MobilityMessage, mustParse, UNSPECIFIED } from '@mip6/wire'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { HaAction } from './actions'
import type { HaInput } from './inputs'
import {
  bindingUpdate,
  COA,
  COA2,
  HA,
  HaHarness,
  homeLink,
  labSettings,
  mobilityInput,
  neighborAdvert,
  neighborSolicit,
} from './testing/harness'

const HOAS = ['2001:db8::1', '2001:db8::2', '2001:db8::beef', '2001:db8:9::1'].map(mustParse)
const COAS = [COA, COA2, mustParse('2001:db8::1'), mustParse('ff02::1')]

const address = (list: Ipv6Address[]) => fc.constantFrom(...list)
/** Mostly the lab's ordinary value, sometimes anything. */
const likely = <T>(usual: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other })

const arbBu = fc.record({
  sequence: fc.oneof(
    fc.integer({ min: 0, max: 5 }),
    fc.integer({ min: 65530, max: 65535 }),
    fc.integer({ min: 0, max: 0xffff }),
  ),
  lifetimeUnits4s: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }) },
    { weight: 2, arbitrary: fc.constant(65535) },
  ),
  acknowledge: likely(true, fc.constant(false)),
  homeRegistration: likely(true, fc.constant(false)),
  linkLocalCompatibility: fc.boolean(),
  keyManagementCompatibility: fc.boolean(),
  alternate: fc.option(address(COAS), { nil: undefined, freq: 4 }),
  homeAddress: likely(HOAS[2]!, fc.option(address(HOAS), { nil: undefined })),
  source: likely(COA, address([...COAS, ...HOAS])),
  destination: likely(HA, fc.constant(mustParse('2001:db8::99'))),
})

type Step =
  | { kind: 'bu'; bu: typeof arbBu extends fc.Arbitrary<infer T> ? T : never }
  | { kind: 'garbage'; bytes: Uint8Array; homeAddress: Ipv6Address | undefined }
  | { kind: 'advance'; ms: number }
  | { kind: 'input'; input: HaInput }

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: arbBu.map((bu) => ({ kind: 'bu' as const, bu })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        bytes: fc.uint8Array({ maxLength: 64 }),
        homeAddress: fc.option(address(HOAS), { nil: undefined }),
      })
      .map((g) => ({ kind: 'garbage' as const, ...g })),
  },
  {
    weight: 4,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 200_000 }))
      .map((ms) => ({ kind: 'advance' as const, ms })),
  },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        address(HOAS).map((t) => neighborSolicit(t)),
        address(HOAS).map((t) => neighborSolicit(t, { source: UNSPECIFIED })),
        address(HOAS).map((t) => neighborAdvert(t)),
        address(HOAS).map(
          (hoa): HaInput => ({
            kind: 'mobile-prefix-solicit',
            ifname: 'wlan1',
            source: COA,
            destination: HA,
            homeAddress: hoa,
            msg: { kind: 'mobile-prefix-solicit', code: 0, checksum: 0, identifier: 1, reserved: 0 },
          }),
        ),
        fc.integer({ min: 0, max: 3 }).map(
          (lifetimeS): HaInput => ({
            kind: 'home-agent-heard',
            ifname: 'wlan0',
            linkLocal: mustParse('fe80::2'),
            addresses: [mustParse('2001:db8::2')],
            preference: 1,
            lifetimeS,
          }),
        ),
        fc.constant<HaInput>({
          kind: 'haad-request',
          ifname: 'wlan1',
          source: COA,
          destination: mustParse('2001:db8::fdff:ffff:ffff:fffe'),
          msg: { kind: 'haad-request', code: 0, checksum: 0, identifier: 9, reserved: 0 },
        }),
        fc.boolean().map(
          (up): HaInput => ({
            kind: 'link',
            ifname: 'wlan0',
            link: { up, mac: new Uint8Array([0, 2, 0x6f, 6, 0xb, 0xcf]), linkLocal: mustParse('fe80::1') },
          }),
        ),
        fc.integer({ min: 0, max: 100 }).map(
          (validLifetimeS): HaInput => ({
            kind: 'home-prefixes',
            ifname: 'wlan0',
            prefixes: homeLink().prefixes.map((p) => ({
              ...p,
              validLifetimeS,
              preferredLifetimeS: validLifetimeS,
            })),
          }),
        ),
      )
      .map((input) => ({ kind: 'input' as const, input })),
  },
)

function apply(h: HaHarness, step: Step): HaAction[] {
  switch (step.kind) {
    case 'bu': {
      const b = step.bu
      const msg = bindingUpdate({
        ...b,
        options:
          b.alternate === undefined
            ? []
            : [{ kind: 'alternate-care-of-address', alternateCareOfAddress: b.alternate }],
      })
      return h.input(
        mobilityInput(msg, {
          source: b.source,
          destination: b.destination,
          homeAddress: b.homeAddress,
          wallClockMs: h.now,
        }),
      )
    }
    case 'garbage':
      return h.input({ ...mobilityInput(bindingUpdate()), mh: step.bytes, homeAddress: step.homeAddress })
    case 'advance':
      return h.advance(step.ms)
    case 'input':
      return h.input(step.input)
  }
}

function checkInvariants(h: HaHarness, actions: HaAction[], maxBindings: number): void {
  const bindings = h.ha.bindings()
  const keys = bindings.map((b) => b.homeAddress.join('.'))
  expect(new Set(keys).size).toBe(keys.length)
  expect(bindings.length).toBeLessThanOrEqual(maxBindings)
  for (const b of bindings) {
    expect(b.grantedLifetimeS).toBeGreaterThan(0)
    expect(b.grantedLifetimeS % 4).toBe(0)
    if (b.state === 'registered') {
      expect(b.expiresAt!).toBeGreaterThan(h.now)
      expect(b.proxied[0]).toEqual(b.homeAddress)
    }
  }
  const next = h.ha.nextTimeout()
  if (next !== undefined) expect(next).toBeGreaterThanOrEqual(h.now)
  for (const a of actions) {
    if (a.kind === 'send-mh') encode(MobilityMessage, a.msg)
    if (a.kind === 'send-icmp') encode(Icmpv6Message, a.msg)
  }
}

describe('random input sequences', () => {
  it('never throw and keep the binding cache consistent', () => {
    fc.assert(
      fc.property(
        fc.array(arbStep, { minLength: 20, maxLength: 80, size: 'max' }),
        fc.integer({ min: 1, max: 3 }),
        (steps, maxBindings) => {
          const h = new HaHarness(
            labSettings({ maxBindings, bindingRefresh: { enabled: true, beforeExpiryS: 8 } }),
          )
          for (const step of steps) checkInvariants(h, apply(h, step), maxBindings)
        },
      ),
      { numRuns: 300 },
    )
  })
})
