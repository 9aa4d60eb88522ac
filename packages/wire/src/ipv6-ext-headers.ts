// RFC 8200 §4: the extension headers the header-chain walker steps over, by Next Header value.
// The Mobility Header (135, RFC 6275 §6.1) is an extension header by number, but it ends the
// chain in practice (its Payload Proto is 59), so the walker hands it over as the upper layer.
// AH and ESP (51, 50) also end the walk: their payload is not ours to read.
import type { Codec } from './codec'
import { IpProtocol } from './ip-protocol'
import { FragmentHeader } from './ipv6-fragment'
import { DestinationOptionsHeader, HopByHopHeader } from './ipv6-hbh-destopts'
import { RoutingHeader } from './ipv6-routing'
import type { ParseError } from './parse-error'
import type { Result } from './result'

export type ExtensionHeader = HopByHopHeader | DestinationOptionsHeader | RoutingHeader | FragmentHeader

const BY_PROTOCOL: ReadonlyMap<number, Codec<ExtensionHeader>> = new Map<number, Codec<ExtensionHeader>>([
  [IpProtocol.hopByHop, HopByHopHeader as Codec<ExtensionHeader>],
  [IpProtocol.destinationOptions, DestinationOptionsHeader as Codec<ExtensionHeader>],
  [IpProtocol.routing, RoutingHeader as Codec<ExtensionHeader>],
  [IpProtocol.fragment, FragmentHeader as Codec<ExtensionHeader>],
])

/** True for the Next Header values whose header the walker decodes and steps over. */
export function isWalkedExtensionHeader(protocol: number): boolean {
  return BY_PROTOCOL.has(protocol)
}

export function extensionHeaderProtocol(h: ExtensionHeader): number {
  switch (h.kind) {
    case 'hop-by-hop':
      return IpProtocol.hopByHop
    case 'destination-options':
      return IpProtocol.destinationOptions
    case 'routing':
    case 'routing-type2':
      return IpProtocol.routing
    case 'fragment':
      return IpProtocol.fragment
  }
}

function codecOf(h: ExtensionHeader): Codec<ExtensionHeader> {
  return BY_PROTOCOL.get(extensionHeaderProtocol(h))!
}

/** Parses the header a Next Header of `protocol` announces; undefined when it is not one we walk. */
export function parseExtensionHeader(
  protocol: number,
  bytes: Uint8Array,
): Result<ExtensionHeader, ParseError> | undefined {
  return BY_PROTOCOL.get(protocol)?.parse(bytes)
}

export function emitExtensionHeader(h: ExtensionHeader, buf: Uint8Array, offset = 0): number {
  return codecOf(h).emit(h, buf, offset)
}

export function extensionHeaderLength(h: ExtensionHeader): number {
  return codecOf(h).length(h)
}
