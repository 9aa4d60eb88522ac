// Home registration (RFC 6275 §9.5.1, §10.3.1, §10.3.2) on the lab of seed 002.
import {
  BindingAckStatus,
  BindingErrorStatus,
  encode,
  MH_COMMON_DEFAULTS,
  MobilityMessage,
  mustParse,
  solicitedNodeMulticast,
  UNSPECIFIED,
} from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS } from './constants'
import { homeAgentSettings } from './settings'
import {
  acks,
  bindingUpdate,
  COA,
  COA2,
  dadProbeFrom,
  events,
  HA,
  HaHarness,
  HOA,
  homeLink,
  icmpSends,
  kinds,
  labSettings,
  mhSends,
  mobilityInput,
  neighborAdvert,
} from './testing/harness'

describe('first registration', () => {
  it('probes the home address, then accepts with a BA to the care-of address via a type 2 routing header', () => {
    const h = new HaHarness()
    const atBu = h.bu({ sequence: 54814 })
    const probes = icmpSends(atBu, 'dad-probe')
    expect(probes).toHaveLength(1)
    expect(probes[0]).toMatchObject({
      ifname: 'wlan0',
      source: UNSPECIFIED,
      destination: solicitedNodeMulticast(HOA),
      hopLimit: 255,
      msg: { kind: 'neighbor-solicit', target: HOA, options: [] },
    })
    expect(acks(atBu)).toEqual([])
    expect(h.ha.bindings()[0]?.state).toBe('dad-pending')

    const later = h.advance(999)
    expect(acks(later)).toEqual([])
    const done = h.advance(1)
    const [ba] = acks(done)
    expect(ba).toMatchObject({
      source: HA,
      destination: COA,
      type2Routing: HOA,
      msg: { status: 0, sequence: 54814, lifetimeUnits4s: 86_400 / 4 },
    })
    expect(kinds(done)).toEqual([
      'binding-added',
      'proxy-start',
      'send-icmp',
      'send-mh',
      'event:binding-registered',
    ])
    expect(h.ha.bindings()[0]).toMatchObject({ state: 'registered', careOfAddress: COA, haAddress: HA })
  })

  it('answers a first registration within InitialBindackTimeoutFirstReg (1.5 s) of the BU', () => {
    const h = new HaHarness()
    h.bu()
    h.advance(INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS)
    const ba = h.clock.log.find((t) => t.action.kind === 'send-mh')
    expect(ba?.at).toBeLessThanOrEqual(INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS)
    expect(ba?.at).toBe(1000)
  })

  it('registers at once when DAD is off', () => {
    const h = new HaHarness(labSettings({ dad: { enabled: false, transmits: 1, retransTimerMs: 1000 } }))
    const out = h.bu()
    expect(icmpSends(out, 'dad-probe')).toEqual([])
    expect(acks(out)[0]?.msg.status).toBe(BindingAckStatus.accepted)
  })

  it('proxies and probes the link-local address too when L is set', () => {
    const h = new HaHarness()
    const out = h.bu({ linkLocalCompatibility: true })
    expect(icmpSends(out, 'dad-probe').map((p) => p.msg.kind === 'neighbor-solicit' && p.msg.target)).toEqual(
      [HOA, mustParse('fe80::beef')],
    )
    const done = h.advance(1000)
    expect(
      done.filter((a) => a.kind === 'proxy-start').map((a) => a.kind === 'proxy-start' && a.address),
    ).toEqual([HOA, mustParse('fe80::beef')])
  })

  it('uses the Alternate Care-of Address option as the care-of address, and still answers the source', () => {
    const h = new HaHarness()
    const out = h.register({ options: [{ kind: 'alternate-care-of-address', alternateCareOfAddress: COA2 }] })
    expect(h.ha.bindings()[0]?.careOfAddress).toEqual(COA2)
    expect(acks(out)[0]?.destination).toEqual(COA)
  })

  it('sends no BA for an accepted BU without the A flag', () => {
    const h = new HaHarness()
    const out = h.register({ acknowledge: false })
    expect(acks(out)).toEqual([])
    expect(h.ha.bindings()[0]?.state).toBe('registered')
  })

  it('clears K in the BA: without IKE there is no security association to move', () => {
    const h = new HaHarness()
    const out = h.register({ keyManagementCompatibility: true })
    expect(acks(out)[0]?.msg.keyManagementCompatibility).toBe(false)
    expect(h.ha.bindings()[0]?.flags.keyManagementCompatibility).toBe(false)
  })
})

describe('lifetime (RFC 6275 §10.3.1)', () => {
  const granted = (settings: ReturnType<typeof labSettings>, units: number) => {
    const h = new HaHarness(settings)
    return acks(h.register({ lifetimeUnits4s: units }))[0]?.msg.lifetimeUnits4s
  }

  it('cuts the lifetime to the home prefix valid lifetime', () => {
    expect(granted(labSettings(), 65535)).toBe(21_600)
  })

  it('cuts the lifetime to HaMaxBindingLife', () => {
    expect(granted(labSettings({ maxBindingLifetimeS: 3600 }), 65535)).toBe(900)
    expect(granted(labSettings({ maxBindingLifetimeS: 3602 }), 65535)).toBe(900)
  })

  it('grants the whole request under an infinite prefix lifetime and keeps a shorter request', () => {
    const infinite = homeLink()
    infinite.prefixes[0]!.validLifetimeS = 0xffffffff
    expect(granted(homeAgentSettings([infinite]), 65535)).toBe(65535)
    expect(granted(labSettings(), 75)).toBe(75)
  })

  it('refuses with 132 when the prefix has less than 4 s left', () => {
    const link = homeLink()
    link.prefixes[0]!.validLifetimeS = 3
    const h = new HaHarness(homeAgentSettings([link]))
    expect(acks(h.bu())[0]?.msg.status).toBe(BindingAckStatus.notHomeSubnet)
  })
})

describe('rejections, each with its status', () => {
  it('131 for a BU without H to a home agent that holds a binding for the address', () => {
    const h = new HaHarness()
    h.register({ sequence: 1 })
    const out = h.bu({ sequence: 2, homeRegistration: false })
    expect(acks(out)[0]?.msg).toMatchObject({
      status: BindingAckStatus.homeRegistrationNotSupported,
      lifetimeUnits4s: 0,
    })
    expect(events(out)).toMatchObject([{ event: 'binding-rejected', status: 131 }])
  })

  it('132 for a home address outside the home prefixes', () => {
    const h = new HaHarness()
    const out = h.bu({}, { homeAddress: mustParse('2001:db8:5::beef') })
    expect(acks(out)[0]?.msg.status).toBe(BindingAckStatus.notHomeSubnet)
    expect(h.ha.bindings()).toEqual([])
  })

  it('129 when the binding ACL denies the home address', () => {
    const deny = new HaHarness(
      labSettings({
        bindingAcl: { defaultPolicy: 'allow', entries: [{ homeAddress: HOA, policy: 'deny' }] },
      }),
    )
    expect(acks(deny.bu())[0]?.msg.status).toBe(BindingAckStatus.administrativelyProhibited)
    const byDefault = new HaHarness(labSettings({ bindingAcl: { defaultPolicy: 'deny', entries: [] } }))
    expect(acks(byDefault.bu())[0]?.msg.status).toBe(129)
    const listed = new HaHarness(
      labSettings({
        bindingAcl: { defaultPolicy: 'deny', entries: [{ homeAddress: HOA, policy: 'allow' }] },
      }),
    )
    expect(acks(listed.register())[0]?.msg.status).toBe(0)
  })

  it('129 for a home address that is the Home Agent`s own or its anycast address', () => {
    const h = new HaHarness()
    expect(acks(h.bu({}, { homeAddress: HA }))[0]?.msg.status).toBe(129)
    h.advance(1000)
    const anycast = mustParse('2001:db8::fdff:ffff:ffff:fffe')
    expect(acks(h.bu({}, { homeAddress: anycast }))[0]?.msg.status).toBe(129)
    expect(h.ha.bindings()).toEqual([])
  })

  it('130 when the binding cache is full', () => {
    const h = new HaHarness(labSettings({ maxBindings: 1 }))
    h.register()
    const out = h.bu({}, { homeAddress: mustParse('2001:db8::cafe'), source: COA2 })
    expect(acks(out)[0]?.msg.status).toBe(BindingAckStatus.insufficientResources)
    expect(h.ha.bindings()).toHaveLength(1)
  })

  it('128 when the home link is down: the address could not be defended', () => {
    const h = new HaHarness()
    h.input({ kind: 'link', ifname: 'wlan0', link: { up: false, mac: undefined, linkLocal: undefined } })
    expect(acks(h.bu())[0]?.msg.status).toBe(BindingAckStatus.reasonUnspecified)
  })

  it('133 for a deregistration without a binding', () => {
    const h = new HaHarness()
    expect(acks(h.bu({ lifetimeUnits4s: 0 }))[0]?.msg.status).toBe(
      BindingAckStatus.notHomeAgentForThisMobileNode,
    )
  })

  it('135 with the last accepted sequence number for an old or repeated one', () => {
    const h = new HaHarness()
    h.register({ sequence: 19429 })
    h.advance(1000)
    for (const sequence of [19428, 19429]) {
      h.advance(1000)
      const [ba] = acks(h.bu({ sequence }))
      expect(ba?.msg).toMatchObject({ status: BindingAckStatus.sequenceNumberOutOfWindow, sequence: 19429 })
    }
    expect(h.ha.bindings()[0]?.sequence).toBe(19429)
  })

  it('a rejected BU leaves the binding as it was', () => {
    const h = new HaHarness()
    h.register({ sequence: 7 })
    const before = h.ha.bindings()
    h.bu({ sequence: 6 }, { source: COA2 })
    expect(h.ha.bindings()).toEqual(before)
  })
})

describe('sequence numbers modulo 2^16 (RFC 6275 §9.5.1)', () => {
  it('accepts 0 after 65535', () => {
    const h = new HaHarness()
    h.register({ sequence: 65535 })
    const [ba] = acks(h.bu({ sequence: 0 }))
    expect(ba?.msg).toMatchObject({ status: 0, sequence: 0 })
  })

  it('refuses 65535 after 0, and anything 32768 or more behind', () => {
    const h = new HaHarness()
    h.register({ sequence: 0 })
    expect(acks(h.bu({ sequence: 65535 }))[0]?.msg).toMatchObject({ status: 135, sequence: 0 })
    h.advance(1000)
    expect(acks(h.bu({ sequence: 32768 }))[0]?.msg).toMatchObject({ status: 135, sequence: 0 })
    h.advance(1000)
    expect(acks(h.bu({ sequence: 32767 }))[0]?.msg).toMatchObject({ status: 0, sequence: 32767 })
  })
})

describe('refresh', () => {
  it('moves the binding to a new care-of address at once, with a fresh lifetime', () => {
    const h = new HaHarness()
    h.register({ sequence: 1 })
    h.advance(60_000)
    const out = h.bu({ sequence: 2 }, { source: COA2 })
    expect(icmpSends(out, 'dad-probe')).toEqual([])
    expect(kinds(out)).toEqual(['binding-changed', 'send-mh', 'event:binding-refreshed'])
    const changed = out.find((a) => a.kind === 'binding-changed')
    expect(changed).toMatchObject({
      careOfAddressChanged: true,
      binding: { careOfAddress: COA2, sequence: 2 },
    })
    expect(acks(out)[0]).toMatchObject({ destination: COA2, msg: { status: 0, sequence: 2 } })
    expect(h.ha.bindings()[0]?.expiresAt).toBe(h.now + 86_400_000)
  })
})

describe('deregistration (RFC 6275 §10.3.2)', () => {
  it('lifetime 0 from away: proxying stops, the BA goes to the care-of address', () => {
    const h = new HaHarness()
    h.register({ sequence: 1 })
    const out = h.bu({ sequence: 2, lifetimeUnits4s: 0 })
    expect(kinds(out)).toEqual(['proxy-stop', 'binding-removed', 'send-mh', 'event:binding-deregistered'])
    expect(acks(out)[0]).toMatchObject({
      destination: COA,
      type2Routing: HOA,
      msg: { status: 0, sequence: 2, lifetimeUnits4s: 0 },
    })
    expect(h.ha.bindings()).toEqual([])
  })

  it('returning home (§11.5.4): from the home address without a HAO, no DAD, BA straight to it', () => {
    const h = new HaHarness()
    h.register({ sequence: 1 })
    const out = h.bu(
      { sequence: 2, lifetimeUnits4s: 0 },
      { source: HOA, homeAddress: undefined, ifname: 'wlan0' },
    )
    expect(icmpSends(out, 'dad-probe')).toEqual([])
    expect(kinds(out)).toEqual(['proxy-stop', 'binding-removed', 'send-mh', 'event:binding-deregistered'])
    expect(acks(out)[0]).toMatchObject({
      ifname: 'wlan0',
      source: HA,
      destination: HOA,
      type2Routing: undefined,
      msg: { status: 0, lifetimeUnits4s: 0 },
    })
  })

  it('a care-of address equal to the home address deregisters whatever the lifetime', () => {
    const h = new HaHarness()
    h.register({ sequence: 1 })
    const out = h.bu(
      { sequence: 2, lifetimeUnits4s: 100 },
      { source: HOA, homeAddress: HOA, ifname: 'wlan0' },
    )
    expect(acks(out)[0]).toMatchObject({
      destination: HOA,
      type2Routing: undefined,
      msg: { lifetimeUnits4s: 0 },
    })
    expect(h.ha.bindings()).toEqual([])
  })
})

describe('expiry', () => {
  it('removes the binding and stops proxying when its lifetime runs out', () => {
    const h = new HaHarness()
    h.register({ lifetimeUnits4s: 15 })
    expect(h.advance(59_999).filter((a) => a.kind === 'binding-removed')).toEqual([])
    const out = h.advance(1)
    expect(kinds(out)).toEqual(['proxy-stop', 'binding-removed', 'event:binding-expired'])
    expect(h.ha.bindings()).toEqual([])
    expect(h.ha.nextTimeout()).toBeUndefined()
  })
})

describe('Binding Refresh Request (RFC 6275 §9.5.5) and Refresh Advice (§10.3.1)', () => {
  const settings = labSettings({ bindingRefresh: { enabled: true, beforeExpiryS: 60 } })

  it('advises a refresh interval shorter than the lifetime', () => {
    const h = new HaHarness(settings)
    const [ba] = acks(h.register({ lifetimeUnits4s: 75 }))
    expect(ba?.msg.options.filter((o) => o.kind === 'binding-refresh-advice')).toEqual([
      { kind: 'binding-refresh-advice', refreshIntervalUnits4s: 60 },
    ])
  })

  it('sends a BRR to the home address through the tunnel 60 s before expiry, and rearms on refresh', () => {
    const h = new HaHarness(settings)
    h.register({ sequence: 1, lifetimeUnits4s: 75 })
    const registeredAt = h.now
    h.advance(239_999)
    expect(mhSends(h.advance(0), 'binding-refresh-request')).toEqual([])
    const brr = mhSends(h.advance(1), 'binding-refresh-request')
    expect(brr).toMatchObject([
      {
        source: HA,
        destination: HOA,
        tunnelTo: COA,
        type2Routing: undefined,
        msg: { kind: 'binding-refresh-request' },
      },
    ])
    expect(h.now - registeredAt).toBe(240_000)
    h.bu({ sequence: 2, lifetimeUnits4s: 75 })
    expect(mhSends(h.advance(59_000), 'binding-refresh-request')).toEqual([])
    expect(h.ha.bindings()).toHaveLength(1)
  })

  it('sends no advice and no BRR when off', () => {
    const h = new HaHarness()
    const [ba] = acks(h.register({ lifetimeUnits4s: 75 }))
    expect(ba?.msg.options.filter((o) => o.kind !== 'pad1' && o.kind !== 'padn')).toEqual([])
    expect(mhSends(h.advance(300_000), 'binding-refresh-request')).toEqual([])
  })
})

describe('DAD (RFC 6275 §10.4.1)', () => {
  it('refuses with 134 when a node answers for the home address', () => {
    const h = new HaHarness()
    h.bu({ sequence: 5 })
    h.advance(400)
    const out = h.input(neighborAdvert(HOA))
    expect(acks(out)[0]?.msg).toMatchObject({
      status: BindingAckStatus.duplicateAddressDetectionFailed,
      sequence: 5,
    })
    expect(events(out)).toMatchObject([{ event: 'binding-rejected', status: 134 }])
    expect(h.ha.bindings()).toEqual([])
    expect(acks(h.advance(2000))).toEqual([])
    expect(h.ha.counters.dadConflicts).toBe(1)
  })

  it('refuses with 134 when another node probes the same address meanwhile', () => {
    const h = new HaHarness()
    h.bu()
    expect(acks(h.input(dadProbeFrom(HOA)))[0]?.msg.status).toBe(134)
  })

  it('ignores its own probe looped back', () => {
    const h = new HaHarness()
    h.bu()
    expect(h.input(dadProbeFrom(HOA, new Uint8Array([0x00, 0x02, 0x6f, 0x06, 0x0b, 0xcf])))).toEqual([])
    expect(acks(h.advance(1000))[0]?.msg.status).toBe(0)
  })

  it('coalesces BUs that arrive during DAD: one probe, one BA, the newest sequence wins', () => {
    const h = new HaHarness()
    const out = [...h.bu({ sequence: 10 })]
    h.advance(300)
    out.push(...h.bu({ sequence: 11 }, { source: COA2 }))
    h.advance(300)
    out.push(...h.bu({ sequence: 11 }))
    out.push(...h.bu({ sequence: 9 }))
    out.push(...h.advance(400))
    expect(icmpSends(out, 'dad-probe')).toHaveLength(1)
    const bas = acks(out)
    expect(bas).toHaveLength(1)
    expect(bas[0]).toMatchObject({ destination: COA2, msg: { status: 0, sequence: 11 } })
    expect(h.clock.log.filter((t) => t.action.kind === 'send-mh').map((t) => t.at)).toEqual([1000])
    expect(h.ha.counters.drops.coalesced).toBe(2)
  })

  it('a deregistration during DAD ends it', () => {
    const h = new HaHarness()
    h.bu({ sequence: 1 })
    const out = h.bu({ sequence: 2, lifetimeUnits4s: 0 })
    expect(acks(out)[0]?.msg).toMatchObject({ status: 0, sequence: 2, lifetimeUnits4s: 0 })
    expect(h.ha.bindings()).toEqual([])
    expect(acks(h.advance(2000))).toEqual([])
  })
})

describe('Mobility Header checks (RFC 6275 §9.2, §9.5.1)', () => {
  it('drops a BU without a Home Address option unless it is the returning-home deregistration', () => {
    const h = new HaHarness()
    expect(h.bu({}, { homeAddress: undefined })).toMatchObject([{ kind: 'log', level: 'debug' }])
    expect(h.ha.counters.drops['no-home-address-option']).toBe(1)
    expect(h.ha.bindings()).toEqual([])
  })

  it('drops a BU with a bad checksum, a routing header, or a wrong Payload Proto, and counts each', () => {
    const h = new HaHarness()
    const bad = mobilityInput(bindingUpdate())
    bad.mh[4]! ^= 0xff
    expect(acks(h.input(bad))).toEqual([])
    expect(acks(h.bu({}, { hasType2Routing: true }))).toEqual([])
    expect(acks(h.bu({ payloadProto: 6 }))).toEqual([])
    expect(h.ha.counters.drops).toMatchObject({
      'bad-checksum': 1,
      'mh-with-routing-header': 1,
      'bad-payload-proto': 1,
    })
  })

  it('drops truncated and mis-sized Mobility Headers', () => {
    const h = new HaHarness()
    const good = mobilityInput(bindingUpdate())
    for (const mh of [good.mh.subarray(0, 7), good.mh.subarray(0, 15), new Uint8Array(0)])
      expect(h.input({ ...good, mh }).filter((a) => a.kind !== 'log')).toEqual([])
    expect(h.ha.counters.drops.malformed).toBe(3)
  })

  it('answers an unknown MH Type with Binding Error status 2 to the source', () => {
    const h = new HaHarness()
    const unknown = { kind: 'unknown' as const, ...MH_COMMON_DEFAULTS, mhType: 42, raw: new Uint8Array(2) }
    const withHao = mhSends(h.input(mobilityInput(unknown)), 'binding-error')
    expect(withHao).toMatchObject([
      {
        source: HA,
        destination: COA,
        type2Routing: undefined,
        msg: { kind: 'binding-error', status: BindingErrorStatus.unrecognizedMhType, homeAddress: HOA },
      },
    ])
    const without = mhSends(h.input(mobilityInput(unknown, { homeAddress: undefined })), 'binding-error')
    expect(without[0]?.msg).toMatchObject({ status: 2, homeAddress: UNSPECIFIED })
  })

  it('answers a BU without H and without a binding with Binding Error status 1 (§9.3.3)', () => {
    const h = new HaHarness()
    const out = h.bu({ homeRegistration: false })
    expect(acks(out)).toEqual([])
    expect(mhSends(out, 'binding-error')).toMatchObject([
      {
        destination: COA,
        msg: { status: BindingErrorStatus.unknownBindingForHomeAddressOption, homeAddress: HOA },
      },
    ])
  })

  it('ignores BUs sent to an address that is not one of ours, and other MH types', () => {
    const h = new HaHarness()
    expect(acks(h.bu({}, { destination: mustParse('2001:db8::99') }))).toEqual([])
    const brr = { kind: 'binding-refresh-request' as const, ...MH_COMMON_DEFAULTS, reserved: 0, options: [] }
    expect(h.input(mobilityInput(brr))).toEqual([])
    expect(h.ha.counters.drops).toMatchObject({ 'not-our-address': 1, 'unexpected-mh': 1 })
  })

  it('refuses multicast and link-local home or care-of addresses', () => {
    const h = new HaHarness()
    h.bu({}, { homeAddress: mustParse('ff02::1') })
    h.bu({}, { source: mustParse('fe80::1') })
    expect(h.ha.counters.drops).toMatchObject({ 'bad-home-address': 1, 'bad-care-of-address': 1 })
  })

  it('counts what it receives by message type and what it sends by status', () => {
    const h = new HaHarness()
    h.register()
    h.bu({ sequence: 54813 })
    expect(h.ha.counters.received).toMatchObject({ mobility: 2, 'mh:binding-update': 2 })
    expect(h.ha.counters.bindingAcks).toEqual({ 0: 1, 135: 1 })
  })
})

describe('rate limit: MAX_UPDATE_RATE replies a second per peer (RFC 4443 §2.4 (f))', () => {
  it('sends at most 3 BAs at once to one care-of address, then 3 a second', () => {
    const h = new HaHarness()
    h.register({ sequence: 100 })
    h.advance(2000)
    let sent = 0
    for (let i = 0; i < 6; i++) sent += acks(h.bu({ sequence: 1 })).length
    expect(sent).toBe(3)
    expect(h.ha.counters.drops['rate-limited']).toBe(3)
    h.advance(334)
    expect(acks(h.bu({ sequence: 1 }))).toHaveLength(1)
    expect(acks(h.bu({ sequence: 1 }))).toHaveLength(0)
    // Another peer has its own bucket.
    expect(acks(h.bu({ sequence: 1 }, { source: COA2 }))).toHaveLength(1)
  })

  it('limits Binding Errors the same way', () => {
    const h = new HaHarness()
    const unknown = { kind: 'unknown' as const, ...MH_COMMON_DEFAULTS, mhType: 99, raw: new Uint8Array(2) }
    let sent = 0
    for (let i = 0; i < 10; i++) sent += mhSends(h.input(mobilityInput(unknown)), 'binding-error').length
    expect(sent).toBe(3)
  })
})

describe('configuration', () => {
  it('ends the bindings of a home link that is no longer served', () => {
    const h = new HaHarness()
    h.register()
    const out = h.ha.configure(homeAgentSettings([]), h.now)
    expect(kinds(out)).toEqual(['proxy-stop', 'binding-removed', 'event:binding-deregistered'])
    expect(h.ha.bindings()).toEqual([])
  })

  it("ends one binding on an operator's command, and ignores a home address without one", () => {
    const h = new HaHarness()
    h.register()
    expect(h.ha.dropBinding(mustParse('2001:db8::dead'), h.now)).toEqual([])
    const out = h.ha.dropBinding(HOA, h.now)
    expect(kinds(out)).toEqual(['proxy-stop', 'binding-removed', 'event:binding-deregistered'])
    expect(h.ha.bindings()).toEqual([])
  })

  it('refuses authentication settings without an HMAC function', () => {
    const h = new HaHarness()
    expect(() =>
      h.ha.configure(
        labSettings({
          authentication: { required: true, keys: [], requireReplayProtection: false, replayWindowS: 7 },
        }),
        0,
      ),
    ).toThrow(/hmacSha1/)
  })

  it('encodes every message it sends', () => {
    const h = new HaHarness(labSettings({ bindingRefresh: { enabled: true, beforeExpiryS: 60 } }))
    const out = [...h.register({ lifetimeUnits4s: 100, linkLocalCompatibility: true }), ...h.advance(400_000)]
    for (const a of out) if (a.kind === 'send-mh') expect(() => encode(MobilityMessage, a.msg)).not.toThrow()
  })
})
