// RFC 6437 §3 and RFC 6438 §3: the Flow Label of the tunnel header, set by the entry point
// from the inner flow.
//
// Why a hash and not a copy: every packet to one mobile node has the same tunnel addresses,
// so the label is all the visited network's ECMP and link aggregation can tell its flows apart
// by; a copied label would be zero for every source that does not label (RFC 6437 §2 lets it).
// The inner flow is RFC 6437 §2's 3-tuple when the source labelled it, otherwise the addresses
// with the protocol and ports. The hash is keyed with a secret drawn at start-up, so labels
// are hard to predict (RFC 6437 §3, §6); FNV-1a with a final mix spreads them well enough for
// load balancing, which is all they are for (not a cryptographic hash).
import { type Ipv6Header, walkHeaderChain } from '@mip6/wire'

/** IANA protocol numbers whose header starts with a 16-bit source and destination port. */
const PORT_PROTOCOLS = new Set([
  6, // TCP
  17, // UDP
  33, // DCCP
  132, // SCTP
  136, // UDP-Lite
])
const PORTS_LENGTH = 4

const FNV_PRIME = 0x01000193
const FNV_OFFSET_BASIS = 0x811c9dc5
const FLOW_LABEL_BITS = 20
const FLOW_LABEL_MASK = (1 << FLOW_LABEL_BITS) - 1

function mixIn(h: number, bytes: Uint8Array): number {
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME)
  return h
}

function mixInWord(h: number, word: number): number {
  for (let shift = 24; shift >= 0; shift -= 8) h = Math.imul(h ^ ((word >>> shift) & 0xff), FNV_PRIME)
  return h
}

/** MurmurHash3's fmix32: FNV-1a's low bits alone are poorly mixed. */
function finalMix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Protocol and ports of an unlabelled packet; fragments give the protocol alone, the same for each. */
function transportOf(packet: Uint8Array): { protocol: number; ports: Uint8Array } | undefined {
  const walked = walkHeaderChain(packet)
  if (!walked.ok) return undefined
  const { upperProtocol, upper, fragmented } = walked.value
  const hasPorts = !fragmented && PORT_PROTOCOLS.has(upperProtocol) && upper.length >= PORTS_LENGTH
  return { protocol: upperProtocol, ports: hasPorts ? upper.subarray(0, PORTS_LENGTH) : new Uint8Array(0) }
}

/** A nonzero label: zero would mark the tunnel packet unlabelled (RFC 6437 §2). */
export function tunnelFlowLabel(key: number, inner: Ipv6Header, innerPacket: Uint8Array): number {
  let h = mixInWord(FNV_OFFSET_BASIS, key)
  h = mixIn(h, inner.source)
  h = mixIn(h, inner.destination)
  if (inner.flowLabel !== 0) {
    h = mixInWord(h, inner.flowLabel)
  } else {
    const transport = transportOf(innerPacket)
    if (transport !== undefined) h = mixIn(mixInWord(h, transport.protocol), transport.ports)
  }
  const label = finalMix(h) & FLOW_LABEL_MASK
  return label === 0 ? 1 : label
}
