import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from './codec'
import { fillIcmpv6Checksum, Icmpv6Message, icmpv6ChecksumValid } from './icmpv6'
import { Icmpv6Header, Icmpv6Type } from './icmpv6-header'
import { mustParse } from './ipv6-address'
import { arbAddress, arbIcmpv6LikeBytes, arbIcmpv6Message, mutated } from './testing/arb-nd'
import { icmpOf, ipv6Packet, scapyDecode, scapyRecompute } from './testing/icmpv6-packet'
import { hex, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasScapy, requireTool } from './testing/tools'

const source = mustParse('fe80::202:6fff:fe06:bcf')
const destination = mustParse('ff02::1')

describe('ICMPv6 common header (RFC 4443 §2.1)', () => {
  it('emits and parses type, code and checksum', () => {
    roundTrip(Icmpv6Header, { type: 134, code: 0, checksum: 0xbeef }, hex('86 00 beef'))
  })
})

describe('ICMPv6 message dispatch on Type', () => {
  it('decodes each known type with its own codec', () => {
    const kinds = [
      ['80 00 0000 0001 0002', 'echo-request'],
      ['81 00 0000 0001 0002', 'echo-reply'],
      ['01 04 0000 00000000', 'destination-unreachable'],
      ['02 00 0000 00000500', 'packet-too-big'],
      ['03 00 0000 00000000', 'time-exceeded'],
      ['04 01 0000 00000006', 'parameter-problem'],
      ['85 00 0000 00000000', 'router-solicit'],
      ['86 00 0000 40 00 0708 00000000 00000000', 'router-advert'],
      [`87 00 0000 00000000 ${'00'.repeat(16)}`, 'neighbor-solicit'],
      [`88 00 0000 00000000 ${'00'.repeat(16)}`, 'neighbor-advert'],
      [`89 00 0000 00000000 ${'00'.repeat(32)}`, 'redirect'],
      ['90 00 0000 0001 0000', 'haad-request'],
      ['91 00 0000 0001 0000', 'haad-reply'],
      ['92 00 0000 0001 0000', 'mobile-prefix-solicit'],
      ['93 00 0000 0001 0000', 'mobile-prefix-advert'],
    ] as const
    for (const [bytes, kind] of kinds) {
      expect(Icmpv6Message.parse(hex(bytes)), kind).toMatchObject({ ok: true, value: { kind } })
    }
    expect(kinds.length).toBe(Object.keys(Icmpv6Type).length)
  })

  it('keeps a type it does not decode, body and all (here 200, private experimentation)', () => {
    const bytes = hex(`
      c8          // type 200
      07          // code
      1234        // checksum
      cafebabe 01 // body
    `)
    roundTrip(
      Icmpv6Message,
      { kind: 'unknown', type: 200, code: 7, checksum: 0x1234, body: hex('cafebabe01') },
      bytes,
    )
  })

  it('reports a known type with a broken body as an error, not as unknown', () => {
    expect(Icmpv6Message.parse(hex('86 00 0000 40 00 0708'))).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })

  it('refuses fewer than four octets', () => {
    expect(Icmpv6Message.parse(hex('86 00 00'))).toMatchObject({ ok: false, error: { kind: 'truncated' } })
  })
})

describe('ICMPv6 checksum (RFC 4443 §2.3)', () => {
  const rs = hex('85 00 0000 00000000 01 01 00055df2db2b')

  it('fills a checksum that verifies, and no longer does after one flipped bit', () => {
    const bytes = rs.slice()
    fillIcmpv6Checksum(bytes, source, destination)
    expect(icmpv6ChecksumValid(bytes, source, destination)).toBe(true)
    bytes[9]! ^= 0x10
    expect(icmpv6ChecksumValid(bytes, source, destination)).toBe(false)
  })

  it('depends on the pseudo-header addresses the caller passes', () => {
    const bytes = rs.slice()
    fillIcmpv6Checksum(bytes, source, destination)
    expect(icmpv6ChecksumValid(bytes, source, mustParse('ff02::2'))).toBe(false)
  })

  it('calls a message too short for a checksum invalid', () => {
    expect(icmpv6ChecksumValid(hex('85 00'), source, destination)).toBe(false)
  })

  it('verifies any message after filling, odd lengths included', () => {
    fc.assert(
      fc.property(arbIcmpv6Message, arbAddress, arbAddress, (m, s, d) => {
        const bytes = encode(Icmpv6Message, m)
        fillIcmpv6Checksum(bytes, s, d)
        expect(icmpv6ChecksumValid(bytes, s, d)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})

describe.runIf(requireTool(hasScapy(), 'ICMPv6 checksum: scapy cross-check'))(
  'ICMPv6 checksum against scapy',
  () => {
    // Generated messages of every type, from and to generated addresses: scapy recomputes each
    // checksum we filled, and its own (here: built from our bytes) verifies with ours.
    const samples = fc.sample(fc.tuple(arbIcmpv6Message, arbAddress, arbAddress), { numRuns: 60, seed: 4443 })
    const packets = samples.map(([m, s, d]) => ipv6Packet(s, d, encode(Icmpv6Message, m)))
    let recomputed: ScapyAnswer[] = []
    let decoded: ScapyAnswer[] = []
    beforeAll(() => {
      const answers = scapyBatch([...packets.map(scapyRecompute), ...packets.map(scapyDecode)])
      recomputed = answers.slice(0, packets.length)
      decoded = answers.slice(packets.length)
    })

    it('computes the same checksum as scapy for every sample', () => {
      packets.forEach((p, i) => {
        // scapy rebuilds the packet from its dissection of ours with its own checksum.
        expect(toHex(bytesOf(recomputed[i]!)), `sample ${i}`).toBe(toHex(p))
      })
    })

    it('has scapy read the type and code we wrote, where scapy knows the type', () => {
      let known = 0
      packets.forEach((p, i) => {
        expect(layer(decoded[i]!, 'IPv6').nh).toBe(58)
        const fields = (decoded[i]!.layers ?? [])[1]?.fields ?? {}
        if (fields.type === undefined) return // scapy shows types it lacks a class for as Raw
        known++
        expect([fields.type, fields.code], `sample ${i}`).toEqual([icmpOf(p)[0], icmpOf(p)[1]])
      })
      expect(known).toBeGreaterThan(packets.length / 2)
    })
  },
)

describe('ICMPv6 message properties', () => {
  it('round-trips generated messages of every type', () => {
    fc.assert(
      fc.property(arbIcmpv6Message, (m) => {
        expect(Icmpv6Message.parse(encode(Icmpv6Message, m))).toEqual({ ok: true, value: m })
      }),
      { numRuns: 3000 },
    )
  })

  it('re-emits whatever parses octet for octet, and never throws on near misses', () => {
    fc.assert(
      fc.property(mutated(arbIcmpv6Message.map((m) => encode(Icmpv6Message, m))), (bytes) => {
        const r = Icmpv6Message.parse(bytes)
        if (r.ok) expect(toHex(encode(Icmpv6Message, r.value))).toBe(toHex(bytes))
      }),
      { numRuns: 4000 },
    )
  })

  it('never throws on random octets behind a known type', () => {
    fc.assert(
      fc.property(arbIcmpv6LikeBytes, (bytes) => {
        const r = Icmpv6Message.parse(bytes)
        if (r.ok) expect(toHex(encode(Icmpv6Message, r.value))).toBe(toHex(bytes))
      }),
      { numRuns: 4000 },
    )
  })

  it('never throws on random octets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = Icmpv6Message.parse(bytes)
        if (r.ok) expect(toHex(encode(Icmpv6Message, r.value))).toBe(toHex(bytes))
      }),
      { numRuns: 2000 },
    )
  })
})
