// Movement (RFC 6275 §11.5.1) as the mobile node acts on it: Router Advertisements from the
// current router or another, losing the router (silence, its lifetime, the link going down),
// Router Solicitations (RFC 4861 §6.3.7), and moving: to the home link (returning-home.ts) or
// to a visited one with a new care-of address (care-of.ts). What an RA says about its router
// and link is movement-detection.ts's rules.
import { ALL_ROUTERS, formatAddress, ndViolations } from '@mip6/wire'
import type { MnAction } from './actions'
import { armCareOfExpiry, dropCareOf, formCareOf } from './care-of'
import { slaacPrefix } from './care-of-address'
import { MAX_RTR_SOLICITATIONS, ND_HOP_LIMIT, RTR_SOLICITATION_INTERVAL_MS } from './constants'
import { learnHomeAgents } from './dhaad'
import type { LinkInput, RouterAdvertInput } from './inputs'
import { routerSolicit } from './message-builders'
import { learnHomePrefixLifetime } from './mobile-prefix-solicitation'
import {
  advertisedOption,
  advertisesHomePrefix,
  type HeardRouter,
  heardRouter,
  linkView,
  type MovementReason,
  routerExpiresAt,
  sameRouter,
  silentUntil,
  withdraws,
} from './movement-detection'
import { type Done, drop, event, log, type MnState } from './node-state'
import { leaveHome, returnHome } from './returning-home'

export function routerAdvert(s: MnState, input: RouterAdvertInput, now: number, out: MnAction[]): Done {
  if (ndViolations(input, input.msg).length > 0) return drop(s, 'nd-invalid')
  const heard = heardRouter(input.source, input.msg, now)
  const current = s.router
  if (current !== undefined && sameRouter(current, heard)) return fromCurrentRouter(s, heard, now, out)
  // RFC 4861 §6.3.4: a Router Lifetime of 0 says the router is no default router.
  if (heard.routerLifetimeS === 0) return drop(s, 'not-default-router')
  const a = s.attachment
  if (a?.prefix !== undefined && advertisedOption(heard, a.prefix, now) !== undefined) {
    // Our own link, through whichever router answers first after a loss.
    if (current === undefined) adopt(s, heard, a.atHome, now)
    return
  }
  const silentAt = current?.advIntervalMs === undefined ? undefined : current.heardAt + current.advIntervalMs
  if (silentAt !== undefined && now < silentAt) {
    // seed 001 §3.2.4: a new prefix alone proves nothing; the current router has one
    // interval left to speak.
    s.candidate = heard
    s.timers.set('router-silent', silentAt)
    return
  }
  moveTo(s, heard, current === undefined ? s.lostReason : 'new-router', now, out)
}

function fromCurrentRouter(s: MnState, heard: HeardRouter, now: number, out: MnAction[]): Done {
  if (heard.routerLifetimeS === 0) return lose(s, 'router-lifetime', now, out)
  const a = s.attachment
  adopt(s, heard, a?.atHome === true, now)
  if (a === undefined || a.atHome) return
  if (a.prefix === undefined) {
    if (slaacPrefix(heard, now) !== undefined) moveTo(s, heard, 'prefix-change', now, out)
    return
  }
  if (withdraws(heard, a.prefix)) return moveTo(s, heard, 'prefix-change', now, out)
  const option = advertisedOption(heard, a.prefix, now)
  if (option !== undefined && s.careOf !== undefined) {
    s.careOf.validUntil = option.validUntil
    armCareOfExpiry(s)
  }
}

/** `heard` is our default router from now on. */
function adopt(s: MnState, heard: HeardRouter, atHome: boolean, now: number): Done {
  s.router = heard
  s.candidate = undefined
  const silent = silentUntil(heard, s.settings.missedAdvertIntervals)
  if (silent === undefined) s.timers.clear('router-silent')
  else s.timers.set('router-silent', silent)
  s.timers.set('router-lifetime', routerExpiresAt(heard))
  s.rsLeft = 0
  s.timers.clear('rs')
  if (atHome) {
    learnHomePrefixLifetime(s, heard, now)
    learnHomeAgents(s, heard)
  }
}

/** The current router stopped speaking: to the candidate heard meanwhile, or lost. */
export function routerSilent(s: MnState, now: number, out: MnAction[]): Done {
  lose(s, s.candidate === undefined ? 'router-lost' : 'new-router', now, out)
}

export function lose(s: MnState, reason: MovementReason, now: number, out: MnAction[]): Done {
  const lost = s.router
  if (lost === undefined) return
  const candidate = s.candidate
  s.router = undefined
  s.candidate = undefined
  s.lostReason = reason
  s.timers.clear('router-silent')
  s.timers.clear('router-lifetime')
  event(out, now, { event: 'router-lost', router: lost.addresses[0] ?? lost.linkLocal, reason })
  if (candidate !== undefined) moveTo(s, candidate, reason, now, out)
  else startSolicitingRouters(s, now, out)
}

function moveTo(s: MnState, heard: HeardRouter, reason: MovementReason, now: number, out: MnAction[]): Done {
  const from = s.attachment?.view
  const atHome = advertisesHomePrefix(heard, s.homePrefix, now)
  adopt(s, heard, atHome, now)
  if (atHome) {
    const view = linkView(heard, true, s.homePrefix)
    s.attachment = { atHome: true, prefix: s.homePrefix, view }
    event(out, now, { event: 'movement-detected', from, to: view, reason })
    returnHome(s, now, out)
    return
  }
  const p = slaacPrefix(heard, now)
  const view = linkView(heard, false, p?.prefix)
  s.attachment = { atHome: false, prefix: p?.prefix, view }
  event(out, now, { event: 'movement-detected', from, to: view, reason })
  leaveHome(s, out)
  if (p === undefined) {
    out.push(log('warn', `no prefix for SLAAC from ${formatAddress(view.router)}: no care-of address`))
    dropCareOf(s, out)
    return
  }
  formCareOf(s, p, now, out)
}

/** The care-of prefix's valid lifetime ran out: another prefix of the router, or none. */
export function careOfExpired(s: MnState, now: number, out: MnAction[]): Done {
  if (s.router !== undefined && s.attachment?.atHome === false)
    return moveTo(s, s.router, 'prefix-change', now, out)
  dropCareOf(s, out)
}

function startSolicitingRouters(s: MnState, now: number, out: MnAction[]): Done {
  s.rsLeft = MAX_RTR_SOLICITATIONS
  solicitRouter(s, now, out)
}

/** RFC 4861 §6.3.7: up to MAX_RTR_SOLICITATIONS, RTR_SOLICITATION_INTERVAL apart. */
export function solicitRouter(s: MnState, now: number, out: MnAction[]): Done {
  if (!s.linkUp || s.router !== undefined || s.rsLeft <= 0) return
  out.push({
    kind: 'send-icmp',
    ifname: s.settings.ifname,
    source: s.settings.linkLocalAddress,
    destination: ALL_ROUTERS,
    homeAddress: undefined,
    hopLimit: ND_HOP_LIMIT,
    msg: routerSolicit(s.settings.linkLayerAddress),
    reason: 'router-solicit',
  })
  s.rsLeft--
  if (s.rsLeft > 0) s.timers.set('rs', now + RTR_SOLICITATION_INTERVAL_MS)
}

export function link(s: MnState, input: LinkInput, now: number, out: MnAction[]): Done {
  if (input.up === s.linkUp) return
  s.linkUp = input.up
  if (!input.up) {
    // RFC 6275 §11.5.1: a lower-layer hint; what answers after the link comes back decides.
    s.candidate = undefined
    s.lostReason = 'link-change'
    lose(s, 'link-change', now, out)
    s.timers.clear('rs')
    return
  }
  startSolicitingRouters(s, now, out)
}
