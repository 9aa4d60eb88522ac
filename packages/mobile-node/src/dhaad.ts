// Finding the home agent when none is configured (RFC 6275 §11.4.1), as the mobile node does
// it: from the home link's Router Advertisements, or away by a DHAAD Request, its
// retransmissions and the Reply, whose first home agent is registered with. The timeouts and
// what a router advertises are home-agent-discovery.ts's rules.
import { homeAgentsAnycast } from '@mip6/wire'
import type { MnAction } from './actions'
import { dhaadExhausted, dhaadTimeoutMs, homeAgentsOnHomeLink } from './home-agent-discovery'
import type { HaadReplyInput } from './inputs'
import { haadRequest } from './message-builders'
import type { HeardRouter } from './movement-detection'
import { type Done, drop, event, type MnState, random16 } from './node-state'
import { register } from './registration'

/** On the home link: the home agents its router names, unless one is configured or known. */
export function learnHomeAgents(s: MnState, r: HeardRouter): Done {
  if (s.settings.homeAgent !== undefined || s.discovered !== undefined) return
  const addresses = homeAgentsOnHomeLink(r, s.homePrefix)
  if (addresses.length > 0) s.discovered = { addresses, index: 0, via: 'router-advert' }
}

export function startDhaad(s: MnState, now: number, out: MnAction[]): Done {
  if (s.dhaad !== undefined) return
  s.dhaad = { identifier: random16(s), retransmissions: 0 }
  sendDhaad(s, now, out)
}

function sendDhaad(s: MnState, now: number, out: MnAction[]): Done {
  const d = s.dhaad
  const careOf = s.careOf
  if (d === undefined || careOf === undefined) return
  out.push({
    kind: 'send-icmp',
    ifname: s.settings.ifname,
    source: careOf.address,
    destination: homeAgentsAnycast(s.homePrefix),
    homeAddress: undefined,
    hopLimit: undefined,
    msg: haadRequest(d.identifier),
    reason: 'dhaad-request',
  })
  s.timers.set('dhaad', now + dhaadTimeoutMs(d.retransmissions))
}

export function dhaadTimeout(s: MnState, now: number, out: MnAction[]): Done {
  const d = s.dhaad
  if (d === undefined) return
  if (dhaadExhausted(d.retransmissions)) {
    s.dhaad = undefined
    event(out, now, { event: 'dhaad-failed' })
    return
  }
  d.retransmissions++
  sendDhaad(s, now, out)
}

export function haadReply(s: MnState, input: HaadReplyInput, now: number, out: MnAction[]): Done {
  if (s.dhaad === undefined || input.msg.identifier !== s.dhaad.identifier) return drop(s, 'dhaad-unexpected')
  cancelDhaad(s)
  const homeAgents = input.msg.homeAgents
  if (homeAgents.length === 0) return event(out, now, { event: 'dhaad-failed' })
  s.discovered = { addresses: [...homeAgents], index: 0, via: 'dhaad' }
  event(out, now, { event: 'home-agent-discovered', homeAgents: [...homeAgents], via: 'dhaad' })
  register(s, now, out)
}

export function cancelDhaad(s: MnState): Done {
  s.dhaad = undefined
  s.timers.clear('dhaad')
}
