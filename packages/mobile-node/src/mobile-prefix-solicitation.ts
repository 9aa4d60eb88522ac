// Mobile prefix discovery as the mobile node runs it (RFC 6275 §11.4.2-11.4.3): learning the
// home prefix's lifetime, scheduling and retransmitting the Mobile Prefix Solicitation, and
// applying the advertisement that answers it. When and how long are mobile-prefix.ts's rules.
import type { MnAction } from './actions'
import { INITIAL_SOLICIT_TIMER_MS } from './constants'
import type { MobilePrefixAdvertInput } from './inputs'
import { mobilePrefixSolicit } from './message-builders'
import { homePrefixOption, lifetimeFrom, nextSolicitTimeoutMs, solicitAt } from './mobile-prefix'
import { advertisedOption, type HeardRouter } from './movement-detection'
import { type Done, drop, event, fromHomeAgent, log, type MnState, random16 } from './node-state'

/** On the home link: the home prefix's lifetime as its router advertises it. */
export function learnHomePrefixLifetime(s: MnState, r: HeardRouter, now: number): Done {
  const option = advertisedOption(r, s.homePrefix, now)
  if (option !== undefined) s.homePrefixLifetime = lifetimeFrom(option.validLifetimeS, now)
}

export function scheduleSolicitation(s: MnState, now: number): Done {
  if (s.mps !== undefined) return
  const e = s.bul
  const lifetime =
    s.homePrefixLifetime ??
    (e.sentAt === undefined || e.expiresAt === undefined
      ? undefined
      : { learnedAt: e.sentAt, validUntil: e.expiresAt })
  const at = lifetime === undefined ? undefined : solicitAt(lifetime)
  if (at === undefined) {
    s.timers.clear('mps')
    return
  }
  const due = Math.max(at, now)
  s.mpsIntervalMs = due - now
  s.timers.set('mps', due)
}

export function mpsTimeout(s: MnState, now: number, out: MnAction[]): Done {
  const m = s.mps
  if (m === undefined) return solicitPrefixes(s, now, out)
  const next = nextSolicitTimeoutMs(m.timeoutMs)
  if (next === undefined) {
    s.mps = undefined
    return
  }
  m.timeoutMs = next
  sendSolicitation(s, now, out)
}

export function solicitPrefixes(s: MnState, now: number, out: MnAction[]): Done {
  s.mps = { identifier: random16(s), sentAt: now, timeoutMs: INITIAL_SOLICIT_TIMER_MS }
  sendSolicitation(s, now, out)
}

/** RFC 6275 §11.4.2: from the care-of address, with a Home Address option, to the home agent. */
function sendSolicitation(s: MnState, now: number, out: MnAction[]): Done {
  const m = s.mps
  const careOf = s.careOf
  const homeAgent = s.bul.homeAgent
  if (m === undefined || careOf === undefined || homeAgent === undefined || s.attachment?.atHome !== false) {
    s.mps = undefined
    return
  }
  m.sentAt = now
  out.push({
    kind: 'send-icmp',
    ifname: s.settings.ifname,
    source: careOf.address,
    destination: homeAgent,
    homeAddress: s.settings.homeAddress,
    hopLimit: undefined,
    msg: mobilePrefixSolicit(m.identifier),
    reason: 'mobile-prefix-solicit',
  })
  s.mpsIntervalMs = m.timeoutMs
  s.timers.set('mps', now + m.timeoutMs)
}

export function mobilePrefixAdvert(
  s: MnState,
  input: MobilePrefixAdvertInput,
  now: number,
  out: MnAction[],
): Done {
  if (!fromHomeAgent(s, input.source)) return drop(s, 'not-from-home-agent')
  const m = s.mps
  if (m === undefined || input.msg.identifier !== m.identifier) {
    // Unsolicited: ask, and apply the answer that pairs with our Identifier (mip6d).
    if (m === undefined && s.attachment?.atHome === false) solicitPrefixes(s, now, out)
    return
  }
  cancelSolicitation(s)
  const option = homePrefixOption(input.msg, s.homePrefix)
  if (option === undefined) {
    out.push(log('warn', 'mobile prefix advertisement without the home prefix'))
    return
  }
  s.homePrefixLifetime = lifetimeFrom(option.validLifetimeS, m.sentAt)
  event(out, now, { event: 'mobile-prefix-updated', validLifetimeS: option.validLifetimeS })
  // An answer already due would ask again at once, and again: the next BA reschedules.
  const at = solicitAt(s.homePrefixLifetime)
  if (at !== undefined && at > now) scheduleSolicitation(s, now)
}

export function cancelSolicitation(s: MnState): Done {
  s.mps = undefined
  s.timers.clear('mps')
}
