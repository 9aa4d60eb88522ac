// What both ends of an RFC 2473 tunnel share, sans-I/O: the entry and exit points over one
// TunnelEnds, the rate-limited ICMPv6 errors, the reassembly buffer and its timer. Every call
// takes `now` in ms; randomness comes in through the options. Bytes from the network never
// throw: they end in a counted drop.
import { TimeExceededCode } from '@mip6/wire'
import type { TunnelAction } from './actions'
import { drop, newCounters, type TunnelCounters } from './counters'
import { decapsulate, type ExitPoint } from './decapsulate'
import { type EntryPoint, encapsulate } from './encapsulate'
import { IcmpErrorOrigin } from './icmp-error'
import { TokenBucket } from './rate-limit'
import { ReassemblyBuffer } from './reassembly'
import { assertTunnelSettings, type TunnelSettings } from './settings'
import type { TunnelEnds } from './tunnel-ends'

export interface TunnelOptions {
  /** Uniform in [0, 1): draws the flow label key and the fragment Identifications. */
  rng: () => number
}

const UINT32_RANGE = 0x1_0000_0000

export class TunnelEndpoint {
  readonly counters: TunnelCounters = newCounters()
  private readonly icmpErrors: IcmpErrorOrigin
  private readonly reassembly: ReassemblyBuffer
  private readonly entry: EntryPoint
  private readonly exit: ExitPoint

  constructor(settings: TunnelSettings, ends: TunnelEnds, options: TunnelOptions) {
    assertTunnelSettings(settings)
    const random32 = () => Math.floor(options.rng() * UINT32_RANGE) >>> 0
    this.icmpErrors = new IcmpErrorOrigin(
      new TokenBucket(settings.icmpErrorRate),
      settings.hopLimit,
      this.counters,
    )
    this.reassembly = new ReassemblyBuffer(settings.reassembly)
    this.entry = {
      ends,
      counters: this.counters,
      settings,
      icmpErrors: this.icmpErrors,
      flowLabelKey: random32(),
      fragmentIdentification: random32,
    }
    this.exit = { ends, counters: this.counters, reassembly: this.reassembly }
  }

  /** An original packet: into the tunnel it belongs to. */
  encapsulate(packet: Uint8Array, now: number): TunnelAction[] {
    return encapsulate(this.entry, packet, now)
  }

  /** A packet to our tunnel end with Next Header 41, or an outer fragment of one. */
  decapsulate(packet: Uint8Array, now: number): TunnelAction[] {
    return decapsulate(this.exit, packet, now)
  }

  /**
   * Abandons reassemblies past their time (RFC 8200 §4.5), with a Time Exceeded to the source
   * of each whose first fragment came; spurious calls do nothing.
   */
  handleTimeout(now: number): TunnelAction[] {
    const out: TunnelAction[] = []
    for (const abandoned of this.reassembly.expire(now)) {
      if (abandoned.firstFragment !== undefined) {
        out.push(
          ...this.icmpErrors.originate(
            { kind: 'time-exceeded', code: TimeExceededCode.fragmentReassemblyTimeExceeded },
            abandoned.destination,
            abandoned.source,
            abandoned.firstFragment,
            now,
          ),
        )
      }
      out.push(drop(this.counters, 'reassembly-timeout'))
    }
    return out
  }

  nextTimeout(): number | undefined {
    return this.reassembly.nextTimeout()
  }

  /** Packets being reassembled and the octets they hold, for `stats`. */
  reassemblyLoad(): { packets: number; bytes: number } {
    return { packets: this.reassembly.size, bytes: this.reassembly.heldBytes }
  }
}
