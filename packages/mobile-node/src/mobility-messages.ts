// The Mobility Header messages a mobile node takes from its home agent: the Binding
// Acknowledgement (RFC 6275 §11.7.3), whose status (ba-status.ts) accepts, resynchronizes,
// defers or refuses; the Binding Refresh Request (§11.7.4); and the Binding Error (§11.3.6).
// What an accepted BA sets up is registration.ts's or returning-home.ts's.
import {
  addressEquals,
  type BindingAck,
  BindingAckStatus,
  type BindingError,
  BindingErrorStatus,
  type Ipv6Address,
} from '@mip6/wire'
import type { MnAction } from './actions'
import { baOutcome } from './ba-status'
import { awaitingAck, transition } from './binding-update-list'
import { initialBindackTimeoutMs, nextSequence } from './bu-retransmit'
import { INITIAL_BINDACK_TIMEOUT_MS, LIFETIME_UNIT_S, MAX_BINDACK_TIMEOUT_MS } from './constants'
import type { MobilityInput } from './inputs'
import { count, type Done, drop, event, fromHomeAgent, log, type MnState } from './node-state'
import { refresh, register, registered, sendBu } from './registration'
import { deregistered, settleAtHome } from './returning-home'

export function mobility(s: MnState, input: MobilityInput, now: number, out: MnAction[]): Done {
  const msg = input.msg
  count(s, `mh:${msg.kind}`)
  switch (msg.kind) {
    case 'binding-ack':
      return bindingAck(s, input.source, msg, now, out)
    case 'binding-refresh-request':
      return bindingRefreshRequest(s, input.source, now, out)
    case 'binding-error':
      return bindingError(s, input.source, msg, now, out)
    default:
      return drop(s, 'unexpected-mh')
  }
}

function bindingAck(s: MnState, source: Ipv6Address, msg: BindingAck, now: number, out: MnAction[]): Done {
  const e = s.bul
  if (!awaitingAck(e.state)) return drop(s, 'ba-unexpected')
  if (e.homeAgent === undefined || !addressEquals(source, e.homeAgent))
    return drop(s, 'ba-not-from-home-agent')
  // RFC 6275 §11.7.3: the outstanding BU's sequence number, except for status 135.
  const resync = msg.status === BindingAckStatus.sequenceNumberOutOfWindow
  if (!resync && msg.sequence !== e.sequence) return drop(s, 'ba-sequence')
  const lifetimeS = msg.lifetimeUnits4s * LIFETIME_UNIT_S
  event(out, now, { event: 'ba-received', status: msg.status, seq: msg.sequence, lifetimeS })
  e.lastStatus = msg.status
  const deregistration = e.state === 'deregistering'
  switch (baOutcome(msg.status, deregistration)) {
    case 'accepted':
      if (deregistration) deregistered(s, now, out)
      else registered(s, msg, lifetimeS, now, out)
      return
    case 'resync':
      s.nextSeq = nextSequence(msg.sequence)
      e.state = transition(e.state, 'resend')
      e.resends = 0
      e.timeoutMs = deregistration
        ? INITIAL_BINDACK_TIMEOUT_MS
        : initialBindackTimeoutMs(e.expiresAt === undefined)
      sendBu(s, now, out)
      return
    case 'retry-later':
      event(out, now, { event: 'bu-rejected', status: msg.status, willRetry: true })
      e.timeoutMs = MAX_BINDACK_TIMEOUT_MS
      s.timers.set('bu', now + MAX_BINDACK_TIMEOUT_MS)
      return
    case 'refused':
      refused(s, msg.status, deregistration, now, out)
  }
}

/** A refused BU: the next home agent DHAAD named, else give up (at home: settle without). */
function refused(s: MnState, status: number, deregistration: boolean, now: number, out: MnAction[]): Done {
  const d = s.discovered
  const another = !deregistration && d?.via === 'dhaad' && d.index + 1 < d.addresses.length
  event(out, now, { event: 'bu-rejected', status, willRetry: another })
  if (another) {
    d.index++
    s.bul.expiresAt = undefined
    return register(s, now, out)
  }
  const e = s.bul
  e.state = transition(e.state, 'refuse')
  s.timers.clear('bu')
  out.push(log('warn', `home agent refused the ${deregistration ? 'deregistration' : 'BU'} (${status})`))
  if (deregistration) settleAtHome(s, false, now, out)
}

/** RFC 6275 §11.7.4: a Binding Refresh Request is answered with a BU. */
function bindingRefreshRequest(s: MnState, source: Ipv6Address, now: number, out: MnAction[]): Done {
  if (!fromHomeAgent(s, source)) return drop(s, 'not-from-home-agent')
  if (s.attachment?.atHome !== false || s.bul.expiresAt === undefined) return drop(s, 'brr-without-binding')
  refresh(s, now, out)
}

/** RFC 6275 §11.3.6. */
function bindingError(
  s: MnState,
  source: Ipv6Address,
  msg: BindingError,
  now: number,
  out: MnAction[],
): Done {
  if (!fromHomeAgent(s, source)) return drop(s, 'not-from-home-agent')
  event(out, now, { event: 'binding-error', status: msg.status, from: source })
  if (msg.status !== BindingErrorStatus.unknownBindingForHomeAddressOption) return
  if (s.attachment?.atHome !== false) return
  const e = s.bul
  e.expiresAt = undefined
  e.refreshAt = undefined
  s.timers.clear('binding-expiry')
  s.timers.clear('refresh')
  register(s, now, out)
}
