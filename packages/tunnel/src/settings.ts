// What the tunnel core is told by the configuration, with units in the names.
// `tunnelSettings` fills in the defaults, each with where it comes from.
import { IPV6_HEADER_LENGTH } from '@mip6/wire'
import { IPV6_MIN_MTU } from './tunnel-mtu'

export interface ReassemblySettings {
  /** RFC 8200 §4.5: reassembly is abandoned this long after the first-arriving fragment. */
  timeoutMs: number
  /** Packets being reassembled at once; fragments of a further packet are dropped. */
  maxPackets: number
  /** Fragment octets held across all reassemblies; a fragment beyond it is dropped. */
  maxBytes: number
}

export interface TunnelSettings {
  /**
   * MTU of the link toward the care-of addresses. The tunnel MTU is this less the tunnel
   * header (RFC 2473 §6.7); path MTU discovery on the tunnel path is not done.
   */
  linkMtu: number
  /**
   * Hop Limit of the packets we originate: tunnel headers (RFC 2473 §6.3 recommends the
   * node's default) and ICMPv6 errors.
   */
  hopLimit: number
  /** One token bucket for every ICMPv6 error we originate (RFC 4443 §2.4 (f)). */
  icmpErrorRate: { perSecond: number; burst: number }
  reassembly: ReassemblySettings
}

/** The largest packet an IPv6 header can describe without a jumbogram (RFC 8200 §3). */
const MAX_LINK_MTU = IPV6_HEADER_LENGTH + 0xffff

/**
 * Defaults: Ethernet's and Wi-Fi's 1500-octet MTU; Linux's default hop limit (64); a bucket
 * of 20 errors refilled at 100 a second, enough for the path MTU discovery of a lab's
 * correspondents and too little to make us an amplifier for forged sources; RFC 8200 §4.5's
 * 60 s; and reassembly bounds that fit a small board (16 packets of the largest size).
 */
export function tunnelSettings(overrides: Partial<TunnelSettings> = {}): TunnelSettings {
  return {
    linkMtu: 1500,
    hopLimit: 64,
    icmpErrorRate: { perSecond: 100, burst: 20 },
    reassembly: { timeoutMs: 60_000, maxPackets: 64, maxBytes: 1 << 20 },
    ...overrides,
  }
}

/** Settings come validated from the configuration: a value out of range here is our bug. */
export function assertTunnelSettings(s: TunnelSettings): void {
  if (!Number.isInteger(s.linkMtu) || s.linkMtu < IPV6_MIN_MTU || s.linkMtu > MAX_LINK_MTU) {
    throw new RangeError(`linkMtu ${s.linkMtu}: IPv6 needs ${IPV6_MIN_MTU} to ${MAX_LINK_MTU} (RFC 8200 §5)`)
  }
  if (!Number.isInteger(s.hopLimit) || s.hopLimit < 1 || s.hopLimit > 0xff) {
    throw new RangeError(`hopLimit ${s.hopLimit}: 1 to 255`)
  }
}
