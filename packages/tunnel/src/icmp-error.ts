// RFC 4443 §2.4 and §3: the ICMPv6 errors the tunnel originates. Packet Too Big (RFC 2473
// §7.1 (a)) and Time Exceeded, code 0 for a hop limit the entry point used up (RFC 8200 §3),
// code 1 for an outer packet never reassembled (RFC 8200 §4.5). Each is rate limited (§2.4
// (f)) and never sent about an ICMPv6 error or a Redirect (§2.4 (e.1), (e.2)). The other
// cases of §2.4 (e) do not arise: the tunnel drops a multicast or unspecified source before
// it gets here, and a multicast destination never matches a binding.
import {
  encode,
  ICMPV6_CHECKSUM_OFFSET,
  Icmpv6Type,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  type Ipv6Address,
  icmpv6Packet,
  PacketTooBig,
  TimeExceeded,
  type TimeExceededCode,
  viewOf,
  walkHeaderChain,
} from '@mip6/wire'
import type { SendIcmpError } from './actions'
import type { TunnelCounters } from './counters'
import type { TokenBucket } from './rate-limit'
import { IPV6_MIN_MTU } from './tunnel-mtu'

/** The invoking packet is cut so that the error fits the minimum MTU (RFC 4443 §3.1-3.3). */
const ICMPV6_ERROR_HEADER_LENGTH = 8
const MAX_INVOKING_LENGTH = IPV6_MIN_MTU - IPV6_HEADER_LENGTH - ICMPV6_ERROR_HEADER_LENGTH

/** RFC 4443 §2.1: types 0-127 are errors. */
const FIRST_INFORMATIONAL_TYPE = 128

export type IcmpErrorKind =
  | { kind: 'packet-too-big'; mtu: number }
  | { kind: 'time-exceeded'; code: (typeof TimeExceededCode)[keyof typeof TimeExceededCode] }

/** True when `packet` is an ICMPv6 error or Redirect that no error may answer. */
function isIcmpv6ErrorOrRedirect(packet: Uint8Array): boolean {
  const walked = walkHeaderChain(packet)
  // A chain we cannot walk, or a non-first fragment, shows no ICMPv6 type: it may be answered.
  if (!walked.ok || walked.value.upperProtocol !== IpProtocol.icmpv6) return false
  const { upper, extensions } = walked.value
  const last = extensions[extensions.length - 1]
  if (last?.kind === 'fragment' && last.fragmentOffsetUnits8 !== 0) return false
  const type = upper[0]
  return type !== undefined && (type < FIRST_INFORMATIONAL_TYPE || type === Icmpv6Type.redirect)
}

/** The whole IPv6 packet of an error, and the checksum it was given. */
function icmpErrorPacket(
  source: Ipv6Address,
  destination: Ipv6Address,
  hopLimit: number,
  msg: PacketTooBig | TimeExceeded,
): { packet: Uint8Array; checksum: number } {
  const icmp = msg.kind === 'packet-too-big' ? encode(PacketTooBig, msg) : encode(TimeExceeded, msg)
  const packet = icmpv6Packet(source, destination, icmp, hopLimit)
  return { packet, checksum: viewOf(packet).getUint16(IPV6_HEADER_LENGTH + ICMPV6_CHECKSUM_OFFSET) }
}

/** Originates errors within the rate limit, and counts them. */
export class IcmpErrorOrigin {
  constructor(
    private readonly bucket: TokenBucket,
    private readonly hopLimit: number,
    private readonly counters: TunnelCounters,
  ) {}

  /** The error about `invoking` from `source` to `destination`, or nothing when it may not go now. */
  originate(
    error: IcmpErrorKind,
    source: Ipv6Address,
    destination: Ipv6Address,
    invoking: Uint8Array,
    now: number,
  ): SendIcmpError[] {
    if (isIcmpv6ErrorOrRedirect(invoking)) return []
    if (!this.bucket.take(now)) {
      this.counters.icmpErrorsRateLimited++
      return []
    }
    // A copy: the invoking bytes are the caller's.
    const cut = invoking.slice(0, MAX_INVOKING_LENGTH)
    const msg: PacketTooBig | TimeExceeded =
      error.kind === 'packet-too-big'
        ? { kind: 'packet-too-big', code: 0, checksum: 0, mtu: error.mtu, invoking: cut }
        : { kind: 'time-exceeded', code: error.code, checksum: 0, unused: 0, invoking: cut }
    if (msg.kind === 'packet-too-big') this.counters.packetTooBigSent++
    else this.counters.timeExceededSent++
    const { packet, checksum } = icmpErrorPacket(source, destination, this.hopLimit, msg)
    return [{ kind: 'send-icmp-error', source, destination, msg: { ...msg, checksum }, packet }]
  }
}
