// Hand-built Ethernet/IPv6/ICMPv6 echo frames for the packet I/O tests, independent of the
// wire codecs so that netio's tests do not depend on what they will later carry.
// Layouts: Ethernet II (14 bytes), RFC 8200 §3 (40 bytes), RFC 4443 §4.1 echo (8 + data).

const ETHERTYPE_IPV6 = 0x86dd
const NEXT_HEADER_ICMPV6 = 58
const ICMPV6_ECHO_REQUEST = 128
const ETH_LENGTH = 14
const IPV6_LENGTH = 40
const IPV6_AT = ETH_LENGTH
const ICMP_AT = ETH_LENGTH + IPV6_LENGTH
const HOP_LIMIT = 64

export interface EchoFrame {
  srcMac: string
  dstMac: string
  src: string
  dst: string
  identifier: number
  sequence: number
  data?: Uint8Array
}

export function echoRequestFrame(e: EchoFrame): Uint8Array {
  const data = e.data ?? new Uint8Array(0)
  const icmpLength = 8 + data.length
  const f = new Uint8Array(ICMP_AT + icmpLength)
  const v = new DataView(f.buffer)
  f.set(macBytes(e.dstMac), 0)
  f.set(macBytes(e.srcMac), 6)
  v.setUint16(12, ETHERTYPE_IPV6)
  v.setUint32(IPV6_AT, 6 << 28)
  v.setUint16(IPV6_AT + 4, icmpLength)
  f[IPV6_AT + 6] = NEXT_HEADER_ICMPV6
  f[IPV6_AT + 7] = HOP_LIMIT
  f.set(ipv6Bytes(e.src), IPV6_AT + 8)
  f.set(ipv6Bytes(e.dst), IPV6_AT + 24)
  f[ICMP_AT] = ICMPV6_ECHO_REQUEST
  v.setUint16(ICMP_AT + 4, e.identifier)
  v.setUint16(ICMP_AT + 6, e.sequence)
  f.set(data, ICMP_AT + 8)
  v.setUint16(ICMP_AT + 2, icmpv6Checksum(f))
  return f
}

export interface Icmpv6Summary {
  srcMac: string
  src: string
  type: number
  identifier: number
  sequence: number
}

/** The ICMPv6 fields of a frame that carries ICMPv6 right after the IPv6 header. */
export function icmpv6Of(f: Uint8Array): Icmpv6Summary | undefined {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength)
  if (f.length < ICMP_AT + 8 || v.getUint16(12) !== ETHERTYPE_IPV6) return undefined
  if (f[IPV6_AT + 6] !== NEXT_HEADER_ICMPV6) return undefined
  return {
    srcMac: [...f.subarray(6, 12)].map((b) => b.toString(16).padStart(2, '0')).join(':'),
    src: ipv6Text(f.subarray(IPV6_AT + 8, IPV6_AT + 24)),
    type: f[ICMP_AT]!,
    identifier: v.getUint16(ICMP_AT + 4),
    sequence: v.getUint16(ICMP_AT + 6),
  }
}

function icmpv6Checksum(f: Uint8Array): number {
  const length = f.length - ICMP_AT
  let sum = length + NEXT_HEADER_ICMPV6
  const add = (from: number, to: number) => {
    for (let i = from; i < to; i += 2) sum += (f[i]! << 8) | (i + 1 < to ? f[i + 1]! : 0)
  }
  add(IPV6_AT + 8, IPV6_AT + 40)
  add(ICMP_AT, f.length)
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}

function macBytes(text: string): Uint8Array {
  return Uint8Array.from(text.split(':').map((h) => Number.parseInt(h, 16)))
}

function ipv6Bytes(text: string): Uint8Array {
  const [head = '', tail] = text.split('::')
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : [])
  const h = groups(head)
  const t = groups(tail)
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t]
  const out = new Uint8Array(16)
  all.forEach((g, i) => {
    out[2 * i] = g >> 8
    out[2 * i + 1] = g & 0xff
  })
  return out
}

/** Full, uncompressed text: enough to compare with a known address in a test. */
function ipv6Text(b: Uint8Array): string {
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16))
  return groups.join(':')
}
