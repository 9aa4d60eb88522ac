import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { type DecodedFrame, decodeFrame, encodeFrame, type FrameToSend } from './frame'
import { formatAddress, mustParse } from './ipv6-address'
import { withPaddedOptions } from './mh'
import { seedBindingAck, seedBindingUpdate } from './testing/mh-values'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasCommand, hasScapy, requireTool } from './testing/tools'
import { tsharkDecode } from './testing/tshark'

const hoa = mustParse('2001:db8::beef')
const coa = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const ha = mustParse('2001:db8::')
const ravenMac = new Uint8Array([0x00, 0x05, 0x5d, 0xf2, 0xdb, 0x2b])
const denaliMac = new Uint8Array([0x00, 0x02, 0x6f, 0x06, 0x46, 0x10])

// seed 002: raven's BU from the visited link and denali's BA back through the type 2 header.
const bindingUpdate: FrameToSend = {
  sourceMac: ravenMac,
  destinationMac: denaliMac,
  header: { trafficClass: 0, flowLabel: 0, hopLimit: 64, source: coa, destination: ha },
  extensions: [
    {
      kind: 'destination-options',
      nextHeader: 0,
      options: [
        { kind: 'padn', padding: new Uint8Array(2) },
        { kind: 'home-address', homeAddress: hoa },
      ],
    },
  ],
  message: {
    kind: 'mobility',
    msg: withPaddedOptions(seedBindingUpdate()),
  },
}

const bindingAck: FrameToSend = {
  sourceMac: denaliMac,
  destinationMac: ravenMac,
  header: { trafficClass: 0, flowLabel: 0, hopLimit: 64, source: ha, destination: coa },
  extensions: [{ kind: 'routing-type2', nextHeader: 0, segmentsLeft: 1, reserved: 0, homeAddress: hoa }],
  message: {
    kind: 'mobility',
    msg: withPaddedOptions(seedBindingAck()),
  },
}

const recomputed = (hex: string, cls: string) =>
  `(lambda p: (setattr(p[${cls}], 'cksum', None), Ether(bytes(p)))[1])(Ether(bytes.fromhex("${hex}")))`

function decoded(bytes: Uint8Array): DecodedFrame {
  const r = decodeFrame(bytes)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('frames: Ethernet + IPv6 + extension headers + ICMPv6 / Mobility Header', () => {
  it('encodes a BU with a Home Address option and decodes it back, checksum over the home address', () => {
    const frame = decoded(encodeFrame(bindingUpdate))
    expect(frame.message?.kind).toBe('mobility')
    expect(frame.message?.msg).toMatchObject({
      kind: 'binding-update',
      sequence: 54814,
      lifetimeUnits4s: 65535,
    })
    expect(formatAddress(frame.packet.header.source)).toBe('2001:db8:1:0:205:5dff:fef2:db2b')
  })

  it('reports a corrupted checksum as bad-checksum at the checksum field', () => {
    const bytes = encodeFrame(bindingAck)
    bytes[bytes.length - 1]! ^= 0xff
    const r = decodeFrame(bytes)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.kind).toBe('bad-checksum')
  })

  it('refuses a frame that is not IPv6 as unsupported, without throwing', () => {
    const bytes = encodeFrame(bindingAck)
    bytes[12] = 0x08
    bytes[13] = 0x00
    expect(decodeFrame(bytes)).toEqual({
      ok: false,
      error: { kind: 'unsupported', field: 'etherType', at: 12 },
    })
  })

  it('leaves other upper layers undecoded', () => {
    const bytes = encodeFrame(bindingAck)
    bytes[14 + 6] = 17 // next header: UDP instead of the routing header
    expect(decoded(bytes).message).toBeUndefined()
  })
})

describe('decodeFrame on hostile bytes', () => {
  const frames = [encodeFrame(bindingUpdate), encodeFrame(bindingAck)]

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeFrame(bytes)
      }),
      { numRuns: 20_000 },
    )
  })

  it('never throws on real frames with bytes flipped, cut or extended', () => {
    const mutation = fc.record({
      which: fc.nat(frames.length - 1),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
      cut: fc.nat(),
      tail: fc.uint8Array({ maxLength: 16 }),
    })
    fc.assert(
      fc.property(mutation, ({ which, flips, cut, tail }) => {
        const base = frames[which]!
        const bytes = new Uint8Array([...base.subarray(0, base.length - (cut % 8)), ...tail])
        for (const [at, xor] of flips) bytes[at % bytes.length]! ^= xor
        expect(typeof decodeFrame(bytes).ok).toBe('boolean')
      }),
      { numRuns: 20_000 },
    )
  })
})

describe.runIf(
  requireTool(hasScapy(), 'frame scapy cross-check') &&
    requireTool(hasCommand('tshark', 'tshark'), 'frame tshark cross-check'),
)('frames against scapy and tshark', () => {
  let answers: ScapyAnswer[]
  beforeAll(() => {
    const hex = (f: FrameToSend) => Buffer.from(encodeFrame(f)).toString('hex')
    answers = scapyBatch([
      {
        op: 'build',
        expr: `Ether(src="00:05:5d:f2:db:2b", dst="00:02:6f:06:46:10")/IPv6(src="${formatAddress(coa)}", dst="2001:db8::")/IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8::beef")])/MIP6MH_BU(seq=54814, flags="AH", mhtime=65535)`,
      },
      { op: 'decode', hex: hex(bindingUpdate), first: 'Ether' },
      { op: 'decode', hex: hex(bindingAck), first: 'Ether' },
      // scapy recomputes the Mobility Header checksum when it is cleared
      { op: 'build', expr: recomputed(hex(bindingAck), 'MIP6MH_BA') },
    ])
  })

  it("decodes scapy's BU frame with its checksum accepted", () => {
    const frame = decoded(bytesOf(answers[0]!))
    expect(frame.message?.msg).toMatchObject({
      kind: 'binding-update',
      sequence: 54814,
      acknowledge: true,
      homeRegistration: true,
    })
  })

  it('gives scapy our BU and BA, whose checksums equal the ones scapy computes itself', () => {
    expect(layer(answers[1]!, 'MIP6MH_BU')).toMatchObject({ seq: 54814, mhtime: 65535 })
    expect(layer(answers[2]!, 'MIP6MH_BA')).toMatchObject({ seq: 54814, status: 0 })
    // scapy builds the same BU frame byte for byte, checksum over the home address included.
    expect(answers[0]!.hex).toBe(Buffer.from(encodeFrame(bindingUpdate)).toString('hex'))
    // Re-dissected, scapy leaves the home address out of the BU's checksum when the option
    // list holds more than the Home Address option (RFC 6275 §6.3 says to use it), so only
    // the BA, whose type 2 routing header scapy honours, is recomputed by scapy.
    expect(answers[3]!.hex).toBe(Buffer.from(encodeFrame(bindingAck)).toString('hex'))
  })

  it('tshark decodes both frames cleanly', () => {
    const frames = tsharkDecode([encodeFrame(bindingUpdate), encodeFrame(bindingAck)], { ethernet: true })
    for (const f of frames) {
      expect(f.malformed).toBe(false)
      expect(f.protocols).toContain('mipv6')
    }
  })
})
