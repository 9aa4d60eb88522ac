import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { encode } from './codec'
import {
  ETHERNET_HEADER_LENGTH,
  ETHERTYPE_IPV6,
  EthernetHeader,
  formatMac,
  isGroupMac,
  type MacAddress,
  parseMac,
} from './ethernet'
import { ALL_NODES, formatAddress, linkLocalFromMac, multicastMac } from './ipv6-address'
import { padOptions } from './ipv6-options'
import { emitPacket, fillUpperChecksum, type Ipv6Packet, walkHeaderChain } from './ipv6-packet'
import { arbEthernetHeader } from './testing/arb-ip'
import { hex, roundTrip, toHex } from './testing/round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './testing/scapy'
import { hasCommand, hasScapy, requireTool } from './testing/tools'
import { tsharkDecode } from './testing/tshark'

const mac = (text: string): MacAddress => {
  const r = parseMac(text)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

// scapy: Ether(dst='33:33:00:00:00:01', src='00:05:5d:f2:db:2b')/IPv6(): a frame to all-nodes.
const golden = hex(`
  333300000001  // destination 33:33:00:00:00:01 (RFC 2464 §7 multicast for ff02::1)
  00055df2db2b  // source 00:05:5d:f2:db:2b
  86dd          // EtherType IPv6
`)
const header: EthernetHeader = {
  destination: multicastMac(ALL_NODES),
  source: mac('00:05:5d:f2:db:2b'),
  etherType: ETHERTYPE_IPV6,
}

/** An IPv6 echo request to all-nodes from the link-local address of `header.source`. */
function ipv6Echo(): Uint8Array {
  const p: Ipv6Packet = {
    header: {
      trafficClass: 0,
      flowLabel: 0,
      payloadLength: 0,
      nextHeader: 0,
      hopLimit: 1,
      source: linkLocalFromMac(header.source),
      destination: ALL_NODES,
    },
    extensions: [
      { kind: 'hop-by-hop', nextHeader: 0, options: padOptions([{ kind: 'router-alert', value: 0 }]) },
    ],
    upperProtocol: 58,
    upper: hex('80 00 0000 0001 0002'),
  }
  fillUpperChecksum(p, 2)
  return emitPacket(p)
}

describe('Ethernet II header (RFC 894, RFC 2464)', () => {
  it('emits and parses the golden bytes field by field (scapy)', () => {
    roundTrip(EthernetHeader, header, golden)
  })

  it('reads the header off a whole frame and leaves the payload to the caller', () => {
    const frame = new Uint8Array([...golden, ...ipv6Echo()])
    const r = EthernetHeader.parse(frame)
    expect(r).toEqual({ ok: true, value: header })
    const ip = walkHeaderChain(frame.subarray(ETHERNET_HEADER_LENGTH))
    expect(ip.ok && ip.value.upperProtocol).toBe(58)
  })

  it('reports a short header as truncated', () => {
    expect(EthernetHeader.parse(golden.subarray(0, 13))).toEqual({
      ok: false,
      error: { kind: 'truncated', field: 'header', at: 13 },
    })
  })

  it('reads and writes MAC addresses as ip link and hostapd do', () => {
    expect(formatMac(mac('00-05-5D-F2-DB-2B'))).toBe('00:05:5d:f2:db:2b')
    expect(parseMac('00:05:5d:f2:db').ok).toBe(false)
    expect(parseMac('00:05:5d:f2:db:2g').ok).toBe(false)
    expect(isGroupMac(header.destination)).toBe(true)
    expect(isGroupMac(header.source)).toBe(false)
  })

  it('refuses to emit a MAC address that is not 6 octets', () => {
    expect(() => encode(EthernetHeader, { ...header, source: new Uint8Array(5) })).toThrow(/6 octets/)
  })
})

describe.runIf(requireTool(hasScapy(), 'Ethernet vs scapy'))('Ethernet vs scapy', () => {
  let answers: ScapyAnswer[] = []
  beforeAll(() => {
    answers = scapyBatch([
      { op: 'build', expr: "Ether(dst='33:33:00:00:00:01', src='00:05:5d:f2:db:2b')/IPv6()" },
      {
        op: 'decode',
        first: 'Ether',
        hex: toHex(new Uint8Array([...encode(EthernetHeader, header), ...ipv6Echo()])),
      },
    ])
  })

  it("parses scapy's frame header field for field", () => {
    const bytes = bytesOf(answers[0]!)
    const f = layer(answers[0]!, 'Ether')
    const r = EthernetHeader.parse(bytes)
    expect(r).toEqual({
      ok: true,
      value: { destination: mac(f.dst as string), source: mac(f.src as string), etherType: f.type },
    })
    expect(toHex(bytes.subarray(0, ETHERNET_HEADER_LENGTH))).toBe(toHex(golden))
  })

  it('scapy reads our frame as we wrote it', () => {
    expect(layer(answers[1]!, 'Ether')).toEqual({
      dst: '33:33:00:00:00:01',
      src: '00:05:5d:f2:db:2b',
      type: 0x86dd,
    })
    expect(layer(answers[1]!, 'IPv6')).toMatchObject({
      dst: 'ff02::1',
      src: formatAddress(linkLocalFromMac(header.source)),
    })
    expect(layer(answers[1]!, 'ICMPv6EchoRequest')).toMatchObject({ id: 1, seq: 2 })
  })
})

describe.runIf(requireTool(hasCommand('tshark', 'tshark'), 'Ethernet vs tshark'))(
  'Ethernet vs tshark',
  () => {
    it('decodes our frame as Ethernet carrying IPv6, not malformed, checksum good', () => {
      const [f] = tsharkDecode([new Uint8Array([...encode(EthernetHeader, header), ...ipv6Echo()])], {
        ethernet: true,
      })
      expect(f!.protocols).toBe('eth:ethertype:ipv6:ipv6.hopopts:icmpv6')
      expect(f!.malformed).toBe(false)
      expect(f!.badChecksums).toEqual([])
      expect(f!.fields['eth.dst']).toEqual(['33:33:00:00:00:01'])
      expect(f!.fields['eth.src']).toEqual(['00:05:5d:f2:db:2b'])
      expect(f!.fields['eth.type']).toEqual(['0x86dd'])
    })
  },
)

describe('Ethernet properties', () => {
  it('parse(emit(x)) is x and emit(parse(b)) is b', () => {
    fc.assert(
      fc.property(arbEthernetHeader, fc.uint8Array({ maxLength: 20 }), (h, bytes) => {
        expect(EthernetHeader.parse(encode(EthernetHeader, h))).toEqual({ ok: true, value: h })
        const r = EthernetHeader.parse(bytes)
        expect(r.ok).toBe(bytes.length >= ETHERNET_HEADER_LENGTH)
        if (r.ok)
          expect(toHex(encode(EthernetHeader, r.value))).toBe(
            toHex(bytes.subarray(0, ETHERNET_HEADER_LENGTH)),
          )
      }),
      { numRuns: 1000 },
    )
  })
})
