// The Home Agent's IPv6-in-IPv6 tunnels (RFC 2473) to and from its mobile nodes' care-of
// addresses, sans-I/O: the protocol core of the userspace data plane. The adapter captures
// packets on the home link for registered home addresses (encapsulate) and tunnel packets to
// the Home Agent addresses (decapsulate), sends what comes out, and arms one timer at
// nextTimeout() for handleTimeout(). Every call takes `now` in ms; randomness comes in
// through the options. Bytes from the network never throw: they end in a counted drop.
import { TimeExceededCode } from '@mip6/wire'
import type { TunnelAction } from './actions'
import { drop, newCounters, type TunnelCounters } from './counters'
import { decapsulate, type ExitPoint } from './decapsulate'
import { type EntryPoint, encapsulate } from './encapsulate'
import { IcmpErrorOrigin } from './icmp-error'
import { TokenBucket } from './rate-limit'
import { ReassemblyBuffer } from './reassembly'
import { assertTunnelSettings, type TunnelSettings } from './settings'
import { TunnelBindings } from './tunnel-bindings'

export interface TunnelOptions {
  /** Uniform in [0, 1): draws the flow label key and the fragment Identifications. */
  rng: () => number
}

const UINT32_RANGE = 0x1_0000_0000

export class HomeAgentTunnel {
  /** Told of the Home Agent's binding-added, binding-changed and binding-removed actions. */
  readonly bindings = new TunnelBindings()
  readonly counters: TunnelCounters = newCounters()
  private readonly icmpErrors: IcmpErrorOrigin
  private readonly reassembly: ReassemblyBuffer
  private readonly entry: EntryPoint
  private readonly exit: ExitPoint

  constructor(settings: TunnelSettings, options: TunnelOptions) {
    assertTunnelSettings(settings)
    const random32 = () => Math.floor(options.rng() * UINT32_RANGE) >>> 0
    this.icmpErrors = new IcmpErrorOrigin(
      new TokenBucket(settings.icmpErrorRate),
      settings.hopLimit,
      this.counters,
    )
    this.reassembly = new ReassemblyBuffer(settings.reassembly)
    const shared = { bindings: this.bindings, counters: this.counters }
    this.entry = {
      ...shared,
      settings,
      icmpErrors: this.icmpErrors,
      flowLabelKey: random32(),
      fragmentIdentification: random32,
    }
    this.exit = { ...shared, reassembly: this.reassembly }
  }

  /** A packet captured on the home link: into the tunnel of its destination's binding. */
  encapsulate(packet: Uint8Array, now: number): TunnelAction[] {
    return encapsulate(this.entry, packet, now)
  }

  /** A packet to a Home Agent address with Next Header 41, or an outer fragment of one. */
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
