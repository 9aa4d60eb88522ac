// Properties of the tunnel as a whole: what goes in at one end comes out at the other, in
// whatever order the fragments arrive, and no bytes make it throw.
import { seededRng } from '@mip6/engine-kit/testing'
import { IPV6_HEADER_LENGTH, IpProtocol, type Ipv6Address, Ipv6Header } from '@mip6/wire'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TunnelAction } from './actions'
import { fragmentPacket } from './fragment'
import { HomeAgentTunnel } from './home-agent-tunnel'
import { tunnelSettings } from './settings'
import { CN, COA, HA, HOA, labTunnel, only, reverseTunnelled, udpPacket } from './testing/packets'
import { IPV6_MIN_MTU, tunnelMtu } from './tunnel-mtu'

const HOP_LIMIT_AT = 7

const arbInner = (maxLength: number, source: Ipv6Address, destination: Ipv6Address) =>
  fc
    .record({
      length: fc.integer({ min: 48, max: maxLength }),
      trafficClass: fc.integer({ min: 0, max: 0xff }),
      flowLabel: fc.integer({ min: 0, max: 0xfffff }),
      hopLimit: fc.integer({ min: 2, max: 0xff }),
      sourcePort: fc.integer({ min: 0, max: 0xffff }),
    })
    .map((o) => udpPacket({ source, destination, ...o }))

/** Reorders `items` by a permutation drawn from fast-check. */
function reorder<T>(items: T[], keys: number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item)
}

const arbKeys = fc.array(fc.integer(), { minLength: 64, maxLength: 64 })
const DECAPSULATED_KINDS = new Set<TunnelAction['kind']>(['forward', 'drop'])

describe('tunnel properties', () => {
  it('decapsulating what encapsulate sent gives the original packet, one hop on', () => {
    fc.assert(
      fc.property(
        arbInner(1600, CN, HOA),
        fc.integer({ min: IPV6_MIN_MTU, max: 1500 }),
        arbKeys,
        (inner, linkMtu, keys) => {
          const entry = labTunnel({ linkMtu })
          // raven's end of the same tunnel: a tunnel whose binding has the roles swapped.
          const exit = new HomeAgentTunnel(tunnelSettings(), { rng: seededRng(1) })
          exit.bindings.set({ homeAddress: CN, careOfAddress: HA, haAddress: COA })

          const actions = entry.encapsulate(inner, 0)
          if (inner.length > tunnelMtu(linkMtu) && inner.length > IPV6_MIN_MTU) {
            expect(only(actions, 'send-icmp-error')[0]?.msg).toMatchObject({ kind: 'packet-too-big' })
            return
          }
          const sent = only(actions, 'send-tunnelled')
          expect(sent.every((s) => s.packet.length <= linkMtu)).toBe(true)
          const out = reorder(sent, keys).flatMap((s) => exit.decapsulate(s.packet, 0))
          const expected = inner.slice()
          expected[HOP_LIMIT_AT] = inner[HOP_LIMIT_AT]! - 1
          expect(out).toEqual([{ kind: 'forward', packet: expected }])
        },
      ),
    )
  })

  it('reassembling outer fragments in any order, with duplicates, gives the inner packet', () => {
    fc.assert(
      fc.property(
        arbInner(12_000, HOA, CN),
        fc.integer({ min: IPV6_MIN_MTU, max: 9000 }),
        arbKeys,
        fc.nat(),
        (inner, linkMtu, keys, duplicate) => {
          const t = labTunnel()
          const tunnel = reverseTunnelled(inner)
          const parsed = Ipv6Header.parse(tunnel)
          if (!parsed.ok) throw new Error('not IPv6')
          const fragments = fragmentPacket(
            parsed.value,
            tunnel.subarray(IPV6_HEADER_LENGTH),
            linkMtu,
            duplicate,
          )
          const order = reorder(fragments, keys)
          // One fragment twice, before the packet is complete: an exact duplicate is dropped alone.
          const last = order.length - 1
          const arrivals =
            last > 0 ? [...order.slice(0, last), order[duplicate % last]!, order[last]!] : order
          const out = arrivals.flatMap((f) => t.decapsulate(f, 0))
          expect(only(out, 'forward')).toEqual([{ kind: 'forward', packet: inner }])
          expect(t.counters.reassembled).toBe(order.length > 1 ? 1 : 0)
          expect(t.counters.drops).toEqual(last > 0 ? { 'fragment-duplicate': 1 } : {})
          expect(t.reassemblyLoad()).toEqual({ packets: 0, bytes: 0 })
        },
      ),
    )
  })

  it('never throws on any bytes, and counts every packet that it does not pass on', () => {
    const valid = [
      reverseTunnelled(udpPacket({ source: HOA, destination: CN })),
      udpPacket(),
      ...fragmentPacket(
        {
          trafficClass: 0,
          flowLabel: 0,
          payloadLength: 0,
          nextHeader: IpProtocol.ipv6,
          hopLimit: 64,
          source: COA,
          destination: HA,
        },
        udpPacket({ source: HOA, destination: CN, length: 1400 }),
        IPV6_MIN_MTU,
        1,
      ),
    ]
    const arbBytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc
        .record({
          base: fc.constantFrom(...valid),
          cut: fc.nat(),
          flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xff })), { maxLength: 4 }),
        })
        .map(({ base, cut, flips }) => {
          const b = base.slice(0, base.length - (cut % 3 === 0 ? cut % base.length : 0))
          for (const [at, value] of flips) if (b.length > 0) b[at % b.length] = value
          return b
        }),
    )
    fc.assert(
      fc.property(fc.array(arbBytes, { maxLength: 8 }), (inputs) => {
        const t = labTunnel()
        let dropped = 0
        for (const bytes of inputs) {
          const encapsulated = t.encapsulate(bytes, 0)
          expect(encapsulated.some((a) => a.kind === 'send-tunnelled' || a.kind === 'drop')).toBe(true)
          const decapsulated = t.decapsulate(bytes, 0)
          expect(decapsulated.every((a) => DECAPSULATED_KINDS.has(a.kind))).toBe(true)
          dropped += [...encapsulated, ...decapsulated].filter((a) => a.kind === 'drop').length
        }
        const counted = Object.values(t.counters.drops).reduce((sum, n) => sum + n, 0)
        expect(counted).toBe(dropped)
      }),
    )
  })
})
