// What the scapy nodes send, as scapy expressions (the independent encoder), and what the
// captures saw, decoded with our own decodeFrame (which verifies the upper-layer checksum with
// Mobile IPv6's pseudo-header rules: a frame that decodes has a valid checksum).
import { waitUntil } from '@mip6/netio/testing'
import {
  type DecodedFrame,
  decodeFrame,
  formatAddress,
  formatMac,
  type Icmpv6Message,
  multicastMac,
  mustParse,
  solicitedNodeMulticast,
} from '@mip6/wire'
import type { Capture, PcapRecord } from '../../ra/support/capture'

/** The lab's addresses: seed 002's router "denali" and mobile node "raven". */
export const HA = '2001:db8::'
export const HOME_PREFIX = '2001:db8::/64'
/** RFC 6275 §10.5: the home prefix's Home-Agents anycast address (RFC 2526). */
export const HOME_AGENTS_ANYCAST = '2001:db8::fdff:ffff:ffff:fffe'
export const HOME_HOST = '2001:db8::2'
export const MAC = {
  /** wlan0, the home link. */
  routerHome: '02:00:00:00:00:01',
  /** wlan1, the visited link. */
  routerVisited: '02:00:00:00:00:02',
  homeHost: '02:00:00:00:01:01',
  /** The mobile node's interface on the visited link. */
  mobile: '02:00:00:00:01:02',
  /** The mobile node's interface on the home link, up once it returns home. */
  mobileAtHome: '02:00:00:00:01:03',
} as const

/** RFC 6275 §6.1.7: the BU's Lifetime counts 4-second units; 65535 is the most it can ask. */
export const MAX_LIFETIME_UNITS = 0xffff

export interface BuFields {
  coa: string
  hoa: string
  seq: number
  /** scapy's flag letters; RFC 6275 §6.1.7 A (acknowledge) and H (home registration). */
  flags?: string
  lifetimeUnits?: number
  /** Without a Home Address option: the care-of address is the source (returning home). */
  withoutHao?: boolean
  srcMac?: string
  dstMac?: string
}

function ether(srcMac: string, dstMac: string): string {
  return `Ether(src="${srcMac}", dst="${dstMac}")`
}

function hao(hoa: string): string {
  return `IPv6ExtHdrDestOpt(options=[HAO(hoa="${hoa}")])`
}

/** A Binding Update to the Home Agent, from the visited link unless told otherwise. */
export function bindingUpdate(f: BuFields): string {
  const head = `${ether(f.srcMac ?? MAC.mobile, f.dstMac ?? MAC.routerVisited)}/IPv6(src="${f.coa}", dst="${HA}")`
  const bu = `MIP6MH_BU(seq=${f.seq}, flags="${f.flags ?? 'AH'}", mhtime=${f.lifetimeUnits ?? MAX_LIFETIME_UNITS})`
  return f.withoutHao ? `${head}/${bu}` : `${head}/${hao(f.hoa)}/${bu}`
}

/** A Mobility Header of a type RFC 6275 does not define, checksummed by scapy. */
export function unknownMobilityHeader(coa: string, hoa: string, mhType: number): string {
  return `${ether(MAC.mobile, MAC.routerVisited)}/IPv6(src="${coa}", dst="${HA}")/${hao(hoa)}/MIP6MH_Generic(mhtype=${mhType}, msg=b"\\x00\\x00")`
}

export function haadRequest(src: string, id: number): string {
  return `${ether(MAC.mobile, MAC.routerVisited)}/IPv6(src="${src}", dst="${HOME_AGENTS_ANYCAST}")/ICMPv6HAADRequest(id=${id})`
}

export function mobilePrefixSolicit(coa: string, hoa: string, id: number): string {
  return `${ether(MAC.mobile, MAC.routerVisited)}/IPv6(src="${coa}", dst="${HA}")/${hao(hoa)}/ICMPv6MPSol(id=${id})`
}

export function echoWithHao(coa: string, hoa: string, id: number): string {
  return `${ether(MAC.mobile, MAC.routerVisited)}/IPv6(src="${coa}", dst="${HA}")/${hao(hoa)}/ICMPv6EchoRequest(id=${id}, seq=1)`
}

/** A Neighbor Solicitation from the home host for `target`, to its solicited-node group. */
export function neighborSolicit(target: string): string {
  const solicitedNode = solicitedNodeMulticast(mustParse(target))
  const group = formatAddress(solicitedNode)
  const mac = formatMac(multicastMac(solicitedNode))
  return `${ether(MAC.homeHost, mac)}/IPv6(src="${HOME_HOST}", dst="${group}", hlim=255)/ICMPv6ND_NS(tgt="${target}")/ICMPv6NDOptSrcLLAddr(lladdr="${MAC.homeHost}")`
}

/** A captured frame, decoded when it decodes. */
export interface Seen {
  /** Kernel timestamp, ms since the epoch. */
  atMs: number
  frame: Uint8Array
  decoded: DecodedFrame | undefined
}

export function seen(r: PcapRecord): Seen {
  const d = decodeFrame(r.frame)
  return { atMs: r.atMs, frame: r.frame, decoded: d.ok ? d.value : undefined }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** The first frame from record `after` on that matches, waiting for it up to `timeoutMs`. */
export async function nextFrame(
  capture: Capture,
  match: (s: Seen) => boolean,
  what: string,
  options: { after?: number; timeoutMs?: number } = {},
): Promise<Seen> {
  let found: Seen | undefined
  await waitUntil(
    () => {
      found = capture.records
        .slice(options.after ?? 0)
        .map(seen)
        .find(match)
      return found !== undefined
    },
    options.timeoutMs ?? 5_000,
    what,
  )
  return found!
}

/** Every frame from record `after` on that matches, as captured so far. */
export function framesSince(capture: Capture, match: (s: Seen) => boolean, after = 0): Seen[] {
  return capture.records.slice(after).map(seen).filter(match)
}

/** The capture's copy of a frame a scapy node sent (its transmit time). */
export function sentCopy(capture: Capture, frame: Uint8Array, what: string): Promise<Seen> {
  return nextFrame(capture, (s) => sameBytes(s.frame, frame), `${what} in the capture`)
}

export const source = (s: Seen) => (s.decoded ? formatAddress(s.decoded.packet.header.source) : '')
export const destination = (s: Seen) => (s.decoded ? formatAddress(s.decoded.packet.header.destination) : '')
export const sourceMac = (s: Seen) => formatMac(s.frame.subarray(6, 12))
export const destinationMac = (s: Seen) => formatMac(s.frame.subarray(0, 6))

/** The Mobility Header message of a frame, if it carries one. */
export function mobility(s: Seen) {
  return s.decoded?.message?.kind === 'mobility' ? s.decoded.message.msg : undefined
}

export function icmpv6(s: Seen): Icmpv6Message | undefined {
  return s.decoded?.message?.kind === 'icmpv6' ? s.decoded.message.msg : undefined
}

export function bindingAck(s: Seen, sequence?: number) {
  const m = mobility(s)
  return m?.kind === 'binding-ack' && (sequence === undefined || m.sequence === sequence) ? m : undefined
}

export function bindingError(s: Seen) {
  const m = mobility(s)
  return m?.kind === 'binding-error' ? m : undefined
}

/** The BA that answers BU `sequence` (a rejection may carry another sequence: see 135). */
export const isBindingAck = (sequence?: number) => (s: Seen) => bindingAck(s, sequence) !== undefined

/** A Neighbor Advertisement (or Solicitation) for `target`, when the frame is one. */
export function ndFor(s: Seen, kind: 'neighbor-advert' | 'neighbor-solicit', target: string) {
  const m = icmpv6(s)
  return m?.kind === kind && formatAddress(m.target) === target ? m : undefined
}

export function targetLla(s: Seen): string | undefined {
  const m = icmpv6(s)
  if (m?.kind !== 'neighbor-advert') return undefined
  const o = m.options.find((x) => x.kind === 'target-lla')
  return o?.kind === 'target-lla' ? formatMac(o.address) : undefined
}
