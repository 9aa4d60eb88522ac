// Returning home (RFC 6275 §11.5.4): the home address back on the interface without DAD, the
// deregistration BU to the home agent, and once it is acknowledged (or with no home agent to
// tell) tunnel and care-of address gone and the unsolicited Neighbor Advertisements that take
// the home address back from the home agent's proxy. Leaving home again takes it off.
import { ALL_NODES, addressEquals } from '@mip6/wire'
import type { MnAction } from './actions'
import { transition } from './binding-update-list'
import { dropCareOf } from './care-of'
import { INFINITE_LIFETIME, INITIAL_BINDACK_TIMEOUT_MS, ND_HOP_LIMIT, RETRANS_TIMER_MS } from './constants'
import { cancelDhaad } from './dhaad'
import { homeAnnouncement } from './message-builders'
import { cancelSolicitation } from './mobile-prefix-solicitation'
import { currentHomeAgent, type Done, event, type MnState } from './node-state'
import { sendBu, tunnelDown } from './registration'

export function returnHome(s: MnState, now: number, out: MnAction[]): Done {
  if (!s.homeAddressOnLink) {
    // RFC 6275 §11.5.4: no DAD, which the home agent, still defending the address, would fail.
    out.push({
      kind: 'address-add',
      ifname: s.settings.ifname,
      address: s.settings.homeAddress,
      prefixLength: s.settings.homePrefixLength,
      role: 'home',
      dad: false,
      optimistic: false,
      validLifetimeS: INFINITE_LIFETIME,
      preferredLifetimeS: INFINITE_LIFETIME,
    })
    s.homeAddressOnLink = true
  }
  cancelDhaad(s)
  cancelSolicitation(s)
  const homeAgent = currentHomeAgent(s)
  if (homeAgent === undefined) return settleAtHome(s, false, now, out)
  const e = s.bul
  e.state = transition(e.state, 'deregister')
  if (!addressEquals(e.careOfAddress, e.homeAddress)) e.lastCareOfAddress = e.careOfAddress
  e.careOfAddress = e.homeAddress
  e.homeAgent = homeAgent
  e.requestedLifetimeS = 0
  e.resends = 0
  e.timeoutMs = INITIAL_BINDACK_TIMEOUT_MS
  s.timers.clear('refresh')
  sendBu(s, now, out)
}

/** An accepted BA for the deregistration. */
export function deregistered(s: MnState, now: number, out: MnAction[]): Done {
  const e = s.bul
  e.state = transition(e.state, 'accept')
  e.expiresAt = undefined
  e.refreshAt = undefined
  e.grantedLifetimeS = 0
  for (const id of ['bu', 'refresh', 'binding-expiry'] as const) s.timers.clear(id)
  settleAtHome(s, true, now, out)
}

/** After the BA (or without a home agent to tell): tunnel and care-of address go, NAs out. */
export function settleAtHome(s: MnState, deregistered: boolean, now: number, out: MnAction[]): Done {
  tunnelDown(s, out)
  dropCareOf(s, out)
  s.naLeft = s.settings.unsolicitedNaCount
  announceHome(s, now, out)
  event(out, now, { event: 'returned-home', deregistered })
}

/** RFC 6275 §11.5.4: override the home agent's proxy NAs, RETRANS_TIMER apart. */
export function announceHome(s: MnState, now: number, out: MnAction[]): Done {
  if (s.naLeft <= 0 || s.attachment?.atHome !== true) return
  const targets = [s.settings.homeAddress]
  if (s.bul.linkLocalCompatibility) targets.push(s.settings.linkLocalAddress)
  for (const target of targets)
    out.push({
      kind: 'send-icmp',
      ifname: s.settings.ifname,
      source: target,
      destination: ALL_NODES,
      homeAddress: undefined,
      hopLimit: ND_HOP_LIMIT,
      msg: homeAnnouncement(target, s.settings.linkLayerAddress),
      reason: 'home-announce',
    })
  s.naLeft--
  if (s.naLeft > 0) s.timers.set('na', now + RETRANS_TIMER_MS)
}

export function leaveHome(s: MnState, out: MnAction[]): Done {
  s.naLeft = 0
  s.timers.clear('na')
  if (!s.homeAddressOnLink) return
  s.homeAddressOnLink = false
  out.push({
    kind: 'address-remove',
    ifname: s.settings.ifname,
    address: s.settings.homeAddress,
    role: 'home',
  })
}
