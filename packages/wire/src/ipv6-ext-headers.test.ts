import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IpProtocol } from './ip-protocol'
import {
  emitExtensionHeader,
  extensionHeaderLength,
  extensionHeaderProtocol,
  isWalkedExtensionHeader,
  parseExtensionHeader,
} from './ipv6-ext-headers'
import { arbExtensionHeader } from './testing/arb-ip'

describe('extension header dispatch (RFC 8200 §4)', () => {
  it('walks Hop-by-Hop, Routing, Fragment and Destination Options, and nothing else', () => {
    const walked = Array.from({ length: 256 }, (_, p) => p).filter(isWalkedExtensionHeader)
    expect(walked).toEqual([
      IpProtocol.hopByHop,
      IpProtocol.routing,
      IpProtocol.fragment,
      IpProtocol.destinationOptions,
    ])
    expect(isWalkedExtensionHeader(IpProtocol.mobility)).toBe(false)
    expect(parseExtensionHeader(IpProtocol.mobility, new Uint8Array(8))).toBeUndefined()
  })

  it('parses each header by the protocol number its kind maps to', () => {
    fc.assert(
      fc.property(arbExtensionHeader, (h) => {
        const bytes = new Uint8Array(extensionHeaderLength(h))
        expect(emitExtensionHeader(h, bytes)).toBe(bytes.length)
        expect(parseExtensionHeader(extensionHeaderProtocol(h), bytes)).toEqual({ ok: true, value: h })
      }),
      { numRuns: 1000 },
    )
  })
})
