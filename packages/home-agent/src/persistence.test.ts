// A restart keeps the binding cache (DESIGN.md rule 5): snapshot, then restore.
import { describe, expect, it } from 'vitest'
import { HomeAgent } from './home-agent'
import type { PersistedBinding } from './persistence'
import {
  acks,
  bindingUpdate,
  COA,
  HA_LINK_LOCAL,
  HA_MAC,
  HaHarness,
  HOA,
  icmpSends,
  kinds,
  labSettings,
  mobilityInput,
  WALL_START_MS,
} from './testing/harness'

function snapshotAfter(msRegistered: number) {
  const h = new HaHarness()
  h.register({ sequence: 19429, linkLocalCompatibility: true })
  h.advance(msRegistered)
  return { snapshot: h.ha.snapshot(h.now), at: h.now }
}

function freshAgent(): HomeAgent {
  const ha = new HomeAgent(labSettings(), { rng: () => 0.5 })
  ha.handle({ kind: 'link', ifname: 'wlan0', link: { up: true, mac: HA_MAC, linkLocal: HA_LINK_LOCAL } }, 0)
  return ha
}

describe('snapshot and restore', () => {
  it('keeps the remaining lifetime, sequence, flags and addresses, and re-emits binding-added', () => {
    const { snapshot } = snapshotAfter(72_000)
    expect(snapshot).toEqual([
      {
        homeAddress: '2001:db8::beef',
        careOfAddress: '2001:db8:1:0:205:5dff:fef2:db2b',
        haAddress: '2001:db8::',
        ifname: 'wlan0',
        sequence: 19429,
        flags: { acknowledge: true, linkLocalCompatibility: true, keyManagementCompatibility: false },
        grantedLifetimeS: 86_400,
        remainingLifetimeMs: 86_400_000 - 72_000,
        registeredAtWallMs: WALL_START_MS + 1000,
      },
    ])
    const ha = freshAgent()
    const out = ha.restore(JSON.parse(JSON.stringify(snapshot)) as PersistedBinding[], 5_000)
    expect(kinds(out)).toEqual(['binding-added', 'proxy-start', 'proxy-start', 'send-icmp', 'send-icmp'])
    expect(icmpSends(out, 'proxy-announce')).toHaveLength(2)
    const [b] = ha.bindings()
    expect(b).toMatchObject({ state: 'registered', homeAddress: HOA, careOfAddress: COA, sequence: 19429 })
    expect(b?.expiresAt).toBe(5_000 + 86_400_000 - 72_000)
    expect(b?.flags).toMatchObject({ homeRegistration: true, linkLocalCompatibility: true })
    // The sequence window carries on from the restored number, and a refresh needs no DAD.
    expect(acks(ha.handle(mobilityInput(bindingUpdate({ sequence: 19429 })), 6_000))[0]?.msg.status).toBe(135)
    expect(acks(ha.handle(mobilityInput(bindingUpdate({ sequence: 19430 })), 7_000))[0]?.msg.status).toBe(0)
  })

  it('takes off the time the wall clock says the router was down, and drops what ran out', () => {
    const { snapshot } = snapshotAfter(0)
    const ha = freshAgent()
    ha.restore(snapshot, 0, WALL_START_MS + 1000 + 3_600_000)
    expect(ha.bindings()[0]?.expiresAt).toBe(86_400_000 - 3_600_000)
    const late = freshAgent()
    expect(late.restore(snapshot, 0, WALL_START_MS + 1000 + 86_400_000)).toEqual([])
    expect(late.counters.drops['restore-expired']).toBe(1)
  })

  it('expires a restored binding on time', () => {
    const { snapshot } = snapshotAfter(86_400_000 - 10_000)
    const ha = freshAgent()
    ha.restore(snapshot, 0)
    expect(ha.nextTimeout()).toBe(1000)
    ha.handleTimeout(1000)
    ha.handleTimeout(2000)
    const out = ha.handleTimeout(10_000)
    expect(kinds(out)).toEqual(['proxy-stop', 'proxy-stop', 'binding-removed', 'event:binding-expired'])
  })

  it('skips entries that do not fit: bad addresses, other links, bad numbers, duplicates', () => {
    const { snapshot } = snapshotAfter(0)
    const good = snapshot[0]!
    const bad: PersistedBinding[] = [
      { ...good, homeAddress: 'not an address' },
      { ...good, ifname: 'eth9' },
      { ...good, sequence: 70_000 },
      { ...good, grantedLifetimeS: 0 },
      { ...good, homeAddress: '2001:db8:9::1' },
      good,
      good,
    ]
    const ha = freshAgent()
    ha.restore(bad, 0)
    expect(ha.bindings()).toHaveLength(1)
    expect(ha.counters.drops).toMatchObject({ 'restore-invalid': 5, 'restore-duplicate': 1 })
  })
})
