// The tunnel exit point: RFC 6275 §10.4.5 (packets a mobile node reverse-tunnels to its Home
// Agent) and §11.3.1 (what the home agent tunnels to the mobile node) done as RFC 2473 §3.3
// says. Which tunnels are accepted is the TunnelEnds' (tunnel-ends.ts).
//
// In order:
// 1. The outer packet is walked (RFC 8200 §4: extension headers left to right). Its
//    addresses must be those of a tunnel we hold: at the Home Agent, source a registered
//    care-of address and destination the Home Agent address that care-of address registered
//    with. Checked before reassembly, so that only our peers can fill the reassembly buffer.
// 2. Outer fragments are reassembled (reassembly.ts) and the rebuilt packet walked again.
// 3. RFC 8200 §4.2 and §4.4: we are the outer destination, so an unknown option that asks for
//    discard, or a routing header with segments left, ends here. The chain must end in Next
//    Header 41 (RFC 2473 §3.3), and the inner packet must be whole.
// 4. RFC 6275 §10.4.5: at the Home Agent the inner source must be the home address of a
//    binding whose care-of address is the outer source; this is what stops a visited network
//    spoofing home addresses through us. At the mobile node the inner destination must be
//    its home address.
// 5. RFC 6040 §4.2: the outer ECN field is carried into the inner one (ecn.ts).
//
// Hop Limit: none is decremented here. The tunnel is one virtual hop for the inner packet
// (RFC 2473 §6.3), and its entry point is the mobile node, the packet's own source. RFC 2473
// §3.3 hands the decapsulated packet to the IPv6 layer, whose forwarding decrements it as for
// a packet received on any link: that layer is the kernel the adapter gives `forward` to.
import {
  IPV6_HEADER_LENGTH,
  IpProtocol,
  Ipv6Header,
  type WalkedIpv6Packet,
  walkHeaderChain,
} from '@mip6/wire'
import type { DropReason, TunnelAction } from './actions'
import { drop, type TunnelCounters } from './counters'
import { decapsulatedEcn, ecnOf, withEcn } from './ecn'
import type { ReassemblyBuffer } from './reassembly'
import type { TunnelEnds } from './tunnel-ends'

/** What the exit point needs from the engine. */
export interface ExitPoint {
  readonly ends: TunnelEnds
  readonly counters: TunnelCounters
  readonly reassembly: ReassemblyBuffer
}

/** RFC 8200 §4.2: the two high-order bits of an Option Type say what to do when it is unknown. */
const OPTION_ACTION_SHIFT = 6
const OPTION_ACTION_SKIP = 0b00

function headerChainFault(walked: WalkedIpv6Packet): DropReason | undefined {
  for (const ext of walked.extensions) {
    if (ext.kind === 'hop-by-hop' || ext.kind === 'destination-options') {
      const refused = ext.options.some(
        (o) => o.kind === 'unknown' && o.type >> OPTION_ACTION_SHIFT !== OPTION_ACTION_SKIP,
      )
      if (refused) return 'unrecognized-option'
    }
    if ((ext.kind === 'routing' || ext.kind === 'routing-type2') && ext.segmentsLeft > 0)
      return 'routing-header'
  }
  if (walked.upperProtocol !== IpProtocol.ipv6) return 'not-ipv6-in-ipv6'
  return undefined
}

export function decapsulate(xp: ExitPoint, bytes: Uint8Array, now: number): TunnelAction[] {
  const walked = walkHeaderChain(bytes)
  if (!walked.ok) return [drop(xp.counters, 'malformed')]
  const fault = xp.ends.outerFault(walked.value.header)
  if (fault !== undefined) return [drop(xp.counters, fault)]
  if (!walked.value.fragmented) return exit(xp, walked.value)

  const outcome = xp.reassembly.add(bytes, walked.value, now)
  if (outcome.kind === 'held') return []
  if (outcome.kind === 'dropped') return [drop(xp.counters, outcome.reason)]
  xp.counters.reassembled++
  const rebuilt = walkHeaderChain(outcome.packet)
  if (!rebuilt.ok || rebuilt.value.fragmented) return [drop(xp.counters, 'malformed')]
  return exit(xp, rebuilt.value)
}

function exit(xp: ExitPoint, outer: WalkedIpv6Packet): TunnelAction[] {
  const fault = headerChainFault(outer)
  if (fault !== undefined) return [drop(xp.counters, fault)]
  const parsed = Ipv6Header.parse(outer.upper)
  if (!parsed.ok) return [drop(xp.counters, 'malformed')]
  const inner = parsed.value
  const length = IPV6_HEADER_LENGTH + inner.payloadLength
  if (outer.upper.length < length) return [drop(xp.counters, 'malformed')]

  const innerFault = xp.ends.innerFault(outer.header, inner)
  if (innerFault !== undefined) return [drop(xp.counters, innerFault)]

  const ecn = decapsulatedEcn(ecnOf(outer.header.trafficClass), ecnOf(inner.trafficClass))
  if (ecn === undefined) return [drop(xp.counters, 'ecn-ce-on-not-ect')]
  let packet = outer.upper.subarray(0, length)
  if (ecn !== ecnOf(inner.trafficClass)) {
    // A copy: the bytes handed in are not ours to change.
    packet = packet.slice()
    Ipv6Header.emit({ ...inner, trafficClass: withEcn(inner.trafficClass, ecn) }, packet)
  }
  xp.counters.decapsulated++
  return [{ kind: 'forward', packet }]
}
