// Home registration from a visited link (RFC 6275 §11.7.1, §11.7.3, §11.7.4, §11.3.6) on the
// lab of seed 002.
import { BindingAckStatus, BindingErrorStatus, mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS, MAX_BINDACK_TIMEOUT_MS } from './constants'
import {
  bindingAckMsg,
  bindingError,
  bindingRefreshRequest,
  bus,
  COA,
  COA2,
  events,
  fromHomeAgent,
  HA,
  HOA,
  kinds,
  labSettings,
  MnHarness,
  VISITED_LINK,
  VISITED_LINK_2,
} from './testing/harness'

describe('registering from a visited link', () => {
  it('sends a BU with H and A, the home address option and the care-of address as source', () => {
    const h = new MnHarness()
    const out = h.ra(VISITED_LINK)
    expect(kinds(out)).toEqual(['event:movement-detected', 'address-add', 'send-bu', 'event:bu-sent'])
    expect(out[1]).toMatchObject({
      kind: 'address-add',
      address: COA,
      prefixLength: 64,
      role: 'care-of',
      dad: true,
    })
    const [bu] = bus(out)
    expect(bu).toMatchObject({
      ifname: 'wlan0',
      source: COA,
      destination: HA,
      homeAddress: HOA,
      msg: {
        kind: 'binding-update',
        acknowledge: true,
        homeRegistration: true,
        linkLocalCompatibility: false,
        keyManagementCompatibility: false,
        // radvd's 86400 s valid lifetime caps the 262140 s asked for (RFC 6275 §11.7.1).
        lifetimeUnits4s: 86_400 / 4,
      },
    })
    expect(events(out, 'movement-detected')[0]).toMatchObject({
      now: 0,
      from: undefined,
      to: { atHome: false, prefix: { address: mustParse('2001:db8:1::'), length: 64 } },
      reason: 'start',
    })
  })

  it('asks for the configured lifetime when the prefixes live longer', () => {
    const h = new MnHarness(labSettings({ bindingLifetimeS: 600 }))
    const [bu] = bus(h.ra(VISITED_LINK, { validLifetimeS: 0xffffffff, preferredLifetimeS: 0xffffffff }))
    expect(bu?.msg.lifetimeUnits4s).toBe(150)
  })

  it('brings the tunnel up and reports registered on an accepted BA, with the lifetime granted', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    h.advance(1000)
    const out = h.ack({ lifetimeUnits4s: 1000 })
    expect(kinds(out)).toEqual(['event:ba-received', 'tunnel-up', 'event:registered'])
    expect(out[1]).toEqual({
      kind: 'tunnel-up',
      ifname: 'wlan0',
      careOf: COA,
      homeAgent: HA,
      homeAddress: HOA,
    })
    expect(events(out, 'registered')[0]).toMatchObject({
      now: 1000,
      careOf: COA,
      homeAgent: HA,
      lifetimeS: 4000,
    })
    // The lifetime counts from the BU (RFC 6275 §11.7.3).
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({
      state: 'registered',
      expiresAt: 4_000_000,
      grantedLifetimeS: 4000,
    })
  })

  it('ignores a BA whose sequence number is not the outstanding BU`s, or that is not from the home agent', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    const seq = h.lastBu().msg.sequence
    expect(h.input(fromHomeAgent(bindingAckMsg({ sequence: (seq + 1) & 0xffff })))).toEqual([])
    expect(h.input(fromHomeAgent(bindingAckMsg({ sequence: seq }), mustParse('2001:db8::99')))).toEqual([])
    expect(h.mn.counters.drops).toEqual({ 'ba-sequence': 1, 'ba-not-from-home-agent': 1 })
    expect(h.mn.bindingUpdateList()[0]?.state).toBe('registering')
  })

  it('resends with the BA`s sequence number + 1 on status 135', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    const out = h.input(
      fromHomeAgent(
        bindingAckMsg({
          status: BindingAckStatus.sequenceNumberOutOfWindow,
          sequence: 40_000,
          lifetimeUnits4s: 0,
        }),
      ),
    )
    const [bu] = bus(out)
    expect(bu?.msg.sequence).toBe(40_001)
    expect(events(out, 'bu-sent')[0]).toMatchObject({ seq: 40_001, attempt: 0 })
    expect(h.ack().some((a) => a.kind === 'tunnel-up')).toBe(true)
  })

  it('stops and reports on a refusal (129), and tries again on the next movement', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    const out = h.ack({ status: BindingAckStatus.administrativelyProhibited, lifetimeUnits4s: 0 })
    expect(events(out, 'bu-rejected')).toMatchObject([{ status: 129, willRetry: false }])
    expect(h.mn.bindingUpdateList()[0]?.state).toBe('rejected')
    expect(bus(h.advance(100_000))).toEqual([])
    expect(bus(h.ra(VISITED_LINK_2))).toHaveLength(1)
  })

  it('backs off MAX_BINDACK_TIMEOUT on status 130, then retries', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    const out = h.ack({ status: BindingAckStatus.insufficientResources, lifetimeUnits4s: 0 })
    expect(events(out, 'bu-rejected')).toMatchObject([{ status: 130, willRetry: true }])
    expect(bus(h.advance(MAX_BINDACK_TIMEOUT_MS - 1))).toEqual([])
    expect(bus(h.advance(1))).toHaveLength(1)
  })

  it('refreshes at 90 % of the granted lifetime, with a first-registration timeout no more', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink({ lifetimeUnits4s: 100 }) // 400 s
    expect(bus(h.advance(359_999))).toEqual([])
    const refresh = h.advance(1)
    expect(bus(refresh)).toMatchObject([{ source: COA, homeAddress: HOA }])
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({ state: 'registering', timeoutMs: 1000 })
    // A refresh of the same care-of address leaves the tunnel alone.
    expect(kinds(h.ack({ lifetimeUnits4s: 100 }))).toEqual(['event:ba-received', 'event:registered'])
  })

  it('refreshes at the Binding Refresh Advice when it is sooner', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    h.ack({
      lifetimeUnits4s: 1000,
      options: [{ kind: 'binding-refresh-advice', refreshIntervalUnits4s: 25 }],
    })
    expect(bus(h.advance(99_999))).toEqual([])
    expect(bus(h.advance(1))).toHaveLength(1)
  })

  it('answers a Binding Refresh Request with a BU', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    h.advance(5000)
    const out = h.input(fromHomeAgent(bindingRefreshRequest()))
    expect(bus(out)).toMatchObject([{ source: COA, destination: HA, homeAddress: HOA }])
  })

  it('ignores a Binding Refresh Request from another node', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    expect(h.input(fromHomeAgent(bindingRefreshRequest(), mustParse('2001:db8:1::7')))).toEqual([])
    expect(h.mn.counters.drops['not-from-home-agent']).toBe(1)
  })

  it('registers from scratch on a Binding Error status 1 from the home agent', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    const out = h.input(fromHomeAgent(bindingError(BindingErrorStatus.unknownBindingForHomeAddressOption)))
    expect(kinds(out)).toEqual(['event:binding-error', 'send-bu', 'event:bu-sent'])
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({
      timeoutMs: INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS,
      expiresAt: undefined,
    })
  })

  it('reports the binding expired and takes the tunnel down when no refresh is acknowledged', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink({ lifetimeUnits4s: 25 }) // 100 s, refresh at 90 s
    const out = h.advance(100_000)
    expect(events(out, 'binding-expired')).toMatchObject([{ now: 100_000, careOf: COA, homeAgent: HA }])
    expect(out.filter((a) => a.kind === 'tunnel-down')).toEqual([
      { kind: 'tunnel-down', ifname: 'wlan0', careOf: COA, homeAgent: HA, homeAddress: HOA },
    ])
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({ state: 'registering', expiresAt: undefined })
  })

  it('moves between visited links: new care-of address, old one removed, tunnel moved after the BA', () => {
    const h = new MnHarness()
    h.registerOnVisitedLink()
    h.advance(1000)
    // The visited router's Advertisement Interval (10 s) passes without it: movement.
    expect(h.ra(VISITED_LINK_2)).toEqual([])
    const move = h.advance(9000)
    expect(kinds(move)).toEqual([
      'event:router-lost',
      'event:movement-detected',
      'address-remove',
      'address-add',
      'send-bu',
      'event:bu-sent',
    ])
    expect(move[2]).toMatchObject({ kind: 'address-remove', address: COA, role: 'care-of' })
    expect(move[3]).toMatchObject({ kind: 'address-add', address: COA2 })
    expect(bus(move)[0]).toMatchObject({ source: COA2 })
    // The home agent holds a binding: INITIAL_BINDACK_TIMEOUT, not the first registration's.
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({ timeoutMs: 1000, lastCareOfAddress: COA })
    expect(h.ack().filter((a) => a.kind === 'tunnel-up')).toMatchObject([{ careOf: COA2, homeAgent: HA }])
  })

  it('waits for DAD of the care-of address when told to, and gives it up if it is a duplicate', () => {
    const h = new MnHarness(labSettings({ careOfDad: 'wait' }))
    const out = h.ra(VISITED_LINK)
    expect(out.find((a) => a.kind === 'address-add')).toMatchObject({ dad: true, optimistic: false })
    expect(bus(out)).toEqual([])
    expect(
      bus(h.input({ kind: 'dad-result', ifname: 'wlan0', address: COA, duplicate: false })),
    ).toHaveLength(1)

    const dup = new MnHarness(labSettings({ careOfDad: 'wait' }))
    dup.ra(VISITED_LINK)
    const gone = dup.input({ kind: 'dad-result', ifname: 'wlan0', address: COA, duplicate: true })
    expect(kinds(gone)).toEqual(['event:care-of-duplicate', 'address-remove'])
    expect(bus(dup.advance(60_000))).toEqual([])
  })

  it('takes a duplicate reported after optimistic use as the end of the registration from there', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    h.input({ kind: 'dad-result', ifname: 'wlan0', address: COA, duplicate: true })
    expect(bus(h.advance(60_000))).toEqual([])
    expect(h.mn.careOfAddress()).toBeUndefined()
  })
})
