// The tunnel entry point: RFC 6275 §10.4.2 (a packet intercepted on the home link for a
// registered home address goes to the primary care-of address, from the Home Agent address)
// and §11.3.1 (the mobile node reverse-tunnels what it sends from its home address) done as
// RFC 2473 §3 says. Which tunnel a packet enters is the TunnelEnds' (tunnel-ends.ts).
//
// In order:
// 1. The original packet must be the IPv6 packet its header announces; link-layer padding
//    after Payload Length is cut off. Its extension headers are not ours to check: a router
//    forwards what it does not understand.
// 2. It must belong to a tunnel: at the Home Agent its destination a registered home address
//    and its source one a router may forward (RFC 4291 §2.5.2, §2.5.3, §2.5.6, §2.7).
// 3. RFC 2473 §3.1: a forwarding entry point (the Home Agent) decrements the Hop Limit as
//    any router does (RFC 8200 §3); one that would reach 0 is answered with a Time Exceeded
//    from the Home Agent address (RFC 4443 §2.2 (b): an address of the link it came in on).
// 4. RFC 2473 §7.1 by size (tunnel-mtu.ts): in one tunnel packet, in fragments, or answered
//    with a Packet Too Big.
// 5. The tunnel header: the route's source and destination (Home Agent address and care-of
//    address, the other way round at the mobile node), Next Header 41, Hop Limit ours (RFC 2473 §6.3: the tunnel is one hop to the original
//    packet, its own hop count starts afresh), the inner Traffic Class copied (RFC 2473 §6.5
//    allows it; ecn.ts says why ECN needs it) and a Flow Label from the inner flow
//    (flow-label.ts). No Tunnel Encapsulation Limit option (tunnel-mtu.ts says why).
import { IPV6_HEADER_LENGTH, IpProtocol, Ipv6Header, TimeExceededCode } from '@mip6/wire'
import type { SendTunnelled, TunnelAction } from './actions'
import { drop, type TunnelCounters } from './counters'
import { tunnelFlowLabel } from './flow-label'
import { fragmentPacket } from './fragment'
import type { IcmpErrorOrigin } from './icmp-error'
import type { TunnelSettings } from './settings'
import type { TunnelEnds } from './tunnel-ends'
import { mtuDecision } from './tunnel-mtu'

/** What the entry point needs from the engine. */
export interface EntryPoint {
  readonly settings: TunnelSettings
  readonly ends: TunnelEnds
  readonly counters: TunnelCounters
  readonly icmpErrors: IcmpErrorOrigin
  readonly flowLabelKey: number
  /** A fresh Fragment header Identification (RFC 7739: hard to predict). */
  fragmentIdentification(): number
}

export function encapsulate(ep: EntryPoint, bytes: Uint8Array, now: number): TunnelAction[] {
  const parsed = Ipv6Header.parse(bytes)
  if (!parsed.ok) return [drop(ep.counters, 'malformed')]
  const inner = parsed.value
  const length = IPV6_HEADER_LENGTH + inner.payloadLength
  if (bytes.length < length) return [drop(ep.counters, 'malformed')]
  const original = bytes.subarray(0, length)

  const route = ep.ends.route(inner)
  if (typeof route === 'string') return [drop(ep.counters, route)]

  const forwards = ep.ends.forwards
  if (forwards && inner.hopLimit <= 1) {
    return [
      ...ep.icmpErrors.originate(
        { kind: 'time-exceeded', code: TimeExceededCode.hopLimitExceeded },
        route.errorSource,
        inner.source,
        original,
        now,
      ),
      drop(ep.counters, 'hop-limit-exceeded'),
    ]
  }

  const { linkMtu, hopLimit } = ep.settings
  const size = mtuDecision(length, linkMtu)
  if (size.kind === 'too-big') {
    return [
      ...ep.icmpErrors.originate(
        { kind: 'packet-too-big', mtu: size.mtu },
        route.errorSource,
        inner.source,
        original,
        now,
      ),
      drop(ep.counters, 'too-big'),
    ]
  }

  const header: Ipv6Header = {
    trafficClass: inner.trafficClass,
    flowLabel: tunnelFlowLabel(ep.flowLabelKey, inner, original),
    payloadLength: length,
    nextHeader: IpProtocol.ipv6,
    hopLimit,
    source: route.source,
    destination: route.destination,
  }
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + length)
  Ipv6Header.emit(header, packet)
  packet.set(original, IPV6_HEADER_LENGTH)
  if (forwards) Ipv6Header.emit({ ...inner, hopLimit: inner.hopLimit - 1 }, packet, IPV6_HEADER_LENGTH)

  ep.counters.encapsulated++
  const send = (p: Uint8Array): SendTunnelled => ({
    kind: 'send-tunnelled',
    careOfAddress: route.careOfAddress,
    packet: p,
  })
  if (size.kind === 'fits') return [send(packet)]
  ep.counters.fragmented++
  const fragments = fragmentPacket(
    header,
    packet.subarray(IPV6_HEADER_LENGTH),
    linkMtu,
    ep.fragmentIdentification(),
  )
  return fragments.map(send)
}
