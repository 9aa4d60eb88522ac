// Ethernet II framing (IEEE 802.3 §3.2.6 "Length/Type" read as a type, RFC 894) as IPv6
// uses it (RFC 2464 §3, EtherType 0x86DD). The header only: the caller owns the payload.
// An 802.1Q tag (0x8100) is reported as the EtherType, not decoded.
//
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Destination MAC (6 octets) | Source MAC (6 octets) | EtherType (2) | payload ...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { assertRoom, type Codec, viewOf } from './codec'
import { type ParseError, parseError } from './parse-error'
import { err, ok, type Result } from './result'

const field = {
  destination: 0,
  source: 6,
  etherType: 12,
} as const

export const ETHERNET_HEADER_LENGTH = 14
export const MAC_ADDRESS_LENGTH = 6
export const ETHERTYPE_IPV6 = 0x86dd
export const ETHERTYPE_VLAN = 0x8100

export type MacAddress = Uint8Array

export interface EthernetHeader {
  destination: MacAddress
  source: MacAddress
  etherType: number
}

function parse(bytes: Uint8Array): Result<EthernetHeader, ParseError> {
  if (bytes.length < ETHERNET_HEADER_LENGTH) return parseError('truncated', 'header', bytes.length)
  return ok({
    destination: bytes.subarray(field.destination, field.destination + MAC_ADDRESS_LENGTH),
    source: bytes.subarray(field.source, field.source + MAC_ADDRESS_LENGTH),
    etherType: viewOf(bytes).getUint16(field.etherType),
  })
}

function emit(h: EthernetHeader, buf: Uint8Array, offset = 0): number {
  if (h.destination.length !== MAC_ADDRESS_LENGTH || h.source.length !== MAC_ADDRESS_LENGTH) {
    throw new RangeError('Ethernet header: a MAC address is not 6 octets')
  }
  assertRoom(buf, offset, ETHERNET_HEADER_LENGTH, 'Ethernet header')
  buf.set(h.destination, offset + field.destination)
  buf.set(h.source, offset + field.source)
  viewOf(buf).setUint16(offset + field.etherType, h.etherType)
  return ETHERNET_HEADER_LENGTH
}

export const EthernetHeader: Codec<EthernetHeader> = { parse, emit, length: () => ETHERNET_HEADER_LENGTH }

/** Colon- or hyphen-separated hex pairs, as `ip link` and hostapd write them. */
export function parseMac(text: string): Result<MacAddress, string> {
  const parts = text.split(/[:-]/)
  if (parts.length !== MAC_ADDRESS_LENGTH || !parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) {
    return err(`"${text}": not a MAC address (six hex pairs)`)
  }
  return ok(Uint8Array.from(parts, (p) => Number.parseInt(p, 16)))
}

export function formatMac(mac: MacAddress): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':')
}

/** IEEE 802: the I/G bit, the lowest bit of the first octet, marks a group address. */
export function isGroupMac(mac: MacAddress): boolean {
  return (mac[0]! & 0x01) !== 0
}
