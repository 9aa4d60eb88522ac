// The mobile node's end of the tunnel (RFC 6275 §11.3.1, RFC 2473) on the lab of seed 002:
// raven at its care-of address, its home agent denali.
import { IPV6_HEADER_LENGTH, IpProtocol } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import {
  CN,
  COA,
  COA2,
  fromRaven,
  HA,
  HOA,
  headerOf,
  kinds,
  labTunnel,
  only,
  ravenTunnel,
  reverseTunnelled,
  STRANGER,
  udpPacket,
} from './testing/packets'

/** What the correspondent sends raven. */
const toRaven = (o: Parameters<typeof udpPacket>[0] = {}) => udpPacket({ source: CN, destination: HOA, ...o })

/** What denali's end sends raven: `inner` from the Home Agent address to the care-of address. */
const fromDenali = (inner: Uint8Array, o: Parameters<typeof reverseTunnelled>[1] = {}) =>
  reverseTunnelled(inner, { source: HA, destination: COA, ...o })

describe('the mobile node tunnel: encapsulation', () => {
  it('tunnels a packet from the home address from the care-of address to the home agent, inner packet untouched', () => {
    const t = ravenTunnel()
    const original = fromRaven({ length: 80, trafficClass: 0x20, hopLimit: 64 })
    const [sent, ...rest] = only(t.encapsulate(original, 0), 'send-tunnelled')
    expect(rest).toEqual([])
    expect(sent!.careOfAddress).toEqual(COA)
    const outer = headerOf(sent!.packet)
    expect(outer).toMatchObject({
      source: COA,
      destination: HA,
      nextHeader: IpProtocol.ipv6,
      payloadLength: original.length,
      trafficClass: 0x20,
      hopLimit: 64,
    })
    expect(outer.flowLabel).not.toBe(0)
    // The host originated it: no router decremented its Hop Limit, nor does the tunnel.
    expect(sent!.packet.subarray(IPV6_HEADER_LENGTH)).toEqual(original)
    expect(t.counters.encapsulated).toBe(1)
  })

  it('sends a hop limit 1 packet as it is: the mobile node is its source, not a router on its path', () => {
    expect(kinds(ravenTunnel().encapsulate(fromRaven({ hopLimit: 1 }), 0))).toEqual(['send-tunnelled'])
  })

  it('refuses packets from any other source, and everything before a tunnel-up or after a tunnel-down', () => {
    const t = ravenTunnel()
    expect(kinds(t.encapsulate(udpPacket({ source: COA, destination: CN }), 0))).toEqual([
      'drop:not-from-home-address',
    ])
    t.setBinding(undefined)
    expect(kinds(t.encapsulate(fromRaven(), 0))).toEqual(['drop:no-binding'])
    expect(kinds(t.decapsulate(fromDenali(toRaven()), 0))).toEqual(['drop:no-binding'])
    expect(t.counters.drops).toEqual({ 'not-from-home-address': 1, 'no-binding': 2 })
  })

  it('follows a new care-of address at the next tunnel-up', () => {
    const t = ravenTunnel()
    t.setBinding({ homeAddress: HOA, careOfAddress: COA2, homeAgent: HA })
    const [sent] = only(t.encapsulate(fromRaven(), 0), 'send-tunnelled')
    expect(headerOf(sent!.packet).source).toEqual(COA2)
    expect(kinds(t.decapsulate(fromDenali(toRaven()), 0))).toEqual(['drop:not-to-care-of-address'])
  })

  it('fragments a packet up to 1280 octets that does not fit, and refuses a bigger one with a Packet Too Big', () => {
    const t = ravenTunnel({ linkMtu: 1280 })
    expect(kinds(t.encapsulate(fromRaven({ length: 1280 }), 0))).toEqual(['send-tunnelled', 'send-tunnelled'])
    const t2 = ravenTunnel({ linkMtu: 1400 })
    const actions = t2.encapsulate(fromRaven({ length: 1400 }), 0)
    expect(kinds(actions)).toEqual(['send-icmp-error', 'drop:too-big'])
    const [error] = only(actions, 'send-icmp-error')
    expect(error!).toMatchObject({ source: HA, destination: HOA, msg: { kind: 'packet-too-big', mtu: 1360 } })
  })
})

describe('the mobile node tunnel: decapsulation', () => {
  it('takes what the home agent sends to the care-of address for the home address, as it was sent', () => {
    const t = ravenTunnel()
    const inner = toRaven({ hopLimit: 63 })
    const [forward, ...rest] = only(t.decapsulate(fromDenali(inner), 0), 'forward')
    expect(rest).toEqual([])
    expect(forward!.packet).toEqual(inner)
    expect(t.counters.decapsulated).toBe(1)
  })

  it('drops tunnel packets from anyone but the home agent, to another address, or for another inner destination', () => {
    const t = ravenTunnel()
    expect(kinds(t.decapsulate(fromDenali(toRaven(), { source: STRANGER }), 0))).toEqual([
      'drop:not-from-home-agent',
    ])
    expect(kinds(t.decapsulate(fromDenali(toRaven(), { destination: COA2 }), 0))).toEqual([
      'drop:not-to-care-of-address',
    ])
    expect(kinds(t.decapsulate(fromDenali(udpPacket({ source: CN, destination: STRANGER })), 0))).toEqual([
      'drop:not-to-home-address',
    ])
    expect(
      kinds(t.decapsulate(fromDenali(udpPacket({ source: CN, destination: HOA })).subarray(0, 50), 0)),
    ).toEqual(['drop:malformed'])
  })
})

describe('the mobile node tunnel against the Home Agent tunnel', () => {
  it('round-trips: the correspondent to raven through denali, and raven back to the correspondent', () => {
    const denali = labTunnel()
    const raven = ravenTunnel()
    const down = toRaven({ length: 120 })
    const [tunnelled] = only(denali.encapsulate(down, 0), 'send-tunnelled')
    const [delivered] = only(raven.decapsulate(tunnelled!.packet, 0), 'forward')
    // The Home Agent forwarded it: one hop less, otherwise the correspondent's bytes.
    expect(headerOf(delivered!.packet)).toEqual({ ...headerOf(down), hopLimit: 63 })
    expect(delivered!.packet.subarray(IPV6_HEADER_LENGTH)).toEqual(down.subarray(IPV6_HEADER_LENGTH))

    const up = fromRaven({ length: 120 })
    const [reverse] = only(raven.encapsulate(up, 0), 'send-tunnelled')
    const [out] = only(denali.decapsulate(reverse!.packet, 0), 'forward')
    expect(out!.packet).toEqual(up)
  })

  it('round-trips a 1280-octet packet through outer fragments both ways', () => {
    const denali = labTunnel({ linkMtu: 1280 })
    const raven = ravenTunnel({ linkMtu: 1280 })
    const up = fromRaven({ length: 1280 })
    const fragments = only(raven.encapsulate(up, 0), 'send-tunnelled')
    expect(fragments).toHaveLength(2)
    const results = fragments.flatMap((f) => denali.decapsulate(f.packet, 1))
    expect(only(results, 'forward').map((f) => f.packet)).toEqual([up])

    const down = toRaven({ length: 1280 })
    const back = only(denali.encapsulate(down, 2), 'send-tunnelled').flatMap((f) =>
      raven.decapsulate(f.packet, 3),
    )
    expect(only(back, 'forward')).toHaveLength(1)
    expect(raven.counters.reassembled).toBe(1)
  })
})
