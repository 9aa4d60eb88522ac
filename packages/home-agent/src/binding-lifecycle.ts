// The lifecycle of a Binding Cache entry at the Home Agent (RFC 6275 §9.1, §10.3), as data.
//
// Rules:
// - One entry per home address, keyed by it; an entry exists only in the states below, and a
//   registered entry always has a granted lifetime above zero.
// - A first registration waits in `dad-pending` while the home address (and with L its
//   link-local address) is checked (RFC 6275 §10.4.1); no BA leaves before DAD ends. BUs
//   arriving meanwhile coalesce: a newer sequence number replaces the request, an older or
//   equal one is dropped; one DAD, one BA, for the newest request.
// - Deregistration (lifetime 0, or care-of address = home address, §10.3.2) and expiry remove
//   the entry: proxying stops before the BA goes out, so the mobile node at home can answer
//   for its address (§11.5.4).
// - A rejected BU leaves the cache as it was and emits binding-rejected (with its status)
//   without a transition, except a DAD conflict, which ends the pending entry.
//
//   from          input             to            event                   data-plane action
//   absent        accept-after-dad  dad-pending   -                       -
//   absent        accept            registered    binding-registered      binding-added
//   absent        restore           registered    -                       binding-added
//   dad-pending   coalesce          dad-pending   -                       -
//   dad-pending   dad-succeeded     registered    binding-registered      binding-added
//   dad-pending   dad-failed        absent        binding-rejected (134)  -
//   dad-pending   deregister        absent        binding-deregistered    -
//   dad-pending   unconfigure       absent        binding-deregistered    -
//   registered    refresh           registered    binding-refreshed       binding-changed
//   registered    deregister        absent        binding-deregistered    binding-removed
//   registered    expire            absent        binding-expired         binding-removed
//   registered    unconfigure       absent        binding-deregistered    binding-removed
import type { Ipv6Address } from '@mip6/wire'

export type BindingState = 'dad-pending' | 'registered'
type Stage = BindingState | 'absent'

export type LifecycleInput =
  | 'accept-after-dad'
  | 'accept'
  | 'restore'
  | 'coalesce'
  | 'dad-succeeded'
  | 'dad-failed'
  | 'refresh'
  | 'deregister'
  | 'expire'
  | 'unconfigure'

export type BindingEventName =
  | 'binding-registered'
  | 'binding-refreshed'
  | 'binding-deregistered'
  | 'binding-expired'
  | 'binding-rejected'

export type DataPlaneChange = 'binding-added' | 'binding-changed' | 'binding-removed'

interface Transition {
  to: Stage
  event?: BindingEventName
  dataPlane?: DataPlaneChange
}

const TRANSITIONS: Record<Stage, Partial<Record<LifecycleInput, Transition>>> = {
  absent: {
    'accept-after-dad': { to: 'dad-pending' },
    accept: { to: 'registered', event: 'binding-registered', dataPlane: 'binding-added' },
    restore: { to: 'registered', dataPlane: 'binding-added' },
  },
  'dad-pending': {
    coalesce: { to: 'dad-pending' },
    'dad-succeeded': { to: 'registered', event: 'binding-registered', dataPlane: 'binding-added' },
    'dad-failed': { to: 'absent', event: 'binding-rejected' },
    deregister: { to: 'absent', event: 'binding-deregistered' },
    unconfigure: { to: 'absent', event: 'binding-deregistered' },
  },
  registered: {
    refresh: { to: 'registered', event: 'binding-refreshed', dataPlane: 'binding-changed' },
    deregister: { to: 'absent', event: 'binding-deregistered', dataPlane: 'binding-removed' },
    expire: { to: 'absent', event: 'binding-expired', dataPlane: 'binding-removed' },
    unconfigure: { to: 'absent', event: 'binding-deregistered', dataPlane: 'binding-removed' },
  },
}

/** The transition `input` makes from `from`; a pair not in the table is our bug. */
export function transition(from: Stage, input: LifecycleInput): Transition {
  const t = TRANSITIONS[from][input]
  if (t === undefined) throw new Error(`binding lifecycle: no transition for ${input} in ${from}`)
  return t
}

/** The A, H, L, K flags as registered (RFC 6275 §6.1.7). */
export interface BindingFlags {
  acknowledge: boolean
  homeRegistration: boolean
  linkLocalCompatibility: boolean
  keyManagementCompatibility: boolean
}

/** RFC 4285 context of an authenticated BU, so the BA can be authenticated the same way. */
export interface AuthContext {
  spi: number
  key: Uint8Array
  mnIdentifier: Uint8Array | undefined
  /** The BU's Replay Protection timestamp, echoed in the BA. */
  timestamp: bigint | undefined
  /** The address the Mobility Data starts with (RFC 4285 §5.1): the BU's IPv6 source. */
  careOfAddress: Ipv6Address
}

/** What an accepted (or DAD-pending) BU asks for, after every check. */
export interface BindingRequest {
  sequence: number
  careOfAddress: Ipv6Address
  /** Where the BA goes: the BU's IPv6 source (RFC 6275 §9.5.4), and the BU's interface. */
  replyTo: Ipv6Address
  ingressIfname: string
  /** The BU came with a Home Address option: the BA carries a type 2 routing header. */
  viaHomeAddressOption: boolean
  /** The Home Agent address the BU was sent to: the BA's source, mip6d's `local`. */
  haAddress: Ipv6Address
  flags: BindingFlags
  grantedLifetimeS: number
  /** Monotonic time the BU arrived, and the wall clock the adapter gave with it. */
  receivedAt: number
  wallClockMs: number
  auth: AuthContext | undefined
}

/** Unsolicited Mobile Prefix Advertisement schedule of a binding (mip6d's mpa entry). */
export interface MpaSchedule {
  /** When the current delay started counting, undefined when nothing is scheduled. */
  anchorAt: number | undefined
  delayMs: number
  retries: number
  /** The first advertisement went out; retransmissions are running. */
  retransmitting: boolean
}

export interface BindingEntry {
  state: BindingState
  homeAddress: Ipv6Address
  ifname: string
  /** The last accepted request, or while DAD runs the newest pending one. */
  request: BindingRequest
  /** Addresses DAD checks (home address, and its link-local with L), and probes sent so far. */
  dadTargets: Ipv6Address[]
  dadProbesSent: number
  /** Addresses proxied on the home link while registered. */
  proxied: Ipv6Address[]
  registeredAt: number
  registeredAtWallMs: number
  expiresAt: number
  mpa: MpaSchedule
}

/** The read-only view the console, telemetry and persistence get. */
export interface BindingView {
  state: BindingState
  homeAddress: Ipv6Address
  careOfAddress: Ipv6Address
  /** The Home Agent address the mobile node registered with (mip6d's `local`). */
  haAddress: Ipv6Address
  ifname: string
  sequence: number
  flags: BindingFlags
  grantedLifetimeS: number
  /** Monotonic ms; undefined while DAD runs. */
  registeredAt: number | undefined
  expiresAt: number | undefined
  registeredAtWallMs: number | undefined
  proxied: Ipv6Address[]
  mpa: MpaSchedule | undefined
}

export function viewOf(entry: BindingEntry): BindingView {
  const r = entry.request
  const registered = entry.state === 'registered'
  return {
    state: entry.state,
    homeAddress: entry.homeAddress,
    careOfAddress: r.careOfAddress,
    haAddress: r.haAddress,
    ifname: entry.ifname,
    sequence: r.sequence,
    flags: { ...r.flags },
    grantedLifetimeS: r.grantedLifetimeS,
    registeredAt: registered ? entry.registeredAt : undefined,
    expiresAt: registered ? entry.expiresAt : undefined,
    registeredAtWallMs: registered ? entry.registeredAtWallMs : undefined,
    proxied: registered ? [...entry.proxied] : [],
    mpa: registered ? { ...entry.mpa } : undefined,
  }
}
