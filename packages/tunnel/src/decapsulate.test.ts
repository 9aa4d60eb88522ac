// The tunnel exit point (RFC 6275 §10.4.5, RFC 2473 §3.3) on the lab of seed 002.
import {
  DestinationOptionsHeader,
  encode,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  Ipv6Header,
  padOptions,
} from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { Ecn } from './ecn'
import {
  CN,
  COA,
  COA2,
  fromRaven,
  HA,
  HOA,
  HOA2,
  kinds,
  labTunnel,
  only,
  reverseTunnelled,
  STRANGER,
} from './testing/packets'

/** The tunnel packet with a Destination Options header, holding `options`, before the inner packet. */
function withDestinationOptions(
  tunnel: Uint8Array,
  options: DestinationOptionsHeader['options'],
): Uint8Array {
  const destopts = encode(DestinationOptionsHeader, {
    kind: 'destination-options',
    nextHeader: IpProtocol.ipv6,
    options: padOptions(options),
  })
  const parsed = Ipv6Header.parse(tunnel)
  if (!parsed.ok) throw new Error('not IPv6')
  const inner = tunnel.subarray(IPV6_HEADER_LENGTH)
  const out = new Uint8Array(IPV6_HEADER_LENGTH + destopts.length + inner.length)
  Ipv6Header.emit(
    {
      ...parsed.value,
      payloadLength: destopts.length + inner.length,
      nextHeader: IpProtocol.destinationOptions,
    },
    out,
  )
  out.set(destopts, IPV6_HEADER_LENGTH)
  out.set(inner, IPV6_HEADER_LENGTH + destopts.length)
  return out
}

describe('decapsulation', () => {
  it('forwards the inner packet of a registered mobile node unchanged, hop limit included', () => {
    const t = labTunnel()
    const inner = fromRaven({ hopLimit: 64 })
    const actions = t.decapsulate(reverseTunnelled(inner, { hopLimit: 3 }), 0)
    expect(kinds(actions)).toEqual(['forward'])
    expect(only(actions, 'forward')[0]!.packet).toEqual(inner)
    expect(t.counters).toMatchObject({ decapsulated: 1, drops: {} })
  })

  it('forwards only the inner packet, without what follows it in the tunnel payload', () => {
    const t = labTunnel()
    const inner = fromRaven()
    const padded = new Uint8Array(inner.length + 8)
    padded.set(inner)
    const [forward] = only(t.decapsulate(reverseTunnelled(padded), 0), 'forward')
    expect(forward!.packet).toEqual(inner)
  })

  it('drops a tunnel packet from an address that is no registered care-of address', () => {
    const t = labTunnel()
    const actions = t.decapsulate(reverseTunnelled(fromRaven(), { source: STRANGER }), 0)
    expect(kinds(actions)).toEqual(['drop:unregistered-care-of'])
    expect(t.counters.drops).toEqual({ 'unregistered-care-of': 1 })
  })

  it('drops an inner source that is not the home address registered from that care-of address (§10.4.5)', () => {
    const t = labTunnel()
    t.bindings.set({ homeAddress: HOA2, careOfAddress: COA2, haAddress: HA })
    const other = t.decapsulate(reverseTunnelled(fromRaven({ source: HOA2 })), 0)
    const stranger = t.decapsulate(reverseTunnelled(fromRaven({ source: STRANGER })), 0)
    expect([...kinds(other), ...kinds(stranger)]).toEqual([
      'drop:spoofed-inner-source',
      'drop:spoofed-inner-source',
    ])
  })

  it('accepts every home address one care-of address registered', () => {
    const t = labTunnel()
    t.bindings.set({ homeAddress: HOA2, careOfAddress: COA, haAddress: HA })
    expect(kinds(t.decapsulate(reverseTunnelled(fromRaven({ source: HOA2 })), 0))).toEqual(['forward'])
    expect(kinds(t.decapsulate(reverseTunnelled(fromRaven()), 0))).toEqual(['forward'])
  })

  it('drops a tunnel packet sent to another address than the one the binding was registered with', () => {
    const t = labTunnel()
    expect(kinds(t.decapsulate(reverseTunnelled(fromRaven(), { destination: CN }), 0))).toEqual([
      'drop:not-home-agent-address',
    ])
  })

  it('stops decapsulating once the binding is removed', () => {
    const t = labTunnel()
    t.bindings.remove(HOA)
    expect(kinds(t.decapsulate(reverseTunnelled(fromRaven()), 0))).toEqual(['drop:unregistered-care-of'])
  })

  it('drops a packet whose chain does not end in IPv6', () => {
    const t = labTunnel()
    const tunnel = reverseTunnelled(fromRaven())
    tunnel[6] = IpProtocol.udp // next header
    expect(kinds(t.decapsulate(tunnel, 0))).toEqual(['drop:not-ipv6-in-ipv6'])
  })

  it('skips an unknown option of action 00 and drops one whose type says discard (RFC 8200 §4.2)', () => {
    const t = labTunnel()
    const tunnel = reverseTunnelled(fromRaven())
    // 0x04, RFC 2473's Tunnel Encapsulation Limit: action bits 00.
    const limit = withDestinationOptions(tunnel, [{ kind: 'unknown', type: 0x04, raw: Uint8Array.of(4) }])
    expect(kinds(t.decapsulate(limit, 0))).toEqual(['forward'])
    const discard = withDestinationOptions(tunnel, [{ kind: 'unknown', type: 0x7e, raw: Uint8Array.of(0) }])
    expect(kinds(t.decapsulate(discard, 0))).toEqual(['drop:unrecognized-option'])
  })

  it.each([
    ['empty', new Uint8Array(0)],
    ['a truncated outer header', reverseTunnelled(fromRaven()).subarray(0, 30)],
    ['a truncated inner packet', reverseTunnelled(fromRaven().subarray(0, 90))],
    [
      'an inner header that is not IPv6',
      reverseTunnelled(Uint8Array.from([0x45, ...fromRaven().subarray(1)])),
    ],
  ])('drops %s and counts it', (_, bytes) => {
    const t = labTunnel()
    expect(kinds(t.decapsulate(bytes, 0))).toEqual(['drop:malformed'])
    expect(t.counters.drops).toEqual({ malformed: 1 })
  })
})

describe('ECN at the exit point (RFC 6040 §4.2)', () => {
  const tc = (dscp: number, ecn: number) => (dscp << 2) | ecn

  it('carries congestion marked on the tunnel into an ECN-capable inner packet', () => {
    const t = labTunnel()
    const tunnel = reverseTunnelled(fromRaven({ trafficClass: tc(0x2e, Ecn.ect0) }), {
      trafficClass: tc(0, Ecn.ce),
    })
    const before = tunnel.slice()
    const [forward] = only(t.decapsulate(tunnel, 0), 'forward')
    const inner = Ipv6Header.parse(forward!.packet)
    expect(inner.ok && inner.value.trafficClass).toBe(tc(0x2e, Ecn.ce))
    expect(tunnel).toEqual(before)
  })

  it('drops a packet marked congested on the tunnel whose flow is not ECN-capable', () => {
    const t = labTunnel()
    const tunnel = reverseTunnelled(fromRaven({ trafficClass: tc(0, Ecn.notEct) }), {
      trafficClass: tc(0, Ecn.ce),
    })
    expect(kinds(t.decapsulate(tunnel, 0))).toEqual(['drop:ecn-ce-on-not-ect'])
  })

  it('keeps the inner DSCP whatever the outer one says', () => {
    const t = labTunnel()
    const inner = fromRaven({ trafficClass: tc(0x0a, Ecn.notEct) })
    const [forward] = only(
      t.decapsulate(reverseTunnelled(inner, { trafficClass: tc(0x2e, Ecn.ect0) }), 0),
      'forward',
    )
    expect(forward!.packet).toEqual(inner)
  })
})
