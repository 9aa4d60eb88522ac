// RFC 6275 §11.4.1: DHAAD when no home agent is configured, and home agents heard at home.
import { BindingAckStatus, homeAgentsAnycast, mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { DHAAD_RETRIES } from './constants'
import type { HaadReplyInput } from './inputs'
import {
  bindingAckMsg,
  bus,
  COA,
  events,
  fromHomeAgent,
  HA,
  HA2,
  HOME_LINK,
  icmpSends,
  labSettings,
  MnHarness,
  VISITED_LINK,
} from './testing/harness'

const ANYCAST = homeAgentsAnycast({ address: mustParse('2001:db8::'), length: 64 })

function reply(identifier: number, homeAgents = [HA]): HaadReplyInput {
  return {
    kind: 'haad-reply',
    ifname: 'wlan0',
    source: HA,
    destination: COA,
    msg: { kind: 'haad-reply', code: 0, checksum: 0, identifier, reserved: 0, homeAgents },
  }
}

function dhaadOnVisitedLink() {
  const h = new MnHarness(labSettings({ homeAgent: undefined }))
  const out = h.ra(VISITED_LINK, { advIntervalMs: undefined, routerLifetimeS: 9000 })
  const [request] = icmpSends(out, 'dhaad-request')
  if (request?.msg.kind !== 'haad-request') throw new Error('no DHAAD request')
  return { h, out, identifier: request.msg.identifier }
}

describe('dynamic home agent address discovery', () => {
  it('asks the Home-Agents anycast address of the home prefix, from the care-of address', () => {
    const { out } = dhaadOnVisitedLink()
    expect(bus(out)).toEqual([])
    expect(ANYCAST).toEqual(mustParse('2001:db8::fdff:ffff:ffff:fffe'))
    expect(icmpSends(out, 'dhaad-request')).toMatchObject([
      { source: COA, destination: ANYCAST, homeAddress: undefined, msg: { kind: 'haad-request' } },
    ])
  })

  it('registers with the first home agent of the reply', () => {
    const { h, identifier } = dhaadOnVisitedLink()
    const out = h.input(reply(identifier, [HA2, HA]))
    expect(events(out, 'home-agent-discovered')).toMatchObject([{ homeAgents: [HA2, HA], via: 'dhaad' }])
    expect(bus(out)).toMatchObject([{ source: COA, destination: HA2 }])
  })

  it('ignores a reply with another identifier', () => {
    const { h, identifier } = dhaadOnVisitedLink()
    expect(h.input(reply((identifier + 1) & 0xffff))).toEqual([])
    expect(h.mn.counters.drops['dhaad-unexpected']).toBe(1)
  })

  it('retransmits after 3 s, doubling, DHAAD_RETRIES times, then reports failure', () => {
    const { h } = dhaadOnVisitedLink()
    const out = h.advance(200_000)
    const at = h.clock.log.filter((t) => t.action.kind === 'send-icmp').map((t) => t.at)
    expect(at).toEqual([0, 3000, 9000, 21_000, 45_000])
    expect(at).toHaveLength(1 + DHAAD_RETRIES)
    expect(events(out, 'dhaad-failed')).toMatchObject([{ now: 93_000 }])
  })

  it('tries the next discovered home agent when one refuses', () => {
    const { h, identifier } = dhaadOnVisitedLink()
    h.input(reply(identifier, [HA2, HA]))
    const refused = h.input(
      fromHomeAgent(
        bindingAckMsg({
          status: BindingAckStatus.notHomeSubnet,
          sequence: h.lastBu().msg.sequence,
          lifetimeUnits4s: 0,
        }),
        HA2,
      ),
    )
    expect(events(refused, 'bu-rejected')).toMatchObject([{ status: 132, willRetry: true }])
    expect(bus(refused)).toMatchObject([{ destination: HA }])
  })

  it('learns the home agent from an RA with the H flag on the home link', () => {
    const h = new MnHarness(labSettings({ homeAgent: undefined }))
    const out = h.ra(HOME_LINK)
    expect(bus(out)).toMatchObject([{ destination: HA, source: mustParse('2001:db8::beef') }])
    expect(h.mn.homeAgent()).toEqual(HA)
  })
})
