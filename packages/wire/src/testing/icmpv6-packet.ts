// Wraps ICMPv6 messages in an IPv6 header for the cross-checks with scapy and tshark, which
// both want whole packets, and builds the scapy expressions the ICMPv6 and ND tests share.
import { icmpv6Packet } from '../icmpv6-packet'
import { formatAddress, type Ipv6Address } from '../ipv6-address'
import { IPV6_HEADER_LENGTH } from '../ipv6-header'
import { toHex } from './round-trip'
import type { ScapyRequest } from './scapy'

export const ND_HOP_LIMIT = 255

/** The packet `source` -> `destination` carrying a copy of `icmp` with its checksum filled. */
export function ipv6Packet(
  source: Ipv6Address,
  destination: Ipv6Address,
  icmp: Uint8Array,
  hopLimit = ND_HOP_LIMIT,
): Uint8Array {
  return icmpv6Packet(source, destination, icmp, hopLimit)
}

export function icmpOf(packet: Uint8Array): Uint8Array {
  return packet.subarray(IPV6_HEADER_LENGTH)
}

/** scapy builds `message` under an IPv6 header, so it computes the checksum itself. */
export function scapyBuild(source: Ipv6Address, destination: Ipv6Address, message: string): ScapyRequest {
  const ip = `IPv6(src='${formatAddress(source)}', dst='${formatAddress(destination)}', hlim=${ND_HOP_LIMIT})`
  return { op: 'build', expr: `${ip}/${message}` }
}

/** scapy dissects our packet, forgets its checksum and builds it again: its own checksum. */
export function scapyRecompute(packet: Uint8Array): ScapyRequest {
  const parsed = `IPv6(bytes.fromhex('${toHex(packet)}'))`
  return { op: 'build', expr: `(lambda p: (setattr(p[IPv6].payload, 'cksum', None), p)[1])(${parsed})` }
}

export function scapyDecode(packet: Uint8Array): ScapyRequest {
  return { op: 'decode', hex: toHex(packet), first: 'IPv6' }
}

/** A link-layer address as scapy's MACField shows it. */
export function macText(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':')
}
