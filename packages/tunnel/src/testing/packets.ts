// Tests' lab, as in seed 002: the Home Agent denali (2001:db8::) with raven's home address
// 2001:db8::beef, raven away at a care-of address in 2001:db8:1::/64, and a correspondent
// off both links. Builders for the packets each of them sends.
import { seededRng } from '@mip6/engine-kit/testing'
import {
  FRAGMENT_HEADER_LENGTH,
  FragmentHeader,
  fillChecksum,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  type Ipv6Address,
  Ipv6Header,
  mustParse,
} from '@mip6/wire'
import type { TunnelAction } from '../actions'
import { HomeAgentTunnel } from '../home-agent-tunnel'
import { MobileNodeTunnel } from '../mobile-node-tunnel'
import { type TunnelSettings, tunnelSettings } from '../settings'

export const HA = mustParse('2001:db8::')
export const HOA = mustParse('2001:db8::beef')
export const COA = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
export const HOA2 = mustParse('2001:db8::cafe')
export const COA2 = mustParse('2001:db8:1:0:205:5dff:fef2:aaaa')
export const CN = mustParse('2001:db8:2::1')
export const STRANGER = mustParse('2001:db8:3::666')

const UDP_HEADER_LENGTH = 8
const UDP_LENGTH_AT = 4
const UDP_CHECKSUM_AT = 6

export interface UdpOptions {
  source?: Ipv6Address
  destination?: Ipv6Address
  /** The whole IPv6 packet's length. */
  length?: number
  hopLimit?: number
  trafficClass?: number
  flowLabel?: number
  sourcePort?: number
  destinationPort?: number
}

/** A UDP datagram in an IPv6 packet, its payload counting up from 0, checksum filled. */
export function udpPacket(o: UdpOptions = {}): Uint8Array {
  const source = o.source ?? CN
  const destination = o.destination ?? HOA
  const length = o.length ?? 100
  const packet = new Uint8Array(length)
  Ipv6Header.emit(
    {
      trafficClass: o.trafficClass ?? 0,
      flowLabel: o.flowLabel ?? 0,
      payloadLength: length - IPV6_HEADER_LENGTH,
      nextHeader: IpProtocol.udp,
      hopLimit: o.hopLimit ?? 64,
      source,
      destination,
    },
    packet,
  )
  const udp = packet.subarray(IPV6_HEADER_LENGTH)
  const view = new DataView(udp.buffer, udp.byteOffset)
  view.setUint16(0, o.sourcePort ?? 40_000)
  view.setUint16(2, o.destinationPort ?? 7)
  view.setUint16(UDP_LENGTH_AT, udp.length)
  for (let i = UDP_HEADER_LENGTH; i < udp.length; i++) udp[i] = i & 0xff
  fillChecksum(source, destination, IpProtocol.udp, udp, UDP_CHECKSUM_AT)
  return packet
}

/** raven's packet to the correspondent, as raven's kernel builds it. */
export const fromRaven = (o: UdpOptions = {}) => udpPacket({ source: HOA, destination: CN, ...o })

export interface OuterOptions {
  source?: Ipv6Address
  destination?: Ipv6Address
  trafficClass?: number
  hopLimit?: number
}

/** What raven's end of the tunnel sends: `inner` behind a tunnel header from the care-of address. */
export function reverseTunnelled(inner: Uint8Array, o: OuterOptions = {}): Uint8Array {
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + inner.length)
  Ipv6Header.emit(
    {
      trafficClass: o.trafficClass ?? 0,
      flowLabel: 0,
      payloadLength: inner.length,
      nextHeader: IpProtocol.ipv6,
      hopLimit: o.hopLimit ?? 64,
      source: o.source ?? COA,
      destination: o.destination ?? HA,
    },
    packet,
  )
  packet.set(inner, IPV6_HEADER_LENGTH)
  return packet
}

export interface FragmentSpec {
  /** Octets of the tunnel packet's payload (the inner packet) this fragment carries. */
  start: number
  end: number
  more: boolean
}

/** One outer fragment of `tunnel` (a packet with no extension headers), cut where a test wants. */
export function outerFragment(
  tunnel: Uint8Array,
  spec: FragmentSpec,
  identification = 0x1234_5678,
): Uint8Array {
  const parsed = Ipv6Header.parse(tunnel)
  if (!parsed.ok) throw new Error('outerFragment: not an IPv6 packet')
  const data = tunnel.subarray(IPV6_HEADER_LENGTH + spec.start, IPV6_HEADER_LENGTH + spec.end)
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + FRAGMENT_HEADER_LENGTH + data.length)
  Ipv6Header.emit(
    {
      ...parsed.value,
      payloadLength: FRAGMENT_HEADER_LENGTH + data.length,
      nextHeader: IpProtocol.fragment,
    },
    packet,
  )
  FragmentHeader.emit(
    {
      kind: 'fragment',
      nextHeader: parsed.value.nextHeader,
      reserved: 0,
      fragmentOffsetUnits8: spec.start / 8,
      res: 0,
      moreFragments: spec.more,
      identification,
    },
    packet,
    IPV6_HEADER_LENGTH,
  )
  packet.set(data, IPV6_HEADER_LENGTH + FRAGMENT_HEADER_LENGTH)
  return packet
}

/** A tunnel with raven's binding, on a seeded generator. */
export function labTunnel(overrides: Partial<TunnelSettings> = {}, seed = 2): HomeAgentTunnel {
  const tunnel = new HomeAgentTunnel(tunnelSettings(overrides), { rng: seededRng(seed) })
  tunnel.bindings.set({ homeAddress: HOA, careOfAddress: COA, haAddress: HA })
  return tunnel
}

export function kinds(actions: TunnelAction[]): string[] {
  return actions.map((a) => (a.kind === 'drop' ? `drop:${a.reason}` : a.kind))
}

export function only<K extends TunnelAction['kind']>(
  actions: TunnelAction[],
  kind: K,
): Extract<TunnelAction, { kind: K }>[] {
  return actions.filter((a): a is Extract<TunnelAction, { kind: K }> => a.kind === kind)
}

/** Golden bytes written one field per line with `// comments`. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\/\/.*$/gm, '').replace(/[^0-9a-fA-F]/g, '')
  return Uint8Array.from(digits.match(/../g) ?? [], (b) => Number.parseInt(b, 16))
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

/** raven's end of the tunnel, registered at COA with the Home Agent HA, on a seeded generator. */
export function ravenTunnel(overrides: Partial<TunnelSettings> = {}, seed = 3): MobileNodeTunnel {
  const tunnel = new MobileNodeTunnel(tunnelSettings(overrides), { rng: seededRng(seed) })
  tunnel.setBinding({ homeAddress: HOA, careOfAddress: COA, homeAgent: HA })
  return tunnel
}

export function headerOf(packet: Uint8Array): Ipv6Header {
  const parsed = Ipv6Header.parse(packet)
  if (!parsed.ok) throw new Error('not an IPv6 packet')
  return parsed.value
}
