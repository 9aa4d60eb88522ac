// RFC 6275 §11.4.2-11.4.3: Mobile Prefix Solicitation and Advertisement.
import { BindingAckStatus } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { MobilePrefixAdvertInput } from './inputs'
import {
  COA,
  events,
  HA,
  HOA,
  HOME_LINK,
  icmpSends,
  MnHarness,
  mobilePrefixAdvert,
  VISITED_LINK,
} from './testing/harness'

function advert(identifier: number, validLifetimeS: number): MobilePrefixAdvertInput {
  return {
    kind: 'mobile-prefix-advert',
    ifname: 'wlan0',
    source: HA,
    destination: COA,
    msg: mobilePrefixAdvert(identifier, validLifetimeS),
  }
}

function solicitations(h: MnHarness) {
  return h.clock.log.filter(
    (t) => t.action.kind === 'send-icmp' && t.action.reason === 'mobile-prefix-solicit',
  )
}

/** Starts at home (the RA says the home prefix lives 86400 s), then registers away. */
function awayAfterHome(): MnHarness {
  const h = new MnHarness()
  h.ra(HOME_LINK, { advIntervalMs: undefined })
  h.ack({ status: BindingAckStatus.notHomeAgentForThisMobileNode, lifetimeUnits4s: 0 })
  h.advance(30_000)
  h.ra(VISITED_LINK, { advIntervalMs: undefined, routerLifetimeS: 9000 })
  h.ack()
  return h
}

function identifierOf(h: MnHarness): number {
  const last = solicitations(h).at(-1)?.action
  if (last?.kind !== 'send-icmp' || last.msg.kind !== 'mobile-prefix-solicit')
    throw new Error('no solicitation')
  return last.msg.identifier
}

describe('mobile prefix discovery', () => {
  it('solicits at 90 % of the home prefix`s lifetime, from the care-of address with a home address option', () => {
    const h = awayAfterHome()
    h.advance(77_760_000 - h.now - 1)
    expect(solicitations(h)).toEqual([])
    const out = h.advance(1)
    expect(icmpSends(out, 'mobile-prefix-solicit')).toMatchObject([
      { source: COA, destination: HA, homeAddress: HOA, msg: { kind: 'mobile-prefix-solicit' } },
    ])
  })

  it('solicits at 90 % of the binding`s lifetime when the home prefix`s is unknown', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK, { advIntervalMs: undefined, routerLifetimeS: 9000 })
    h.ack({ lifetimeUnits4s: 1000 })
    h.advance(3_600_000)
    expect(solicitations(h).map((t) => t.at)).toEqual([3_600_000])
  })

  it('applies a solicited advertisement: the home prefix lifetime, and the next solicitation from it', () => {
    const h = awayAfterHome()
    h.advance(77_760_000 - h.now)
    const sentAt = h.now
    h.advance(100)
    const out = h.input(advert(identifierOf(h), 7200))
    expect(events(out, 'mobile-prefix-updated')).toMatchObject([{ validLifetimeS: 7200 }])
    // No retransmission once answered; the next one at 90 % of 7200 s from the solicitation.
    h.advance(sentAt + 6_480_000 - h.now)
    expect(solicitations(h).map((t) => t.at)).toEqual([sentAt, sentAt + 6_480_000])
  })

  it('retransmits an unanswered solicitation after 3 s, doubling while below 32 s', () => {
    const h = awayAfterHome()
    h.advance(77_760_000 - h.now)
    const first = h.now
    h.advance(200_000)
    expect(solicitations(h).map((t) => t.at - first)).toEqual([0, 3000, 9000, 21_000, 45_000])
  })

  it('answers an unsolicited advertisement with a solicitation, and applies only the answer', () => {
    const h = awayAfterHome()
    const out = h.input(advert(4242, 600))
    expect(events(out, 'mobile-prefix-updated')).toEqual([])
    expect(icmpSends(out, 'mobile-prefix-solicit')).toHaveLength(1)
    expect(events(h.input(advert(identifierOf(h), 600)), 'mobile-prefix-updated')).toHaveLength(1)
  })

  it('solicits at once on BA status 1 (prefix discovery necessary)', () => {
    const h = new MnHarness()
    h.ra(VISITED_LINK)
    const out = h.ack({ status: BindingAckStatus.acceptedPrefixDiscoveryNecessary })
    expect(events(out, 'registered')).toHaveLength(1)
    expect(icmpSends(out, 'mobile-prefix-solicit')).toHaveLength(1)
  })

  it('stops soliciting on returning home', () => {
    const h = awayAfterHome()
    h.advance(77_760_000 - h.now)
    h.advance(2000)
    h.ra(HOME_LINK)
    const before = solicitations(h).length
    h.advance(100_000)
    expect(solicitations(h)).toHaveLength(before)
  })
})
