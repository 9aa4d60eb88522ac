// RFC 6275 §11.5.4 and seed 001 §3.2.5: returning home.
import { ALL_NODES, BindingAckStatus } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { RETRANS_TIMER_MS } from './constants'
import {
  bus,
  COA,
  events,
  HA,
  HOA,
  HOME_LINK,
  icmpSends,
  kinds,
  LINK_LOCAL,
  labSettings,
  MAC,
  MnHarness,
  VISITED_LINK,
} from './testing/harness'

/** Registered on the visited link, then the home router's RA once the visited one is silent. */
function backHome(h: MnHarness) {
  h.registerOnVisitedLink()
  h.advance(30_000)
  return h.ra(HOME_LINK)
}

describe('returning home', () => {
  it('sends a lifetime 0 BU from the home link on returning home', () => {
    const h = new MnHarness()
    const out = backHome(h)
    expect(kinds(out)).toEqual(['event:movement-detected', 'address-add', 'send-bu', 'event:bu-sent'])
    // No DAD for the home address: the home agent still defends it (§11.5.4).
    expect(out[1]).toMatchObject({ kind: 'address-add', address: HOA, role: 'home', dad: false })
    expect(bus(out)[0]).toMatchObject({
      source: HOA,
      destination: HA,
      homeAddress: undefined,
      msg: { homeRegistration: true, acknowledge: true, lifetimeUnits4s: 0 },
    })
    expect(events(out, 'bu-sent')[0]).toMatchObject({ careOf: HOA, lifetimeS: 0 })
    // Neither the tunnel nor the care-of address goes before the BA.
    expect(out.some((a) => a.kind === 'tunnel-down' || a.kind === 'address-remove')).toBe(false)
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({ state: 'deregistering', timeoutMs: 1000 })
  })

  it('after the BA takes the tunnel and care-of address down and announces the home address', () => {
    const h = new MnHarness()
    backHome(h)
    const out = h.ack({ lifetimeUnits4s: 0 })
    expect(kinds(out)).toEqual([
      'event:ba-received',
      'tunnel-down',
      'address-remove',
      'send-icmp',
      'event:returned-home',
    ])
    expect(out[2]).toMatchObject({ address: COA, role: 'care-of' })
    expect(icmpSends(out, 'home-announce')[0]).toMatchObject({
      source: HOA,
      destination: ALL_NODES,
      hopLimit: 255,
      msg: {
        kind: 'neighbor-advert',
        override: true,
        solicited: false,
        router: false,
        target: HOA,
        options: [{ kind: 'target-lla', address: MAC }],
      },
    })
    expect(events(out, 'returned-home')).toMatchObject([{ deregistered: true }])
    // MAX_NEIGHBOR_ADVERTISEMENT in all, RetransTimer apart.
    const at = h.now
    h.advance(10_000)
    const announced = h.clock.log.filter(
      (t) => t.action.kind === 'send-icmp' && t.action.reason === 'home-announce',
    )
    expect(announced.map((t) => t.at - at)).toEqual([0, RETRANS_TIMER_MS, 2 * RETRANS_TIMER_MS])
    expect(h.mn.bindingUpdateList()[0]).toMatchObject({ state: 'idle', expiresAt: undefined })
    expect(bus(h.advance(100_000))).toEqual([])
  })

  it('announces the link-local address too when the BUs carried L', () => {
    const hoa = new Uint8Array(HOA)
    hoa.set(LINK_LOCAL.subarray(8), 8)
    const h = new MnHarness(labSettings({ homeAddress: hoa }))
    h.ra(VISITED_LINK)
    expect(h.lastBu().msg.linkLocalCompatibility).toBe(true)
    h.ack()
    h.advance(30_000)
    h.ra(HOME_LINK)
    const targets = icmpSends(h.ack({ lifetimeUnits4s: 0 }), 'home-announce').map((a) => a.msg)
    expect(targets).toMatchObject([{ target: hoa }, { target: LINK_LOCAL }])
  })

  it('retransmits the deregistration after 1 s, doubling', () => {
    const h = new MnHarness()
    backHome(h)
    const start = h.now
    h.advance(3000)
    const at = h.clock.log
      .filter((t) => t.action.kind === 'send-bu' && t.at >= start)
      .map((t) => t.at - start)
    expect(at).toEqual([0, 1000, 3000])
  })

  it('takes status 133 to a deregistration as nothing to remove', () => {
    const h = new MnHarness()
    h.ra(HOME_LINK)
    const out = h.ack({ status: BindingAckStatus.notHomeAgentForThisMobileNode, lifetimeUnits4s: 0 })
    expect(events(out, 'returned-home')).toMatchObject([{ deregistered: true }])
  })

  it('deregisters at start-up on the home link, clearing a binding kept from an earlier run', () => {
    const h = new MnHarness()
    const out = h.ra(HOME_LINK)
    expect(events(out, 'movement-detected')).toMatchObject([{ reason: 'start', to: { atHome: true } }])
    expect(bus(out)).toMatchObject([{ source: HOA, homeAddress: undefined, msg: { lifetimeUnits4s: 0 } }])
  })

  it('stays at home without a deregistration when no home agent is known', () => {
    const h = new MnHarness(labSettings({ homeAgent: undefined }))
    const out = h.ra(HOME_LINK, { homeAgent: false })
    expect(bus(out)).toEqual([])
    expect(events(out, 'returned-home')).toMatchObject([{ deregistered: false }])
  })

  it('registers again when it leaves home before the BA', () => {
    const h = new MnHarness()
    backHome(h)
    h.advance(30_000)
    const out = h.ra(VISITED_LINK)
    expect(out.filter((a) => a.kind === 'address-remove')).toMatchObject([{ address: HOA, role: 'home' }])
    expect(bus(out)).toMatchObject([{ source: COA, homeAddress: HOA }])
    expect(h.mn.bindingUpdateList()[0]?.state).toBe('registering')
  })

  it('still settles at home when the home agent refuses the deregistration', () => {
    const h = new MnHarness()
    backHome(h)
    const out = h.ack({ status: BindingAckStatus.administrativelyProhibited, lifetimeUnits4s: 0 })
    expect(kinds(out)).toContain('tunnel-down')
    expect(events(out, 'bu-rejected')).toMatchObject([{ status: 129, willRetry: false }])
    expect(events(out, 'returned-home')).toMatchObject([{ deregistered: false }])
  })
})
