// Engine tests' harness (STYLE.md §7): a mobile node on a virtual clock in the lab of
// lab-values.ts, and filters for what it does.
import { seededRng, VirtualClock } from '@mip6/engine-kit/testing'
import type { MobilityOption } from '@mip6/wire'
import type { MnAction, MnEvent, MnEventBody, SendBindingUpdate, SendIcmp } from '../actions'
import type { MnInput } from '../inputs'
import { MobileNode } from '../mobile-node'
import type { MobileNodeSettings } from '../settings'
import {
  bindingAckMsg,
  fromHomeAgent,
  type LinkSpec,
  labSettings,
  routerAdvert,
  VISITED_LINK,
} from './lab-values'

/** A mobile node on a virtual clock; every action lands in `clock.log` with its time. */
export class MnHarness {
  readonly mn: MobileNode
  readonly clock: VirtualClock<MnAction>

  constructor(
    settings: MobileNodeSettings = labSettings(),
    opts: { seed?: number; rng?: () => number } = {},
  ) {
    this.mn = new MobileNode(settings, { rng: opts.rng ?? seededRng(opts.seed ?? 1) })
    this.clock = new VirtualClock(this.mn)
  }

  get now(): number {
    return this.clock.now
  }

  input(input: MnInput): MnAction[] {
    return this.clock.record(this.mn.handle(input, this.clock.now))
  }

  ra(link: LinkSpec, overrides: Partial<LinkSpec> = {}): MnAction[] {
    return this.input(routerAdvert(link, overrides))
  }

  advance(ms: number): MnAction[] {
    return this.clock.advance(ms)
  }

  /** The last BU sent so far. */
  lastBu(): SendBindingUpdate {
    const bu = bus(this.clock.log.map((t) => t.action)).at(-1)
    if (bu === undefined) throw new Error('no BU sent')
    return bu
  }

  /** Answers the last BU with a BA of `status`. */
  ack(fields: { status?: number; lifetimeUnits4s?: number; options?: MobilityOption[] } = {}): MnAction[] {
    return this.input(fromHomeAgent(bindingAckMsg({ sequence: this.lastBu().msg.sequence, ...fields })))
  }

  /** Arrives on the visited link and gets the first BA accepted. */
  registerOnVisitedLink(fields: { lifetimeUnits4s?: number } = {}): MnAction[] {
    return [...this.ra(VISITED_LINK), ...this.ack(fields)]
  }
}

export function bus(actions: readonly MnAction[]): SendBindingUpdate[] {
  return actions.filter((a): a is SendBindingUpdate => a.kind === 'send-bu')
}

export function icmpSends(actions: readonly MnAction[], reason: SendIcmp['reason']): SendIcmp[] {
  return actions.filter((a): a is SendIcmp => a.kind === 'send-icmp' && a.reason === reason)
}

export function events<E extends MnEventBody['event']>(
  actions: readonly MnAction[],
  name: E,
): Array<MnEvent & { event: E }> {
  return actions.filter((a): a is MnEvent & { event: E } => a.kind === 'event' && a.event === name)
}

/** Kinds in order, events by name, logs left out: for asserting what happened, in what order. */
export function kinds(actions: readonly MnAction[]): string[] {
  return actions
    .filter((a) => a.kind !== 'log')
    .map((a) => (a.kind === 'event' ? `event:${a.event}` : a.kind))
}

export * from './lab-values'
export { type Handover, SimLab, type SimLabOptions } from './sim-lab'
