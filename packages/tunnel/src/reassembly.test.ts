// Reassembly of outer fragments (RFC 8200 §4.5, RFC 5722) at the tunnel exit point.
import { VirtualClock } from '@mip6/engine-kit/testing'
import {
  emitPacket,
  type HopByHopHeader,
  Icmpv6Message,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  Ipv6Header,
  padOptions,
  walkHeaderChain,
} from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import type { TunnelAction } from './actions'
import {
  CN,
  COA,
  HA,
  HOA,
  kinds,
  labTunnel,
  only,
  outerFragment,
  reverseTunnelled,
  STRANGER,
  udpPacket,
} from './testing/packets'

/** A 1000-octet packet from raven in its tunnel packet; its payload is the inner packet. */
const inner = udpPacket({ source: HOA, destination: CN, length: 1000 })
const tunnel = reverseTunnelled(inner)
const head = outerFragment(tunnel, { start: 0, end: 496, more: true })
const middle = outerFragment(tunnel, { start: 496, end: 800, more: true })
const tail = outerFragment(tunnel, { start: 800, end: 1000, more: false })
const outerHeader = (() => {
  const parsed = Ipv6Header.parse(tunnel)
  if (!parsed.ok) throw new Error('not IPv6')
  return parsed.value
})()

describe('reassembly', () => {
  it('holds fragments until the last is in, then forwards the inner packet', () => {
    const t = labTunnel()
    expect(t.decapsulate(head, 0)).toEqual([])
    expect(t.decapsulate(middle, 1)).toEqual([])
    expect(t.nextTimeout()).toBe(60_000)
    const actions = t.decapsulate(tail, 2)
    expect(kinds(actions)).toEqual(['forward'])
    expect(only(actions, 'forward')[0]!.packet).toEqual(inner)
    expect(t.counters).toMatchObject({ reassembled: 1, decapsulated: 1, drops: {} })
    expect(t.reassemblyLoad()).toEqual({ packets: 0, bytes: 0 })
    expect(t.nextTimeout()).toBeUndefined()
  })

  it('reassembles fragments in any order', () => {
    const t = labTunnel()
    expect(t.decapsulate(tail, 0)).toEqual([])
    expect(t.decapsulate(head, 0)).toEqual([])
    expect(only(t.decapsulate(middle, 0), 'forward')[0]!.packet).toEqual(inner)
  })

  it('keeps packets with different Identifications apart', () => {
    const t = labTunnel()
    const otherInner = udpPacket({ source: HOA, destination: CN, length: 1000, sourcePort: 9 })
    const other = reverseTunnelled(otherInner)
    t.decapsulate(head, 0)
    t.decapsulate(outerFragment(other, { start: 0, end: 496, more: true }, 7), 0)
    t.decapsulate(middle, 0)
    t.decapsulate(outerFragment(other, { start: 496, end: 1000, more: false }, 7), 0)
    const [forward] = only(t.decapsulate(tail, 0), 'forward')
    expect(forward!.packet).toEqual(inner)
    expect(t.counters.decapsulated).toBe(2)
  })

  it('does not buffer fragments from an unregistered care-of address', () => {
    const t = labTunnel()
    const spoofed = outerFragment(reverseTunnelled(inner, { source: STRANGER }), {
      start: 0,
      end: 496,
      more: true,
    })
    expect(kinds(t.decapsulate(spoofed, 0))).toEqual(['drop:unregistered-care-of'])
    expect(t.reassemblyLoad().packets).toBe(0)
  })

  it('applies the ingress check to the reassembled packet', () => {
    const t = labTunnel()
    const spoofed = reverseTunnelled(udpPacket({ source: STRANGER, destination: CN, length: 1000 }))
    t.decapsulate(outerFragment(spoofed, { start: 0, end: 496, more: true }), 0)
    const actions = t.decapsulate(outerFragment(spoofed, { start: 496, end: 1000, more: false }), 0)
    expect(kinds(actions)).toEqual(['drop:spoofed-inner-source'])
  })

  it('drops an exact duplicate alone', () => {
    const t = labTunnel()
    t.decapsulate(head, 0)
    expect(kinds(t.decapsulate(head, 0))).toEqual(['drop:fragment-duplicate'])
    t.decapsulate(middle, 0)
    expect(kinds(t.decapsulate(tail, 0))).toEqual(['forward'])
  })

  it('discards the whole packet on an overlap, fragments still to come included (RFC 5722)', () => {
    const t = labTunnel()
    t.decapsulate(head, 0)
    const overlapping = outerFragment(tunnel, { start: 488, end: 800, more: true })
    expect(kinds(t.decapsulate(overlapping, 0))).toEqual(['drop:fragment-overlap'])
    expect(t.reassemblyLoad()).toEqual({ packets: 1, bytes: 0 })
    expect(kinds(t.decapsulate(middle, 0))).toEqual(['drop:fragment-overlap'])
    expect(kinds(t.decapsulate(tail, 0))).toEqual(['drop:fragment-overlap'])
    // Its timer runs out silently: the drops were counted already.
    expect(t.handleTimeout(60_000)).toEqual([])
    expect(t.reassemblyLoad().packets).toBe(0)
  })

  it.each([
    ['a fragment that is not the last with other than 8n octets', { start: 0, end: 500, more: true }],
    ['a fragment past 65535 octets', { start: 65_528, end: 65_536, more: false }],
  ])('drops %s (RFC 8200 §4.5)', (_, spec) => {
    const big = new Uint8Array(IPV6_HEADER_LENGTH + 65_536)
    big.set(tunnel.subarray(0, IPV6_HEADER_LENGTH))
    const t = labTunnel()
    expect(kinds(t.decapsulate(outerFragment(big, spec), 0))).toEqual(['drop:bad-fragment'])
  })

  it('rebuilds the headers before the Fragment header from the first fragment', () => {
    // raven's tunnel packet with a Hop-by-Hop header, which stays in front of every fragment.
    const hopByHop: HopByHopHeader = { kind: 'hop-by-hop', nextHeader: 0, options: padOptions([]) }
    const piece = (start: number, end: number, more: boolean) =>
      emitPacket({
        header: { ...outerHeader, payloadLength: 0, nextHeader: 0 },
        extensions: [
          hopByHop,
          {
            kind: 'fragment',
            nextHeader: 0,
            reserved: 0,
            fragmentOffsetUnits8: start / 8,
            res: 0,
            moreFragments: more,
            identification: 5,
          },
        ],
        upperProtocol: IpProtocol.ipv6,
        upper: inner.subarray(start, end),
      })
    const t = labTunnel()
    t.decapsulate(piece(504, 1000, false), 0)
    const [forward] = only(t.decapsulate(piece(0, 504, true), 0), 'forward')
    expect(forward!.packet).toEqual(inner)
  })

  it('discards a packet that gets a second, different end', () => {
    const t = labTunnel()
    t.decapsulate(tail, 0)
    const shorter = outerFragment(tunnel, { start: 496, end: 792, more: false })
    expect(kinds(t.decapsulate(shorter, 0))).toEqual(['drop:bad-fragment'])
  })
})

describe('reassembly bounds', () => {
  it('refuses a new packet beyond maxPackets and keeps those it holds', () => {
    const t = labTunnel({ reassembly: { timeoutMs: 60_000, maxPackets: 1, maxBytes: 1 << 20 } })
    t.decapsulate(head, 0)
    const other = outerFragment(tunnel, { start: 0, end: 496, more: true }, 99)
    expect(kinds(t.decapsulate(other, 0))).toEqual(['drop:reassembly-limit'])
    t.decapsulate(middle, 0)
    expect(kinds(t.decapsulate(tail, 0))).toEqual(['forward'])
  })

  it('refuses a fragment beyond maxBytes', () => {
    const t = labTunnel({ reassembly: { timeoutMs: 60_000, maxPackets: 64, maxBytes: 900 } })
    expect(t.decapsulate(head, 0)).toEqual([])
    expect(t.decapsulate(tail, 0)).toEqual([])
    expect(kinds(t.decapsulate(middle, 0))).toEqual(['drop:reassembly-limit'])
    expect(t.reassemblyLoad().bytes).toBe(head.length + 200)
  })
})

describe('reassembly timeout (RFC 8200 §4.5)', () => {
  it('abandons a packet 60 s after its first-arriving fragment, with a Time Exceeded to its source', () => {
    const t = labTunnel()
    const clock = new VirtualClock<TunnelAction>(t)
    clock.now = 1_000
    clock.record(t.decapsulate(middle, clock.now))
    clock.advance(30_000)
    clock.record(t.decapsulate(head, clock.now))
    expect(clock.advance(29_999)).toEqual([])
    const actions = clock.advance(1)
    expect(clock.now).toBe(61_000)
    expect(kinds(actions)).toEqual(['send-icmp-error', 'drop:reassembly-timeout'])
    const [error] = only(actions, 'send-icmp-error')
    expect(error).toMatchObject({
      source: HA,
      destination: COA,
      msg: { kind: 'time-exceeded', code: 1, invoking: head },
    })
    const sent = walkHeaderChain(error!.packet)
    expect(sent.ok && Icmpv6Message.parse(sent.value.upper)).toEqual({ ok: true, value: error!.msg })
    expect(t.counters).toMatchObject({ timeExceededSent: 1, drops: { 'reassembly-timeout': 1 } })
    expect(t.nextTimeout()).toBeUndefined()
    // The packet is gone: its last fragment starts a new one.
    expect(t.decapsulate(tail, clock.now)).toEqual([])
  })

  it('sends no Time Exceeded when the first fragment never came', () => {
    const t = labTunnel()
    t.decapsulate(tail, 0)
    expect(kinds(t.handleTimeout(60_000))).toEqual(['drop:reassembly-timeout'])
  })

  it('does nothing on a spurious wake-up', () => {
    const t = labTunnel()
    t.decapsulate(head, 0)
    expect(t.handleTimeout(59_999)).toEqual([])
    expect(t.reassemblyLoad().packets).toBe(1)
  })
})
