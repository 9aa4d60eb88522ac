// A mobile node roaming seed 002's links on virtual time (STYLE.md §7's SimLink): the links'
// routers advertise every `raIntervalMs`, and a scripted home agent answers BUs, DHAAD
// Requests and Mobile Prefix Solicitations after `latencyMs` each way. Packets reach the
// mobile node only while it is attached to the link their destination belongs to, so a
// handover loses what was in flight. The home agent is a stand-in, not @mip6/home-agent (an
// engine may not import another engine, test/architecture.test.ts): it does what RFC 6275
// §10.3 says of sequence numbers, DAD delay and deregistration, no more.
import { seededRng } from '@mip6/engine-kit/testing'
import {
  addressEquals,
  BindingAckStatus,
  formatPrefix,
  type Ipv6Address,
  type Ipv6Prefix,
  inPrefix,
  seqLessThan,
} from '@mip6/wire'
import type { MnAction, SendBindingUpdate, SendIcmp } from '../actions'
import type { MnInput } from '../inputs'
import { MobileNode } from '../mobile-node'
import type { MobileNodeSettings } from '../settings'
import {
  bindingAckMsg,
  fromHomeAgent,
  HA,
  HOA,
  HOME_LINK,
  type LinkSpec,
  labSettings,
  mobilePrefixAdvert,
  routerAdvert,
} from './lab-values'

export interface SimLabOptions {
  settings: MobileNodeSettings
  seed: number
  /** One way, mobile node to home agent. */
  latencyMs: number
  /** Each router's MaxRtrAdvInterval; RAs come at 0.75-1 of it, as radvd's MinRtrAdvInterval. */
  raIntervalMs: number
  /** How long the home agent's DAD holds a first registration (RFC 6275 §10.4.1). */
  haDadMs: number
  /** The most lifetime the home agent grants. */
  haMaxLifetimeS: number
}

interface Pending {
  at: number
  run: () => void
}

export interface Handover {
  from: string | undefined
  to: string
  movedAt: number
  /** From leaving the old link to the registration (or deregistration) on the new one. */
  blackoutMs: number | undefined
}

function prefixOf(link: LinkSpec): Ipv6Prefix {
  return { address: link.prefix, length: link.prefixLength }
}

export class SimLab {
  now = 0
  readonly mn: MobileNode
  readonly log: Array<{ at: number; action: MnAction }> = []
  readonly handovers: Handover[] = []
  readonly options: SimLabOptions
  private attached: LinkSpec | undefined
  private lastAttached: LinkSpec | undefined
  private nextRaAt: number | undefined
  private queue: Pending[] = []
  private readonly rng: () => number
  private binding: { careOf: Ipv6Address; sequence: number } | undefined

  constructor(options: Partial<SimLabOptions> = {}) {
    this.options = {
      settings: labSettings(),
      seed: 1,
      latencyMs: 10,
      raIntervalMs: 70,
      haDadMs: 1000,
      haMaxLifetimeS: 86_400,
      ...options,
    }
    this.rng = seededRng(this.options.seed + 1)
    this.mn = new MobileNode(this.options.settings, { rng: seededRng(this.options.seed) })
  }

  /** The home agent's binding, as its binding cache would show it. */
  homeAgentBinding(): { careOf: Ipv6Address; sequence: number } | undefined {
    return this.binding
  }

  /** Leaves the current link (if any) for `link`; undefined: out of every link's reach. */
  attach(link: LinkSpec | undefined): void {
    this.attached = link === undefined ? undefined : this.spec(link)
    this.nextRaAt = link === undefined ? undefined : this.now + this.raGap()
    if (link === undefined) return
    const from = this.lastAttached
    this.lastAttached = link
    this.handovers.push({
      from: from === undefined ? undefined : formatPrefix(prefixOf(from)),
      to: formatPrefix(prefixOf(link)),
      movedAt: this.now,
      blackoutMs: undefined,
    })
  }

  run(ms: number): void {
    const until = this.now + ms
    for (;;) {
      const candidates = [this.mn.nextTimeout(), this.nextRaAt, this.queue[0]?.at].filter(
        (t): t is number => t !== undefined,
      )
      const next = Math.min(...candidates)
      if (!Number.isFinite(next) || next > until) break
      this.now = Math.max(this.now, next)
      if (this.queue[0] !== undefined && this.queue[0].at <= this.now) {
        this.queue.shift()!.run()
      } else if (this.nextRaAt !== undefined && this.nextRaAt <= this.now && this.attached !== undefined) {
        this.nextRaAt = this.now + this.raGap()
        this.deliver(routerAdvert(this.attached))
      } else {
        this.apply(this.mn.handleTimeout(this.now))
      }
    }
    this.now = until
  }

  private spec(link: LinkSpec): LinkSpec {
    return { ...link, advIntervalMs: this.options.raIntervalMs }
  }

  private raGap(): number {
    return Math.round(this.options.raIntervalMs * (0.75 + 0.25 * this.rng()))
  }

  private deliver(input: MnInput): void {
    this.apply(this.mn.handle(input, this.now))
  }

  private apply(actions: MnAction[]): void {
    for (const action of actions) {
      this.log.push({ at: this.now, action })
      if (action.kind === 'send-bu') this.toHomeAgent(action.source, () => this.bindingUpdate(action))
      else if (action.kind === 'send-icmp') this.icmp(action)
      else if (
        action.kind === 'event' &&
        (action.event === 'registered' || action.event === 'returned-home')
      ) {
        const h = this.handovers.at(-1)
        if (h !== undefined && h.blackoutMs === undefined) h.blackoutMs = this.now - h.movedAt
      }
    }
  }

  private schedule(at: number, run: () => void): void {
    this.queue.push({ at, run })
    this.queue.sort((a, b) => a.at - b.at)
  }

  /** A packet from `source` leaves only if the mobile node is on the link `source` belongs to. */
  private onLinkOf(address: Ipv6Address): boolean {
    return this.attached !== undefined && inPrefix(address, prefixOf(this.attached))
  }

  private toHomeAgent(source: Ipv6Address, run: () => void): void {
    if (this.onLinkOf(source)) this.schedule(this.now + this.options.latencyMs, run)
  }

  /** Back to `destination` after `delayMs` more at the home agent, if still on its link. */
  private toMobileNode(destination: Ipv6Address, input: MnInput, delayMs = 0): void {
    this.schedule(this.now + delayMs + this.options.latencyMs, () => {
      if (this.onLinkOf(destination)) this.deliver(input)
    })
  }

  private bindingUpdate(send: SendBindingUpdate): void {
    const answer = this.answer(send)
    this.toMobileNode(
      send.source,
      fromHomeAgent(
        bindingAckMsg({ status: answer.status, sequence: answer.sequence, lifetimeUnits4s: answer.units }),
      ),
      answer.delayMs,
    )
  }

  /** RFC 6275 §10.3.1-10.3.2, cut down: sequence numbers, DAD delay, lifetime cap. */
  private answer(send: SendBindingUpdate): {
    status: number
    units: number
    sequence: number
    delayMs: number
  } {
    const bu = send.msg
    const b = this.binding
    if (b !== undefined && !seqLessThan(b.sequence, bu.sequence))
      return {
        status: BindingAckStatus.sequenceNumberOutOfWindow,
        units: 0,
        sequence: b.sequence,
        delayMs: 0,
      }
    if (bu.lifetimeUnits4s === 0 || addressEquals(send.source, HOA)) {
      this.binding = undefined
      const status =
        b === undefined ? BindingAckStatus.notHomeAgentForThisMobileNode : BindingAckStatus.accepted
      return { status, units: 0, sequence: bu.sequence, delayMs: 0 }
    }
    const units = Math.min(bu.lifetimeUnits4s, Math.floor(this.options.haMaxLifetimeS / 4))
    const delayMs = b === undefined ? this.options.haDadMs : 0
    this.schedule(this.now + delayMs, () => {
      this.binding = { careOf: send.source, sequence: bu.sequence }
    })
    return { status: BindingAckStatus.accepted, units, sequence: bu.sequence, delayMs }
  }

  private icmp(send: SendIcmp): void {
    const msg = send.msg
    switch (msg.kind) {
      case 'router-solicit':
        // The router answers at once (RFC 4861 §6.2.6 allows a delay; the lab has none).
        if (this.attached !== undefined) {
          const link = this.attached
          this.schedule(this.now + 1, () => {
            if (this.attached === link) this.deliver(routerAdvert(link))
          })
        }
        return
      case 'haad-request':
        this.toHomeAgent(send.source, () =>
          this.toMobileNode(send.source, {
            kind: 'haad-reply',
            ifname: 'wlan0',
            source: HA,
            destination: send.source,
            msg: {
              kind: 'haad-reply',
              code: 0,
              checksum: 0,
              identifier: msg.identifier,
              reserved: 0,
              homeAgents: [HA],
            },
          }),
        )
        return
      case 'mobile-prefix-solicit':
        this.toHomeAgent(send.source, () =>
          this.toMobileNode(send.source, {
            kind: 'mobile-prefix-advert',
            ifname: 'wlan0',
            source: HA,
            destination: send.source,
            msg: mobilePrefixAdvert(msg.identifier, HOME_LINK.validLifetimeS),
          }),
        )
        return
    }
  }
}
