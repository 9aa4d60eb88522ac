// An Ethernet II frame carrying IPv6 (RFC 2464), decoded down to its ICMPv6 (RFC 4443) or
// Mobility Header (RFC 6275 §6.1) message with the checksum verified, and the reverse. The
// checksum's pseudo-header follows the Mobile IPv6 rules (home address from the Home Address
// option, final destination from a type 2 routing header): see pseudoHeaderAddresses.
import { checksumValid, fillChecksum } from './checksum'
import { encode } from './codec'
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_IPV6, EthernetHeader, type MacAddress } from './ethernet'
import { Icmpv6Message } from './icmpv6'
import { ICMPV6_CHECKSUM_OFFSET } from './icmpv6-header'
import { IpProtocol } from './ip-protocol'
import type { ExtensionHeader } from './ipv6-ext-headers'
import type { Ipv6Header } from './ipv6-header'
import {
  emitPacketInto,
  packetLength,
  pseudoHeaderAddresses,
  type WalkedIpv6Packet,
  walkHeaderChain,
} from './ipv6-packet'
import { MH_CHECKSUM_OFFSET, MobilityMessage } from './mh'
import { type ParseError, parseError, shiftError } from './parse-error'
import { ok, type Result } from './result'

export type FrameMessage = { kind: 'icmpv6'; msg: Icmpv6Message } | { kind: 'mobility'; msg: MobilityMessage }

export interface DecodedFrame {
  ethernet: EthernetHeader
  packet: WalkedIpv6Packet
  /** Undefined for other upper layers and for fragments: `packet.upper` holds their bytes. */
  message: FrameMessage | undefined
}

const CHECKSUM_OFFSET = {
  [IpProtocol.icmpv6]: ICMPV6_CHECKSUM_OFFSET,
  [IpProtocol.mobility]: MH_CHECKSUM_OFFSET,
} as const

/** Total: a frame from the wire never throws; `at` in errors counts from the frame's start. */
export function decodeFrame(frame: Uint8Array): Result<DecodedFrame, ParseError> {
  const eth = EthernetHeader.parse(frame)
  if (!eth.ok) return eth
  if (eth.value.etherType !== ETHERTYPE_IPV6) return parseError('unsupported', 'etherType', 12)
  const walked = walkHeaderChain(frame.subarray(ETHERNET_HEADER_LENGTH))
  if (!walked.ok) return shiftError(walked.error, ETHERNET_HEADER_LENGTH)
  const packet = walked.value
  const upperAt = ETHERNET_HEADER_LENGTH + packet.upperOffset
  const protocol = packet.upperProtocol
  if (packet.fragmented || (protocol !== IpProtocol.icmpv6 && protocol !== IpProtocol.mobility)) {
    return ok({ ethernet: eth.value, packet, message: undefined })
  }
  const { source, destination } = pseudoHeaderAddresses(packet.header, packet.extensions)
  if (packet.upper.length < CHECKSUM_OFFSET[protocol] + 2) return parseError('truncated', 'upper', upperAt)
  if (!checksumValid(source, destination, protocol, packet.upper)) {
    return parseError('bad-checksum', 'checksum', upperAt + CHECKSUM_OFFSET[protocol])
  }
  if (protocol === IpProtocol.icmpv6) {
    const msg = Icmpv6Message.parse(packet.upper)
    if (!msg.ok) return shiftError(msg.error, upperAt)
    return ok({ ethernet: eth.value, packet, message: { kind: 'icmpv6', msg: msg.value } })
  }
  const msg = MobilityMessage.parse(packet.upper)
  if (!msg.ok) return shiftError(msg.error, upperAt)
  return ok({ ethernet: eth.value, packet, message: { kind: 'mobility', msg: msg.value } })
}

export interface FrameToSend {
  sourceMac: MacAddress
  destinationMac: MacAddress
  /** Payload Length and Next Header are computed. */
  header: Omit<Ipv6Header, 'payloadLength' | 'nextHeader'>
  extensions?: ExtensionHeader[]
  message: FrameMessage
}

/** The frame's bytes with the upper-layer checksum computed (the message's own is ignored). */
export function encodeFrame(f: FrameToSend): Uint8Array {
  const extensions = f.extensions ?? []
  const upper =
    f.message.kind === 'icmpv6'
      ? encode(Icmpv6Message, f.message.msg)
      : encode(MobilityMessage, f.message.msg)
  const protocol = f.message.kind === 'icmpv6' ? IpProtocol.icmpv6 : IpProtocol.mobility
  const { source, destination } = pseudoHeaderAddresses(f.header, extensions)
  fillChecksum(source, destination, protocol, upper, CHECKSUM_OFFSET[protocol])
  const packet = {
    header: { ...f.header, payloadLength: 0, nextHeader: 0 },
    extensions,
    upperProtocol: protocol,
    upper,
  }
  const frame = new Uint8Array(ETHERNET_HEADER_LENGTH + packetLength(packet))
  EthernetHeader.emit(
    { destination: f.destinationMac, source: f.sourceMac, etherType: ETHERTYPE_IPV6 },
    frame,
    0,
  )
  emitPacketInto(packet, frame, ETHERNET_HEADER_LENGTH)
  return frame
}

/** An encoded IPv6 packet in an Ethernet II frame, for a packet socket to send as it is. */
export function ipv6Frame(packet: Uint8Array, source: MacAddress, destination: MacAddress): Uint8Array {
  const frame = new Uint8Array(ETHERNET_HEADER_LENGTH + packet.length)
  EthernetHeader.emit({ destination, source, etherType: ETHERTYPE_IPV6 }, frame)
  frame.set(packet, ETHERNET_HEADER_LENGTH)
  return frame
}
