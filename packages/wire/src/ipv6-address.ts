// IPv6 addresses as 16-byte arrays: text form (RFC 4291 §2.2 in, RFC 5952 out, and mip6d's
// uncompressed console form), prefixes, solicited-node multicast (RFC 4291 §2.7.1), EUI-64
// interface identifiers (RFC 4291 App. A), the Mobile IPv6 Home-Agents anycast address
// (RFC 2526 §2, RFC 6275 §10.5), and Binding Update sequence numbers compared modulo 2^16
// (RFC 6275 §9.5.1).
import { err, ok, type Result } from './result'

export type Ipv6Address = Uint8Array

export const IPV6_ADDRESS_LENGTH = 16

export interface Ipv6Prefix {
  address: Ipv6Address
  length: number
}

export const UNSPECIFIED: Ipv6Address = new Uint8Array(16)
export const ALL_NODES = mustParse('ff02::1')
export const ALL_ROUTERS = mustParse('ff02::2')
export const LOOPBACK = mustParse('::1')

/** Parses RFC 4291 text, including `::` and an embedded dotted IPv4 tail. */
export function parseAddress(text: string): Result<Ipv6Address, string> {
  const halves = text.split('::')
  if (halves.length > 2) return err(`"${text}": more than one "::"`)
  const head = halves[0] === '' ? [] : halves[0]!.split(':')
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1]!.split(':') : []
  const groups: number[] = []
  const all = [...head, ...tail]
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!
    const last = i === all.length - 1
    if (last && g.includes('.')) {
      const v4 = parseDottedQuad(g)
      if (v4 === undefined) return err(`"${text}": bad IPv4 tail "${g}"`)
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
      continue
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return err(`"${text}": bad group "${g}"`)
    groups.push(Number.parseInt(g, 16))
  }
  const headGroups = groups.length - tailGroupCount(tail)
  if (halves.length === 1 && groups.length !== 8)
    return err(`"${text}": needs 8 groups, has ${groups.length}`)
  if (halves.length === 2 && groups.length > 7) return err(`"${text}": "::" stands for no group`)
  const out = new Uint8Array(16)
  const put = (index: number, value: number) => {
    out[index * 2] = value >> 8
    out[index * 2 + 1] = value & 0xff
  }
  for (let i = 0; i < headGroups; i++) put(i, groups[i]!)
  const tailCount = groups.length - headGroups
  for (let i = 0; i < tailCount; i++) put(8 - tailCount + i, groups[headGroups + i]!)
  return ok(out)
}

function tailGroupCount(tail: string[]): number {
  const last = tail[tail.length - 1]
  return tail.length + (last?.includes('.') ? 1 : 0)
}

function parseDottedQuad(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : 256))
  return bytes.every((b) => b <= 255) ? bytes : undefined
}

/** For addresses written in our own source; a typo there is our bug. */
export function mustParse(text: string): Ipv6Address {
  const r = parseAddress(text)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (>= 2) of zero groups as `::`, leftmost on ties. */
export function formatAddress(a: Ipv6Address): string {
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((a[i]! << 8) | a[i + 1]!)
  let bestStart = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':')
  if (bestStart < 0) return hex(groups)
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`
}

/**
 * Eight hex groups, lower case, no leading zeros and no `::`, as mip6d's console prints
 * addresses (UMIP's NIP6ADDR with "%x:%x:%x:%x:%x:%x:%x:%x"): `fe80:0:0:0:202:6fff:fe06:bcf`.
 */
export function formatAddressUncompressed(a: Ipv6Address): string {
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push((((a[i] ?? 0) << 8) | (a[i + 1] ?? 0)).toString(16))
  return groups.join(':')
}

export function addressEquals(a: Ipv6Address, b: Ipv6Address): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false
  return true
}

export function isUnspecified(a: Ipv6Address): boolean {
  return addressEquals(a, UNSPECIFIED)
}

export function isMulticast(a: Ipv6Address): boolean {
  return a[0] === 0xff
}

export function isLinkLocalUnicast(a: Ipv6Address): boolean {
  return a[0] === 0xfe && (a[1]! & 0xc0) === 0x80
}

/**
 * Neither unspecified, loopback, multicast nor link-local (RFC 4291 §2.5.2, §2.5.3, §2.5.6,
 * §2.7): an address a router forwards from, and Mobile IPv6 takes as home or care-of address
 * (RFC 6275 §9.5.1).
 */
export function isRoutableUnicast(a: Ipv6Address): boolean {
  return !isUnspecified(a) && !isMulticast(a) && !isLinkLocalUnicast(a) && !addressEquals(a, LOOPBACK)
}

export function parsePrefix(text: string): Result<Ipv6Prefix, string> {
  const slash = text.indexOf('/')
  if (slash < 0) return err(`"${text}": missing "/length"`)
  const lengthText = text.slice(slash + 1)
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > 128) return err(`"${text}": bad prefix length`)
  const address = parseAddress(text.slice(0, slash))
  if (!address.ok) return address
  return ok({ address: address.value, length: Number(lengthText) })
}

export function formatPrefix(p: Ipv6Prefix): string {
  return `${formatAddress(p.address)}/${p.length}`
}

/** The first `length` bits of `a`, the rest zero. */
export function maskAddress(a: Ipv6Address, length: number): Ipv6Address {
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, length - i * 8))
    out[i] = a[i]! & ((0xff00 >> bits) & 0xff)
  }
  return out
}

export function inPrefix(a: Ipv6Address, p: Ipv6Prefix): boolean {
  return addressEquals(maskAddress(a, p.length), maskAddress(p.address, p.length))
}

/** RFC 4291 §2.7.1: ff02::1:ffXX:XXXX from the low 24 bits. */
export function solicitedNodeMulticast(a: Ipv6Address): Ipv6Address {
  const out = mustParse('ff02::1:ff00:0')
  out.set(a.subarray(13, 16), 13)
  return out
}

/** RFC 2464 §7: the Ethernet multicast MAC 33:33 + the low 32 bits of an IPv6 multicast group. */
export function multicastMac(group: Ipv6Address): Uint8Array {
  const mac = new Uint8Array([0x33, 0x33, 0, 0, 0, 0])
  mac.set(group.subarray(12, 16), 2)
  return mac
}

/** RFC 4291 App. A: modified EUI-64 from a 48-bit MAC (U/L bit inverted, ff:fe inserted). */
export function eui64InterfaceId(mac: Uint8Array): Uint8Array {
  return new Uint8Array([mac[0]! ^ 0x02, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!])
}

/** A /64 prefix joined with a 64-bit interface identifier. */
export function withInterfaceId(prefix: Ipv6Address, iid: Uint8Array): Ipv6Address {
  const out = new Uint8Array(16)
  out.set(prefix.subarray(0, 8), 0)
  out.set(iid.subarray(0, 8), 8)
  return out
}

export function linkLocalFromMac(mac: Uint8Array): Ipv6Address {
  return withInterfaceId(mustParse('fe80::'), eui64InterfaceId(mac))
}

/**
 * RFC 2526 §2: subnet-router anycast IDs take the top of the interface identifier space;
 * ID 126 (0x7e) is Mobile IPv6 Home-Agents. For a 64-bit EUI-64 style identifier the
 * universal/local bit is 0, giving fdff:ffff:ffff:fffe; other lengths fill the suffix with ones.
 */
export function homeAgentsAnycast(p: Ipv6Prefix): Ipv6Address {
  const HOME_AGENTS_ANYCAST_ID = 0x7e
  const out = maskAddress(p.address, p.length)
  for (let bit = p.length; bit < 121; bit++) out[bit >> 3]! |= 0x80 >> (bit & 7)
  out[15] = (out[15]! & 0x80) | HOME_AGENTS_ANYCAST_ID
  if (p.length === 64) out[8] = out[8]! & ~0x02
  return out
}

/** RFC 6275 §9.5.1: `a` is less than `b` when it lies in the 32768 values before `b`, modulo 2^16. */
export function seqLessThan(a: number, b: number): boolean {
  const diff = (b - a) & 0xffff
  return diff !== 0 && diff < 0x8000
}
