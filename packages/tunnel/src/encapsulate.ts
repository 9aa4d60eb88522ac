// The tunnel entry point: RFC 6275 §10.4.2 (a packet intercepted on the home link for a
// registered home address goes to the primary care-of address, from the Home Agent address)
// done as RFC 2473 §3 says.
//
// In order:
// 1. The original packet must be the IPv6 packet its header announces; link-layer padding
//    after Payload Length is cut off. Its extension headers are not ours to check: a router
//    forwards what it does not understand.
// 2. Its destination must be a registered home address, and its source one a router may
//    forward (RFC 4291 §2.5.2, §2.5.3, §2.5.6, §2.7).
// 3. RFC 2473 §3.1: the entry point forwards the original packet, so it decrements the Hop
//    Limit as any router does (RFC 8200 §3); one that would reach 0 is answered with a Time
//    Exceeded from the Home Agent address (RFC 4443 §2.2 (b): an address of the link it
//    came in on).
// 4. RFC 2473 §7.1 by size (tunnel-mtu.ts): in one tunnel packet, in fragments, or answered
//    with a Packet Too Big.
// 5. The tunnel header: source the Home Agent address, destination the care-of address,
//    Next Header 41, Hop Limit ours (RFC 2473 §6.3: the tunnel is one hop to the original
//    packet, its own hop count starts afresh), the inner Traffic Class copied (RFC 2473 §6.5
//    allows it; ecn.ts says why ECN needs it) and a Flow Label from the inner flow
//    (flow-label.ts). No Tunnel Encapsulation Limit option (tunnel-mtu.ts says why).
import {
  addressEquals,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  type Ipv6Address,
  Ipv6Header,
  isLinkLocalUnicast,
  isMulticast,
  isUnspecified,
  mustParse,
  TimeExceededCode,
} from '@mip6/wire'
import type { SendTunnelled, TunnelAction } from './actions'
import { drop, type TunnelCounters } from './counters'
import { tunnelFlowLabel } from './flow-label'
import { fragmentPacket } from './fragment'
import type { IcmpErrorOrigin } from './icmp-error'
import type { TunnelSettings } from './settings'
import type { TunnelBindings } from './tunnel-bindings'
import { mtuDecision } from './tunnel-mtu'

/** What the entry point needs from the engine. */
export interface EntryPoint {
  readonly settings: TunnelSettings
  readonly bindings: TunnelBindings
  readonly counters: TunnelCounters
  readonly icmpErrors: IcmpErrorOrigin
  readonly flowLabelKey: number
  /** A fresh Fragment header Identification (RFC 7739: hard to predict). */
  fragmentIdentification(): number
}

const LOOPBACK = mustParse('::1')

function forwardableSource(a: Ipv6Address): boolean {
  return !isUnspecified(a) && !addressEquals(a, LOOPBACK) && !isMulticast(a) && !isLinkLocalUnicast(a)
}

export function encapsulate(ep: EntryPoint, bytes: Uint8Array, now: number): TunnelAction[] {
  const parsed = Ipv6Header.parse(bytes)
  if (!parsed.ok) return [drop(ep.counters, 'malformed')]
  const inner = parsed.value
  const length = IPV6_HEADER_LENGTH + inner.payloadLength
  if (bytes.length < length) return [drop(ep.counters, 'malformed')]
  const original = bytes.subarray(0, length)

  const binding = ep.bindings.forHomeAddress(inner.destination)
  if (binding === undefined) return [drop(ep.counters, 'no-binding')]
  if (!forwardableSource(inner.source)) return [drop(ep.counters, 'bad-source')]

  if (inner.hopLimit <= 1) {
    return [
      ...ep.icmpErrors.originate(
        { kind: 'time-exceeded', code: TimeExceededCode.hopLimitExceeded },
        binding.haAddress,
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
        binding.haAddress,
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
    source: binding.haAddress,
    destination: binding.careOfAddress,
  }
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + length)
  Ipv6Header.emit(header, packet)
  packet.set(original, IPV6_HEADER_LENGTH)
  Ipv6Header.emit({ ...inner, hopLimit: inner.hopLimit - 1 }, packet, IPV6_HEADER_LENGTH)

  ep.counters.encapsulated++
  const send = (p: Uint8Array): SendTunnelled => ({
    kind: 'send-tunnelled',
    careOfAddress: binding.careOfAddress,
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
