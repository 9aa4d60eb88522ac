// Dynamic Home Agent Address Discovery (RFC 6275 §10.5) and the home agents list (§10.5.1).
import { formatAddress, type HaadReply, homeAgentsAnycast, mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { HaAction } from './actions'
import { MAX_HAAD_ADDRESSES } from './home-agents-list'
import type { HaInput } from './inputs'
import { homeAgentSettings } from './settings'
import { COA, HA, HaHarness, homeLink, icmpSends } from './testing/harness'

const ANYCAST = homeAgentsAnycast({ address: mustParse('2001:db8::'), length: 64 })

function request(identifier = 0x1234, destination = ANYCAST): HaInput {
  return {
    kind: 'haad-request',
    ifname: 'wlan1',
    source: COA,
    destination,
    msg: { kind: 'haad-request', code: 0, checksum: 0, identifier, reserved: 0 },
  }
}

function heard(n: number, preference: number, lifetimeS = 1800): HaInput {
  return {
    kind: 'home-agent-heard',
    ifname: 'wlan0',
    linkLocal: mustParse(`fe80::${n.toString(16)}`),
    addresses: [mustParse(`2001:db8::${n.toString(16)}`)],
    preference,
    lifetimeS,
  }
}

function replyOf(actions: HaAction[]): HaadReply | undefined {
  const [sent] = icmpSends(actions, 'haad-reply')
  return sent?.msg.kind === 'haad-reply' ? sent.msg : undefined
}

const listed = (reply: HaadReply | undefined) => reply?.homeAgents.map(formatAddress)

describe('DHAAD Reply', () => {
  it('answers a request to the Home-Agents anycast address from its own address, identifier copied', () => {
    const h = new HaHarness()
    expect(formatAddress(ANYCAST)).toBe('2001:db8::fdff:ffff:ffff:fffe')
    const [sent] = icmpSends(h.input(request(0xbeef)), 'haad-reply')
    expect(sent).toMatchObject({
      source: HA,
      destination: COA,
      type2Routing: undefined,
      hopLimit: undefined,
      msg: { kind: 'haad-reply', code: 0, identifier: 0xbeef, homeAgents: [HA] },
    })
  })

  it('lists home agents by preference, highest first, itself included', () => {
    const h = new HaHarness()
    h.input(heard(2, 10))
    h.input(heard(3, -5))
    expect(listed(replyOf(h.input(request())))).toEqual(['2001:db8::2', '2001:db8::', '2001:db8::3'])
  })

  it('shuffles home agents of equal preference with the injected rng, replayably', () => {
    const orders = (seed: number) => {
      const h = new HaHarness(undefined, { seed })
      for (const n of [2, 3, 4]) h.input(heard(n, 7))
      const seen: string[] = []
      for (let i = 0; i < 30; i++) {
        h.advance(1000)
        seen.push(listed(replyOf(h.input(request())))!.join(' '))
      }
      return seen
    }
    const a = orders(42)
    expect(orders(42)).toEqual(a)
    expect(new Set(a).size).toBe(6)
    for (const order of a) expect(order.endsWith('2001:db8::')).toBe(true)
  })

  it('forgets home agents whose lifetime ran out, and those that said lifetime 0', () => {
    const h = new HaHarness()
    h.input(heard(2, 1, 10))
    h.input(heard(3, 1))
    h.advance(10_000)
    expect(listed(replyOf(h.input(request())))).toEqual(['2001:db8::3', '2001:db8::'])
    h.input(heard(3, 1, 0))
    h.advance(1000)
    expect(listed(replyOf(h.input(request())))).toEqual(['2001:db8::'])
  })

  it('fits the minimum IPv6 MTU', () => {
    const h = new HaHarness()
    for (let n = 1; n <= 100; n++) h.input(heard(0x100 + n, n % 3))
    const reply = replyOf(h.input(request()))
    expect(reply?.homeAgents).toHaveLength(MAX_HAAD_ADDRESSES)
    expect(40 + 8 + 16 * MAX_HAAD_ADDRESSES).toBeLessThanOrEqual(1280)
    expect(40 + 8 + 16 * (MAX_HAAD_ADDRESSES + 1)).toBeGreaterThan(1280)
  })

  it('lists only addresses in the requested home prefix', () => {
    const link = homeLink({ addresses: [HA, mustParse('2001:db8:7::1')] })
    link.prefixes.push({ ...link.prefixes[0]!, prefix: { address: mustParse('2001:db8:7::'), length: 64 } })
    const h = new HaHarness(homeAgentSettings([link]))
    h.input({ ...heard(2, 0), addresses: [mustParse('2001:db8:7::2')] } as HaInput)
    const other = homeAgentsAnycast({ address: mustParse('2001:db8:7::'), length: 64 })
    expect(listed(replyOf(h.input(request(1, other))))).toEqual(['2001:db8:7::1', '2001:db8:7::2'])
    const [sent] = icmpSends(h.input(request(2, other)), 'haad-reply')
    expect(sent?.source).toEqual(mustParse('2001:db8:7::1'))
    expect(listed(replyOf(h.input(request(3))))).toEqual(['2001:db8::'])
  })

  it('ignores requests to other addresses, and home agents heard on other links', () => {
    const h = new HaHarness()
    expect(h.input(request(1, HA))).toEqual([])
    expect(h.input({ ...heard(2, 1), ifname: 'wlan1' } as HaInput)).toEqual([])
    expect(h.ha.counters.drops).toMatchObject({ 'haad-not-anycast': 1, 'not-home-link': 1 })
  })
})
