// RFC 8200 §4.5: reassembly of the outer fragments of tunnel packets, bounded.
//
// Rules, in the order `add` applies them:
// - A fragment belongs to the packet of its (outer source, outer destination, Identification).
// - One that is not the last and carries other than a multiple of 8 octets, or that would make
//   the reassembled Payload Length exceed 65535, is dropped ('bad-fragment'). RFC 8200 asks
//   for an ICMPv6 Parameter Problem as well; we send none, like every drop of a peer's bytes.
// - A new packet beyond `maxPackets`, or a fragment beyond `maxBytes` held in all, is dropped
//   ('reassembly-limit'); what is already held stays.
// - An exact copy of a held fragment is dropped alone (RFC 8200 §4.5 allows it). Any other
//   overlap discards the whole packet, and the fragments of it still to come until its timer
//   runs out (RFC 5722 §4).
// - A second, different end (a last fragment, or data past it) discards the packet too.
// - Only the first fragment (offset 0) gives the headers before the Fragment header and the
//   Next Header after it (RFC 8200 §4.5); its later headers must be whole in it (RFC 7112 §5),
//   which the header-chain walk has already checked.
// - `timeoutMs` after the first-arriving fragment (60 s), an unfinished packet is abandoned;
//   the caller is handed its first fragment, if it came, for a Time Exceeded.
import { TimerTable } from '@mip6/engine-kit'
import {
  extensionHeaderLength,
  FRAGMENT_HEADER_LENGTH,
  type FragmentHeader,
  IPV6_HEADER_LENGTH,
  type Ipv6Address,
  isFragment,
  viewOf,
  type WalkedIpv6Packet,
} from '@mip6/wire'
import type { DropReason } from './actions'
import { FRAGMENT_UNIT } from './fragment'
import type { ReassemblySettings } from './settings'

/** RFC 8200 §3: where the fixed header keeps Payload Length and Next Header. */
const PAYLOAD_LENGTH_AT = 4
const FIXED_NEXT_HEADER_AT = 6
/** Every header before a Fragment header starts with its Next Header octet. */
const EXT_NEXT_HEADER_AT = 0
const MAX_PAYLOAD_LENGTH = 0xffff
/**
 * Fragments one packet may come in. A 64 KiB packet over a 1280-octet path takes 53; many more
 * means tiny fragments, whose overlap checks would cost quadratic time.
 */
const MAX_FRAGMENTS_PER_PACKET = 128

interface Piece {
  start: number
  data: Uint8Array
}

interface Pending {
  source: Ipv6Address
  destination: Ipv6Address
  /** The offset-0 fragment as received, trimmed to its Payload Length. */
  first: { packet: Uint8Array; fragmentAt: number; nextHeaderAt: number; nextHeader: number } | undefined
  /** Length of the fragmentable part, known once the last fragment came. */
  total: number | undefined
  pieces: Piece[]
  bytes: number
  /** RFC 5722: overlapping fragments were seen; the rest of this packet is dropped too. */
  discarded: boolean
}

export type FragmentOutcome =
  | { kind: 'held' }
  | { kind: 'complete'; packet: Uint8Array }
  | { kind: 'dropped'; reason: DropReason }

export interface Abandoned {
  source: Ipv6Address
  destination: Ipv6Address
  /** Undefined when the first fragment never came: then no Time Exceeded goes (RFC 8200 §4.5). */
  firstFragment: Uint8Array | undefined
}

type TimerId = `reassembly:${string}`

const HELD: FragmentOutcome = { kind: 'held' }

function dropped(reason: DropReason): FragmentOutcome {
  return { kind: 'dropped', reason }
}

function keyOf(source: Ipv6Address, destination: Ipv6Address, identification: number): string {
  return `${String.fromCharCode(...source, ...destination)}${identification}`
}

/** Where the Fragment header is, and which octet names it. */
function locateFragmentHeader(walked: WalkedIpv6Packet): {
  fragment: FragmentHeader
  at: number
  nextHeaderAt: number
} {
  let at = IPV6_HEADER_LENGTH
  let nextHeaderAt = FIXED_NEXT_HEADER_AT
  for (const ext of walked.extensions) {
    if (ext.kind === 'fragment' && isFragment(ext)) return { fragment: ext, at, nextHeaderAt }
    nextHeaderAt = at + EXT_NEXT_HEADER_AT
    at += extensionHeaderLength(ext)
  }
  throw new Error('locateFragmentHeader: the walk marked a packet fragmented that has no fragment')
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

export class ReassemblyBuffer {
  private readonly pending = new Map<string, Pending>()
  private readonly timers = new TimerTable<TimerId>()
  /** Fragment octets held, over every pending packet. */
  private held = 0

  constructor(private readonly settings: ReassemblySettings) {}

  /** A fragment (`walked.fragmented`) as received, with its walk. */
  add(packet: Uint8Array, walked: WalkedIpv6Packet, now: number): FragmentOutcome {
    const { fragment, at, nextHeaderAt } = locateFragmentHeader(walked)
    const end = IPV6_HEADER_LENGTH + walked.header.payloadLength
    const dataAt = at + FRAGMENT_HEADER_LENGTH
    const data = packet.subarray(dataAt, end)
    const start = fragment.fragmentOffsetUnits8 * FRAGMENT_UNIT
    const stop = start + data.length
    const unfragmentable = at - IPV6_HEADER_LENGTH
    if (fragment.moreFragments && data.length % FRAGMENT_UNIT !== 0) return dropped('bad-fragment')
    if (unfragmentable + stop > MAX_PAYLOAD_LENGTH) return dropped('bad-fragment')

    const { source, destination } = walked.header
    const key = keyOf(source, destination, fragment.identification)
    const stored = start === 0 ? end : data.length
    let p = this.pending.get(key)
    if (p?.discarded) return dropped('fragment-overlap')
    if (this.held + stored > this.settings.maxBytes) return dropped('reassembly-limit')
    if (p === undefined) {
      if (this.pending.size >= this.settings.maxPackets) return dropped('reassembly-limit')
      p = {
        source: source.slice(),
        destination: destination.slice(),
        first: undefined,
        total: undefined,
        pieces: [],
        bytes: 0,
        discarded: false,
      }
      this.pending.set(key, p)
      this.timers.set(`reassembly:${key}`, now + this.settings.timeoutMs)
    }

    for (const piece of p.pieces) {
      if (start < piece.start + piece.data.length && piece.start < stop) {
        if (piece.start === start && sameBytes(piece.data, data)) return dropped('fragment-duplicate')
        return this.discard(p, 'fragment-overlap')
      }
    }
    if (p.pieces.length >= MAX_FRAGMENTS_PER_PACKET) return this.discard(p, 'reassembly-limit')
    if (!fragment.moreFragments) {
      if (p.total !== undefined && p.total !== stop) return this.discard(p, 'bad-fragment')
      if (p.pieces.some((piece) => piece.start + piece.data.length > stop)) {
        return this.discard(p, 'bad-fragment')
      }
      p.total = stop
    } else if (p.total !== undefined && stop > p.total) {
      return this.discard(p, 'bad-fragment')
    }

    // Copies: the caller's buffer may be reused for the next capture.
    if (start === 0) {
      const first = packet.slice(0, end)
      p.first = { packet: first, fragmentAt: at, nextHeaderAt, nextHeader: fragment.nextHeader }
      p.pieces.push({ start, data: first.subarray(dataAt) })
    } else {
      p.pieces.push({ start, data: data.slice() })
    }
    p.bytes += stored
    this.held += stored

    if (p.first === undefined || p.total === undefined) return HELD
    const received = p.pieces.reduce((sum, piece) => sum + piece.data.length, 0)
    if (received < p.total) return HELD
    this.forget(key, p)
    return this.assemble(p.first, p.pieces, p.total)
  }

  /** Abandons the packets whose time is up. */
  expire(now: number): Abandoned[] {
    const out: Abandoned[] = []
    for (const id of this.timers.expired(now)) {
      const key = id.slice('reassembly:'.length)
      const p = this.pending.get(key)
      if (p === undefined) continue
      this.forget(key, p)
      // A discarded packet was counted when it was discarded.
      if (!p.discarded)
        out.push({ source: p.source, destination: p.destination, firstFragment: p.first?.packet })
    }
    return out
  }

  nextTimeout(): number | undefined {
    return this.timers.next()
  }

  /** Packets being reassembled (discarded ones waiting out their timer included). */
  get size(): number {
    return this.pending.size
  }

  get heldBytes(): number {
    return this.held
  }

  private discard(p: Pending, reason: DropReason): FragmentOutcome {
    this.held -= p.bytes
    p.bytes = 0
    p.pieces = []
    p.first = undefined
    p.discarded = true
    return dropped(reason)
  }

  private forget(key: string, p: Pending): void {
    this.held -= p.bytes
    this.pending.delete(key)
    this.timers.clear(`reassembly:${key}`)
  }

  private assemble(first: NonNullable<Pending['first']>, pieces: Piece[], total: number): FragmentOutcome {
    const unfragmentable = first.packet.subarray(0, first.fragmentAt)
    const payloadLength = unfragmentable.length - IPV6_HEADER_LENGTH + total
    // The first fragment's unfragmentable part may be longer than the one `add` checked against.
    if (payloadLength > MAX_PAYLOAD_LENGTH) return dropped('bad-fragment')
    const packet = new Uint8Array(unfragmentable.length + total)
    packet.set(unfragmentable)
    viewOf(packet).setUint16(PAYLOAD_LENGTH_AT, payloadLength)
    packet[first.nextHeaderAt] = first.nextHeader
    for (const piece of pieces) packet.set(piece.data, unfragmentable.length + piece.start)
    return { kind: 'complete', packet }
  }
}
