// The tunnel entry point (RFC 6275 §10.4.2, RFC 2473 §3, §7.1) on the lab of seed 002.
import {
  FRAGMENT_HEADER_LENGTH,
  FragmentHeader,
  Icmpv6Message,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  icmpv6ChecksumValid,
  mustParse,
  walkHeaderChain,
} from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { HomeAgentTunnel } from './home-agent-tunnel'
import { tunnelSettings } from './settings'
import {
  CN,
  COA,
  COA2,
  HA,
  HOA,
  HOA2,
  headerOf,
  hex,
  kinds,
  labTunnel,
  only,
  toHex,
  udpPacket,
} from './testing/packets'

describe('encapsulation', () => {
  it('tunnels a packet for a registered home address from the Home Agent address to the care-of address', () => {
    const t = labTunnel()
    const original = udpPacket({ length: 56, trafficClass: 0xb8 })
    const actions = t.encapsulate(original, 0)
    expect(kinds(actions)).toEqual(['send-tunnelled'])
    const [sent] = only(actions, 'send-tunnelled')
    expect(sent!.careOfAddress).toEqual(COA)
    // scapy 2.5.0: IPv6(src='2001:db8::', dst='2001:db8:1:0:205:5dff:fef2:db2b', tc=0xb8,
    // fl=0x9588a, hlim=64)/IPv6(src='2001:db8:2::1', dst='2001:db8::beef', tc=0xb8, hlim=63)
    // /UDP(sport=40000, dport=7)/bytes(range(8, 16)); the flow label is seed 2's.
    const golden = hex(`
      6b 89 58 8a                                      // version 6, traffic class 0xb8 copied, flow label 0x9588a
      00 38                                            // payload length 56: the original packet
      29                                               // next header 41, IPv6
      40                                               // hop limit 64, ours
      20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 00  // source: the Home Agent address
      20 01 0d b8 00 01 00 00 02 05 5d ff fe f2 db 2b  // destination: the care-of address
      6b 80 00 00                                      // inner: version 6, traffic class 0xb8, flow label 0
      00 10                                            // inner payload length 16
      11                                               // inner next header 17, UDP
      3f                                               // inner hop limit 63: one less
      20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 01  // inner source: the correspondent
      20 01 0d b8 00 00 00 00 00 00 00 00 00 00 be ef  // inner destination: the home address
      9c 40 00 07 00 10 1c f2                          // UDP ports 40000 -> 7, length 16, checksum
      08 09 0a 0b 0c 0d 0e 0f                          // UDP payload
    `)
    expect(toHex(sent!.packet)).toBe(toHex(golden))
    expect(t.counters).toMatchObject({ encapsulated: 1, fragmented: 0, drops: {} })
  })

  it('leaves the bytes it was handed alone and cuts link-layer padding off', () => {
    const t = labTunnel()
    const original = udpPacket({ length: 60 })
    const padded = new Uint8Array(64)
    padded.set(original)
    const before = padded.slice()
    const [sent] = only(t.encapsulate(padded, 0), 'send-tunnelled')
    expect(padded).toEqual(before)
    expect(sent!.packet.length).toBe(IPV6_HEADER_LENGTH + 60)
  })

  it('follows the binding to its new care-of address, and stops when it is removed', () => {
    const t = labTunnel()
    t.bindings.set({ homeAddress: HOA, careOfAddress: COA2, haAddress: HA })
    const [moved] = only(t.encapsulate(udpPacket(), 0), 'send-tunnelled')
    expect(moved!.careOfAddress).toEqual(COA2)
    expect(headerOf(moved!.packet).destination).toEqual(COA2)
    expect(t.bindings.remove(HOA)).toBe(true)
    expect(kinds(t.encapsulate(udpPacket(), 0))).toEqual(['drop:no-binding'])
  })

  it('drops packets for addresses without a binding', () => {
    const t = labTunnel()
    expect(kinds(t.encapsulate(udpPacket({ destination: HOA2 }), 0))).toEqual(['drop:no-binding'])
    expect(t.counters.drops).toEqual({ 'no-binding': 1 })
  })

  it.each([
    ['unspecified', '::'],
    ['loopback', '::1'],
    ['multicast', 'ff02::1'],
    ['link-local', 'fe80::1'],
  ])('does not forward a packet with a %s source (RFC 4291)', (_, source) => {
    const t = labTunnel()
    expect(kinds(t.encapsulate(udpPacket({ source: mustParse(source) }), 0))).toEqual(['drop:bad-source'])
  })

  it('uses the same flow label for one flow and spreads different flows (RFC 6437 §3)', () => {
    const t = labTunnel()
    const labelOf = (packet: Uint8Array) => {
      const [sent] = only(t.encapsulate(packet, 0), 'send-tunnelled')
      return headerOf(sent!.packet).flowLabel
    }
    const flow = labelOf(udpPacket({ sourcePort: 1000 }))
    expect(labelOf(udpPacket({ sourcePort: 1000, length: 300 }))).toBe(flow)
    const others = [1001, 1002, 1003, 1004].map((sourcePort) => labelOf(udpPacket({ sourcePort })))
    expect(new Set([flow, ...others]).size).toBe(5)
    expect(labelOf(udpPacket({ flowLabel: 0x12345 }))).not.toBe(labelOf(udpPacket({ flowLabel: 0x54321 })))
    expect([flow, ...others].every((label) => label > 0 && label <= 0xfffff)).toBe(true)
  })

  it('keys the flow label hash with a secret drawn from the rng', () => {
    const labelWith = (seed: number) => {
      const [sent] = only(labTunnel({}, seed).encapsulate(udpPacket(), 0), 'send-tunnelled')
      return headerOf(sent!.packet).flowLabel
    }
    expect(labelWith(2)).toBe(labelWith(2))
    expect(labelWith(2)).not.toBe(labelWith(3))
  })
})

describe('hop limit (RFC 2473 §3.1, RFC 8200 §3)', () => {
  it('answers hop limit 1 with a Time Exceeded from the Home Agent address to the source', () => {
    const t = labTunnel()
    const original = udpPacket({ hopLimit: 1 })
    const actions = t.encapsulate(original, 0)
    expect(kinds(actions)).toEqual(['send-icmp-error', 'drop:hop-limit-exceeded'])
    const [error] = only(actions, 'send-icmp-error')
    expect(error).toMatchObject({
      source: HA,
      destination: CN,
      msg: { kind: 'time-exceeded', code: 0, unused: 0, invoking: original },
    })
    const sent = walkHeaderChain(error!.packet)
    if (!sent.ok) throw new Error('ICMPv6 error does not walk')
    expect(sent.value.header).toMatchObject({ source: HA, destination: CN, hopLimit: 64 })
    expect(sent.value.upperProtocol).toBe(IpProtocol.icmpv6)
    expect(icmpv6ChecksumValid(sent.value.upper, HA, CN)).toBe(true)
    expect(Icmpv6Message.parse(sent.value.upper)).toEqual({ ok: true, value: error!.msg })
    expect(t.counters).toMatchObject({ timeExceededSent: 1, encapsulated: 0 })
  })

  it('treats hop limit 0 like 1 and forwards hop limit 2 with 1 left', () => {
    const t = labTunnel()
    expect(kinds(t.encapsulate(udpPacket({ hopLimit: 0 }), 0))).toEqual([
      'send-icmp-error',
      'drop:hop-limit-exceeded',
    ])
    const [sent] = only(t.encapsulate(udpPacket({ hopLimit: 2 }), 0), 'send-tunnelled')
    expect(headerOf(sent!.packet.subarray(IPV6_HEADER_LENGTH)).hopLimit).toBe(1)
  })

  it("leaves the hop limit alone when the host's stack forwarded the packet to the tunnel", () => {
    const t = new HomeAgentTunnel(tunnelSettings(), { rng: () => 0.5, forwardedByHost: true })
    t.bindings.set({ homeAddress: HOA, careOfAddress: COA, haAddress: HA })
    // The stack decremented it already, and answered a packet with none left itself.
    const [sent] = only(t.encapsulate(udpPacket({ hopLimit: 1 }), 0), 'send-tunnelled')
    expect(headerOf(sent!.packet.subarray(IPV6_HEADER_LENGTH)).hopLimit).toBe(1)
  })

  it('sends no error about an ICMPv6 error (RFC 4443 §2.4 (e.1))', () => {
    const t = labTunnel()
    const icmpError = udpPacket({ hopLimit: 1 })
    icmpError[6] = IpProtocol.icmpv6 // next header
    icmpError[IPV6_HEADER_LENGTH] = 1 // type: Destination Unreachable
    expect(kinds(t.encapsulate(icmpError, 0))).toEqual(['drop:hop-limit-exceeded'])
  })
})

describe('tunnel MTU (RFC 2473 §7.1)', () => {
  it('sends a packet of exactly the tunnel MTU whole', () => {
    const t = labTunnel()
    const actions = t.encapsulate(udpPacket({ length: 1460 }), 0)
    expect(kinds(actions)).toEqual(['send-tunnelled'])
    expect(only(actions, 'send-tunnelled')[0]!.packet.length).toBe(1500)
  })

  it('answers a packet over 1280 octets that does not fit with a Packet Too Big of the tunnel MTU', () => {
    const t = labTunnel()
    const original = udpPacket({ length: 1461 })
    const actions = t.encapsulate(original, 0)
    expect(kinds(actions)).toEqual(['send-icmp-error', 'drop:too-big'])
    const [error] = only(actions, 'send-icmp-error')
    expect(error).toMatchObject({ source: HA, destination: CN, msg: { kind: 'packet-too-big', mtu: 1460 } })
    // RFC 4443 §3.2: as much of the invoking packet as fits in 1280 octets.
    expect(error!.msg.invoking).toEqual(original.subarray(0, 1280 - 48))
    expect(error!.packet.length).toBe(1280)
    expect(t.counters).toMatchObject({ packetTooBigSent: 1, drops: { 'too-big': 1 } })
  })

  it('never reports an MTU under 1280, however small the link', () => {
    const t = labTunnel({ linkMtu: 1300 })
    const [error] = only(t.encapsulate(udpPacket({ length: 1281 }), 0), 'send-icmp-error')
    expect(error!.msg).toMatchObject({ kind: 'packet-too-big', mtu: 1280 })
  })

  it('rate-limits Packet Too Big on the clock it is given (RFC 4443 §2.4 (f))', () => {
    const t = labTunnel({ icmpErrorRate: { perSecond: 2, burst: 3 } })
    const big = udpPacket({ length: 1500 })
    const errorsAt = (now: number) => only(t.encapsulate(big, now), 'send-icmp-error').length
    expect([0, 0, 0, 0].map(errorsAt)).toEqual([1, 1, 1, 0])
    expect(errorsAt(400)).toBe(0)
    expect([1500, 1500, 1500, 1500].map(errorsAt)).toEqual([1, 1, 1, 0])
    expect(t.counters).toMatchObject({
      packetTooBigSent: 6,
      icmpErrorsRateLimited: 3,
      drops: { 'too-big': 9 },
    })
  })

  it('fragments the tunnel packet of a packet of up to 1280 octets that does not fit', () => {
    const t = labTunnel({ linkMtu: 1280 })
    const original = udpPacket({ length: 1280 })
    const actions = t.encapsulate(original, 0)
    expect(kinds(actions)).toEqual(['send-tunnelled', 'send-tunnelled'])
    const fragments = only(actions, 'send-tunnelled').map((a) => a.packet)
    expect(fragments.map((f) => f.length)).toEqual([1280, 40 + 8 + (1280 - 1232)])

    const headers = fragments.map(headerOf)
    for (const h of headers) {
      expect(h).toMatchObject({ source: HA, destination: COA, nextHeader: IpProtocol.fragment, hopLimit: 64 })
    }
    expect(headers[0]!.flowLabel).toBe(headers[1]!.flowLabel)
    const fragmentHeaders = fragments.map((f) => {
      const parsed = FragmentHeader.parse(f.subarray(IPV6_HEADER_LENGTH))
      if (!parsed.ok) throw new Error('no Fragment header')
      return parsed.value
    })
    expect(fragmentHeaders).toEqual([
      expect.objectContaining({ nextHeader: 41, fragmentOffsetUnits8: 0, moreFragments: true }),
      expect.objectContaining({ nextHeader: 41, fragmentOffsetUnits8: 1232 / 8, moreFragments: false }),
    ])
    expect(fragmentHeaders[0]!.identification).toBe(fragmentHeaders[1]!.identification)
    // 1280 - 40 - 8 = 1232 octets, a multiple of 8, in the first fragment.
    const data = fragments.map((f) => f.subarray(IPV6_HEADER_LENGTH + FRAGMENT_HEADER_LENGTH))
    const forwarded = original.slice()
    forwarded[7] = 63
    expect(toHex(Buffer.concat(data))).toBe(toHex(forwarded))
    expect(t.counters).toMatchObject({ encapsulated: 1, fragmented: 1 })
  })

  it('gives each fragmented packet its own Identification', () => {
    const t = labTunnel({ linkMtu: 1280 })
    const ids = [0, 1, 2].map(() => {
      const [first] = only(t.encapsulate(udpPacket({ length: 1280 }), 0), 'send-tunnelled')
      const parsed = FragmentHeader.parse(first!.packet.subarray(IPV6_HEADER_LENGTH))
      return parsed.ok ? parsed.value.identification : undefined
    })
    expect(new Set(ids).size).toBe(3)
  })
})

describe('malformed input', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['a truncated header', udpPacket().subarray(0, 39)],
    ['IPv4', Uint8Array.from([0x45, ...udpPacket().subarray(1)])],
    ['less than its payload length', udpPacket().subarray(0, 99)],
  ])('drops %s and counts it', (_, bytes) => {
    const t = labTunnel()
    expect(kinds(t.encapsulate(bytes, 0))).toEqual(['drop:malformed'])
    expect(t.counters.drops).toEqual({ malformed: 1 })
  })
})
