// A whole IPv6 packet around one ICMPv6 message (no extension headers), checksum filled:
// what a node originating an error or a reply puts on the wire, and what scapy and tshark
// want in the cross-checks.
import { fillIcmpv6Checksum } from './icmpv6'
import { IpProtocol } from './ip-protocol'
import type { Ipv6Address } from './ipv6-address'
import { IPV6_HEADER_LENGTH, Ipv6Header } from './ipv6-header'

/** `source` -> `destination` carrying a copy of the encoded `icmp`, its checksum filled in the copy. */
export function icmpv6Packet(
  source: Ipv6Address,
  destination: Ipv6Address,
  icmp: Uint8Array,
  hopLimit: number,
): Uint8Array {
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + icmp.length)
  Ipv6Header.emit(
    {
      trafficClass: 0,
      flowLabel: 0,
      payloadLength: icmp.length,
      nextHeader: IpProtocol.icmpv6,
      hopLimit,
      source,
      destination,
    },
    packet,
  )
  packet.set(icmp, IPV6_HEADER_LENGTH)
  fillIcmpv6Checksum(packet.subarray(IPV6_HEADER_LENGTH), source, destination)
  return packet
}
