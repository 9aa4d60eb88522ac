// The mobile node's state, which `MobileNode` owns and hands to the handlers of movement.ts,
// care-of.ts, dhaad.ts, mobile-prefix-solicitation.ts, registration.ts, returning-home.ts and
// mobility-messages.ts; and the few helpers they all use (events, logs, counters, the 16-bit
// random numbers, which home agent is ours). One object, so each concern reads and writes the
// same facts, and one timer table (STYLE.md §4).
import type { TimerTable } from '@mip6/engine-kit'
import { addressEquals, type Ipv6Address, type Ipv6Prefix } from '@mip6/wire'
import type { MnAction, MnEventBody } from './actions'
import type { BulEntry } from './binding-update-list'
import type { HomePrefixLifetime } from './mobile-prefix'
import type { HeardRouter, LinkView, MovementReason } from './movement-detection'
import type { MobileNodeSettings } from './settings'

export type DropReason =
  | 'other-interface'
  | 'nd-invalid'
  | 'not-default-router'
  | 'unexpected-mh'
  | 'ba-unexpected'
  | 'ba-not-from-home-agent'
  | 'ba-sequence'
  | 'not-from-home-agent'
  | 'brr-without-binding'
  | 'dhaad-unexpected'
  | 'dad-unknown-address'

export interface MobileNodeCounters {
  /** Inputs by kind; Mobility Header messages by message kind. */
  received: Record<string, number>
  drops: Partial<Record<DropReason, number>>
}

/** What the handlers return, so that `return drop(...)` reads "drop, and stop here". */
export type Done = undefined

export type TimerId =
  | 'router-silent'
  | 'router-lifetime'
  | 'care-of-expiry'
  | 'rs'
  | 'bu'
  | 'refresh'
  | 'binding-expiry'
  | 'dhaad'
  | 'mps'
  | 'na'

export interface CareOf {
  address: Ipv6Address
  prefix: Ipv6Prefix
  validUntil: number
  /** Usable as a source: optimistic, or DAD succeeded. */
  ready: boolean
}

interface Attachment {
  atHome: boolean
  /** The home prefix, or the care-of address's; undefined on a link without one for SLAAC. */
  prefix: Ipv6Prefix | undefined
  view: LinkView
}

export interface MnState {
  readonly settings: MobileNodeSettings
  /** Uniform in [0, 1). */
  readonly rng: () => number
  readonly homePrefix: Ipv6Prefix
  readonly iid: Uint8Array
  readonly timers: TimerTable<TimerId>
  readonly bul: BulEntry
  readonly counters: MobileNodeCounters
  linkUp: boolean
  /** The current default router; undefined while lost. */
  router: HeardRouter | undefined
  /** A router of another link heard while the current one may still speak (seed 001 §3.2.4). */
  candidate: HeardRouter | undefined
  lostReason: MovementReason
  attachment: Attachment | undefined
  careOf: CareOf | undefined
  homeAddressOnLink: boolean
  discovered: { addresses: Ipv6Address[]; index: number; via: 'dhaad' | 'router-advert' } | undefined
  nextSeq: number
  tunnel: { careOf: Ipv6Address; homeAgent: Ipv6Address } | undefined
  dhaad: { identifier: number; retransmissions: number } | undefined
  mps: { identifier: number; sentAt: number; timeoutMs: number } | undefined
  mpsIntervalMs: number | undefined
  homePrefixLifetime: HomePrefixLifetime | undefined
  rsLeft: number
  naLeft: number
}

/** The configured home agent, else the one discovery chose. */
export function currentHomeAgent(s: MnState): Ipv6Address | undefined {
  return s.settings.homeAgent ?? s.discovered?.addresses[s.discovered.index]
}

export function fromHomeAgent(s: MnState, source: Ipv6Address): boolean {
  const ha = s.bul.homeAgent ?? currentHomeAgent(s)
  return ha !== undefined && addressEquals(ha, source)
}

/** The first sequence number and ICMP identifiers. */
export function random16(s: MnState): number {
  return Math.floor(s.rng() * 0x10000) & 0xffff
}

export function event(out: MnAction[], now: number, body: MnEventBody): Done {
  out.push({ kind: 'event', now, ...body })
}

export function log(level: 'debug' | 'info' | 'warn', message: string): MnAction {
  return { kind: 'log', level, message }
}

export function count(s: MnState, what: string): Done {
  s.counters.received[what] = (s.counters.received[what] ?? 0) + 1
}

export function drop(s: MnState, reason: DropReason): Done {
  s.counters.drops[reason] = (s.counters.drops[reason] ?? 0) + 1
}
