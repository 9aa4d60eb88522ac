// The mobile node's Binding Update List entry for its home registration (RFC 6275 §11.1), and
// its lifecycle as data. Route optimization is not done, so there is one entry, for the home
// agent.
//
// Rules:
// - A BU is outstanding in `registering` and `deregistering` only; the retransmission timer
//   runs exactly then (§11.8), and only a BA with the outstanding BU's sequence number (any
//   sequence number for status 135) is taken (§11.7.3).
// - `expiresAt` says whether the home agent holds a binding for us: set from an accepted BA,
//   counted from when that BU was sent (§11.7.3), cleared by expiry, a deregistration or a
//   Binding Error status 1. Without it the next BU is a first registration (1.5 s timeout).
// - A refusal stops retransmissions (`rejected`); the next movement registers again.
//
//   from           input        to             timeline event
//   idle           register     registering    bu-sent
//   registering    register     registering    bu-sent (new care-of address, 135, new HA)
//   registered     register     registering    bu-sent (refresh, BRR, movement)
//   rejected       register     registering    bu-sent
//   deregistering  register     registering    bu-sent (left home again before the BA)
//   registering    resend       registering    bu-sent (retransmission)
//   deregistering  resend       deregistering  bu-sent
//   registering    accept       registered     registered
//   deregistering  accept       idle           returned-home
//   registering    refuse       rejected       bu-rejected
//   deregistering  refuse       rejected       bu-rejected, returned-home
//   registered     expire       idle           binding-expired
//   registering    expire       registering    binding-expired
//   any            deregister   deregistering  bu-sent
import type { Ipv6Address } from '@mip6/wire'

export type BulState = 'idle' | 'registering' | 'registered' | 'deregistering' | 'rejected'

export type BulInput = 'register' | 'resend' | 'accept' | 'refuse' | 'expire' | 'deregister'

const TRANSITIONS: Record<BulState, Partial<Record<BulInput, BulState>>> = {
  idle: { register: 'registering', deregister: 'deregistering' },
  registering: {
    register: 'registering',
    resend: 'registering',
    accept: 'registered',
    refuse: 'rejected',
    expire: 'registering',
    deregister: 'deregistering',
  },
  registered: { register: 'registering', expire: 'idle', deregister: 'deregistering' },
  deregistering: {
    register: 'registering',
    resend: 'deregistering',
    accept: 'idle',
    refuse: 'rejected',
    deregister: 'deregistering',
  },
  rejected: { register: 'registering', deregister: 'deregistering' },
}

/** The state `input` leads to from `from`; a pair not in the table is our bug. */
export function transition(from: BulState, input: BulInput): BulState {
  const to = TRANSITIONS[from][input]
  if (to === undefined) throw new Error(`binding update list: no transition for ${input} in ${from}`)
  return to
}

export function awaitingAck(state: BulState): boolean {
  return state === 'registering' || state === 'deregistering'
}

/** RFC 6275 §11.1's Binding Update List fields, for the home registration. */
export interface BulEntry {
  state: BulState
  homeAddress: Ipv6Address
  /** The care-of address of the last BU: the home address for a deregistration. */
  careOfAddress: Ipv6Address
  /** The one before (mip6d's last_coa), the home address at first. */
  lastCareOfAddress: Ipv6Address
  homeAgent: Ipv6Address | undefined
  linkLocalCompatibility: boolean
  /** The last sequence number sent. */
  sequence: number
  requestedLifetimeS: number
  /** From the last accepted BA. */
  grantedLifetimeS: number | undefined
  /** When the last BU left. */
  sentAt: number | undefined
  /** Retransmissions of the current BU (mip6d's `resend`). */
  resends: number
  timeoutMs: number
  expiresAt: number | undefined
  refreshAt: number | undefined
  lastStatus: number | undefined
}

export function emptyEntry(homeAddress: Ipv6Address): BulEntry {
  return {
    state: 'idle',
    homeAddress,
    careOfAddress: homeAddress,
    lastCareOfAddress: homeAddress,
    homeAgent: undefined,
    linkLocalCompatibility: false,
    sequence: 0,
    requestedLifetimeS: 0,
    grantedLifetimeS: undefined,
    sentAt: undefined,
    resends: 0,
    timeoutMs: 0,
    expiresAt: undefined,
    refreshAt: undefined,
    lastStatus: undefined,
  }
}

/** The read-only view the console and telemetry get, with the solicitation schedule. */
export interface BulView extends Readonly<BulEntry> {
  ifname: string
  /** The next retransmission while a BU is outstanding. */
  retransmitAt: number | undefined
  /** The next Mobile Prefix Solicitation, and the interval it ends (mip6d's `mps`). */
  mobilePrefixSolicitAt: number | undefined
  mobilePrefixIntervalMs: number | undefined
}
