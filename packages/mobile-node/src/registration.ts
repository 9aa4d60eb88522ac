// Home registration from a visited link (RFC 6275 §11.7.1, §11.7.3, §11.8): the BU and its
// retransmissions, what an accepted BA sets up (binding lifetime, refresh, tunnel, the Mobile
// Prefix Solicitation's schedule), the refresh, and the binding's expiry. The BA itself is
// read in mobility-messages.ts; the entry's states are binding-update-list.ts's.
import { addressEquals, type BindingAck, BindingAckStatus } from '@mip6/wire'
import type { MnAction } from './actions'
import { awaitingAck, transition } from './binding-update-list'
import { initialBindackTimeoutMs, nextBindackTimeoutMs, nextSequence } from './bu-retransmit'
import { LIFETIME_UNIT_S, REFRESH_FRACTION } from './constants'
import { homeRegistration, lifetimeUnits4s } from './message-builders'
import { scheduleSolicitation, solicitPrefixes } from './mobile-prefix-solicitation'
import { type CareOf, currentHomeAgent, type Done, event, type MnState } from './node-state'

export function register(s: MnState, now: number, out: MnAction[]): Done {
  const careOf = s.careOf
  const homeAgent = currentHomeAgent(s)
  if (careOf?.ready !== true || s.attachment?.atHome !== false || homeAgent === undefined) return
  const e = s.bul
  e.state = transition(e.state, 'register')
  if (!addressEquals(e.careOfAddress, careOf.address)) e.lastCareOfAddress = e.careOfAddress
  e.careOfAddress = careOf.address
  e.homeAgent = homeAgent
  e.requestedLifetimeS = lifetimeToRequest(s, careOf, now)
  e.resends = 0
  e.timeoutMs = initialBindackTimeoutMs(e.expiresAt === undefined)
  sendBu(s, now, out)
}

/** A refresh (timer or Binding Refresh Request) only renews a binding we hold. */
export function refresh(s: MnState, now: number, out: MnAction[]): Done {
  if (s.bul.state === 'registered') register(s, now, out)
}

/** RFC 6275 §11.7.1: no more than the care-of and home addresses remain valid. */
function lifetimeToRequest(s: MnState, careOf: CareOf, now: number): number {
  const homeValidUntil = s.homePrefixLifetime?.validUntil ?? Number.POSITIVE_INFINITY
  const untilS = (Math.min(careOf.validUntil, homeValidUntil) - now) / 1000
  return Math.floor(Math.min(s.settings.bindingLifetimeS, untilS))
}

/** The BU for the entry as it stands: a registration, or with state `deregistering` a deregistration. */
export function sendBu(s: MnState, now: number, out: MnAction[]): Done {
  const e = s.bul
  const deregistration = e.state === 'deregistering'
  const homeAgent = e.homeAgent!
  e.sequence = s.nextSeq
  s.nextSeq = nextSequence(s.nextSeq)
  e.sentAt = now
  const units = lifetimeUnits4s(e.requestedLifetimeS, deregistration)
  out.push({
    kind: 'send-bu',
    ifname: s.settings.ifname,
    source: e.careOfAddress,
    destination: homeAgent,
    homeAddress: deregistration ? undefined : e.homeAddress,
    msg: homeRegistration({
      sequence: e.sequence,
      lifetimeUnits4s: units,
      linkLocalCompatibility: e.linkLocalCompatibility,
    }),
  })
  event(out, now, {
    event: 'bu-sent',
    seq: e.sequence,
    attempt: e.resends,
    lifetimeS: units * LIFETIME_UNIT_S,
    careOf: e.careOfAddress,
    homeAgent,
  })
  s.timers.set('bu', now + e.timeoutMs)
}

/** RFC 6275 §11.8: the same BU, a new sequence number, the timeout doubled. */
export function retransmit(s: MnState, now: number, out: MnAction[]): Done {
  const e = s.bul
  if (!awaitingAck(e.state)) return
  e.state = transition(e.state, 'resend')
  e.resends++
  e.timeoutMs = nextBindackTimeoutMs(e.timeoutMs)
  sendBu(s, now, out)
}

/** An accepted BA for a registration. */
export function registered(
  s: MnState,
  msg: BindingAck,
  lifetimeS: number,
  now: number,
  out: MnAction[],
): Done {
  const e = s.bul
  e.state = transition(e.state, 'accept')
  s.timers.clear('bu')
  const sentAt = e.sentAt!
  e.grantedLifetimeS = lifetimeS
  e.expiresAt = sentAt + lifetimeS * 1000
  // Counted from the BU, as the lifetime is (§11.7.3): a Binding Refresh Advice sooner wins.
  let refreshInMs = Math.floor(lifetimeS * 1000 * REFRESH_FRACTION)
  for (const o of msg.options)
    if (o.kind === 'binding-refresh-advice')
      refreshInMs = Math.min(refreshInMs, o.refreshIntervalUnits4s * LIFETIME_UNIT_S * 1000)
  e.refreshAt = sentAt + refreshInMs
  s.timers.set('binding-expiry', e.expiresAt)
  s.timers.set('refresh', e.refreshAt)
  const homeAgent = e.homeAgent!
  const t = s.tunnel
  if (
    t === undefined ||
    !addressEquals(t.careOf, e.careOfAddress) ||
    !addressEquals(t.homeAgent, homeAgent)
  ) {
    s.tunnel = { careOf: e.careOfAddress, homeAgent }
    out.push({
      kind: 'tunnel-up',
      ifname: s.settings.ifname,
      careOf: e.careOfAddress,
      homeAgent,
      homeAddress: e.homeAddress,
    })
  }
  event(out, now, { event: 'registered', careOf: e.careOfAddress, homeAgent, lifetimeS })
  if (msg.status === BindingAckStatus.acceptedPrefixDiscoveryNecessary) {
    if (s.mps === undefined) solicitPrefixes(s, now, out)
  } else scheduleSolicitation(s, now)
}

export function bindingExpired(s: MnState, now: number, out: MnAction[]): Done {
  const e = s.bul
  if (e.expiresAt === undefined) return
  e.expiresAt = undefined
  e.refreshAt = undefined
  s.timers.clear('refresh')
  event(out, now, {
    event: 'binding-expired',
    careOf: s.tunnel?.careOf ?? e.careOfAddress,
    homeAgent: e.homeAgent!,
  })
  tunnelDown(s, out)
  if (e.state === 'registered') {
    e.state = transition(e.state, 'expire')
    register(s, now, out)
  } else if (e.state === 'registering') e.state = transition(e.state, 'expire')
}

export function tunnelDown(s: MnState, out: MnAction[]): Done {
  const t = s.tunnel
  if (t === undefined) return
  s.tunnel = undefined
  out.push({
    kind: 'tunnel-down',
    ifname: s.settings.ifname,
    careOf: t.careOf,
    homeAgent: t.homeAgent,
    homeAddress: s.settings.homeAddress,
  })
}
