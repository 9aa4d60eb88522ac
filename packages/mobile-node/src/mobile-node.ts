// The mobile node, sans-I/O: RFC 6275 §11 for one home address on one roaming interface,
// home registration only (no route optimization, no IPsec or RFC 4285 authentication). Every
// call takes `now` in ms; randomness comes in through the options. Inputs are received,
// parsed packets and interface facts; outputs are actions.
//
// What happens, in order (the handlers in brackets, the rules they follow after them):
//   RA -> movement detection [movement.ts; movement-detection.ts] -> at home: the
//   returning-home deregistration (§11.5.4) [returning-home.ts]; away: a care-of address by
//   SLAAC [care-of.ts; care-of-address.ts], the home agent from configuration, the home link's
//   RAs or DHAAD [dhaad.ts; home-agent-discovery.ts], a BU retransmitted per §11.8
//   [registration.ts; bu-retransmit.ts] until a BA, whose status says what next
//   [mobility-messages.ts; ba-status.ts]; registered: tunnel-up, refresh at 90 % of the
//   lifetime, Mobile Prefix Solicitation at 90 % of the home prefix's
//   [mobile-prefix-solicitation.ts; mobile-prefix.ts].
//
// This class owns the state (node-state.ts) and its timer table, dispatches inputs and
// timers to the handlers, and answers the read-only queries.
//
// Departures and choices, on purpose:
// - Router Solicitations go out at once when the router is lost or the link comes up, without
//   RFC 4861 §6.3.7's random delay, which guards against many hosts booting at once; a mobile
//   node that lost its router has nothing to wait for.
// - The old care-of address is removed as soon as movement is detected (it is not valid on
//   the new link); the tunnel keeps its endpoints until the new BA moves them.
// - Every arrival home, start-up included, sends the deregistration when a home agent is
//   known: it also clears a binding a home agent kept from an earlier run (DESIGN.md rule 5).
// - A Binding Error status 1 from the home agent (it lost our binding) starts a first
//   registration; the tunnel stays, as the home agent will take it back.
import { TimerTable } from '@mip6/engine-kit'
import { type Ipv6Address, maskAddress } from '@mip6/wire'
import type { MnAction } from './actions'
import { awaitingAck, type BulView, emptyEntry } from './binding-update-list'
import { bulLines } from './bul-format'
import { dadResult } from './care-of'
import { interfaceId, linkLocalCompatible } from './care-of-address'
import { dhaadTimeout, haadReply } from './dhaad'
import type { MnInput } from './inputs'
import { mobilePrefixAdvert, mpsTimeout } from './mobile-prefix-solicitation'
import { mobility } from './mobility-messages'
import { careOfExpired, link, lose, routerAdvert, routerSilent, solicitRouter } from './movement'
import type { LinkView } from './movement-detection'
import {
  count,
  currentHomeAgent,
  type Done,
  drop,
  type MnState,
  type MobileNodeCounters,
  random16,
  type TimerId,
} from './node-state'
import { bindingExpired, refresh, retransmit } from './registration'
import { announceHome } from './returning-home'
import type { MobileNodeSettings } from './settings'

export interface MobileNodeOptions {
  /** Uniform in [0, 1): the first sequence number and ICMP identifiers. */
  rng: () => number
}

/** What each timer of the table does when it expires. */
const ON_TIMEOUT: Record<TimerId, (s: MnState, now: number, out: MnAction[]) => Done> = {
  'router-silent': routerSilent,
  'router-lifetime': (s, now, out) => lose(s, 'router-lifetime', now, out),
  'care-of-expiry': careOfExpired,
  rs: solicitRouter,
  bu: retransmit,
  refresh,
  'binding-expiry': bindingExpired,
  dhaad: dhaadTimeout,
  mps: mpsTimeout,
  na: announceHome,
}

export class MobileNode {
  private readonly s: MnState
  readonly counters: MobileNodeCounters

  constructor(settings: MobileNodeSettings, options: MobileNodeOptions) {
    const bul = emptyEntry(settings.homeAddress)
    bul.linkLocalCompatibility = linkLocalCompatible(settings.homeAddress, settings.linkLocalAddress)
    this.s = {
      settings,
      rng: options.rng,
      homePrefix: {
        address: maskAddress(settings.homeAddress, settings.homePrefixLength),
        length: settings.homePrefixLength,
      },
      iid: interfaceId(settings.careOfInterfaceId, settings.linkLayerAddress, settings.homeAddress),
      timers: new TimerTable(),
      bul,
      counters: { received: {}, drops: {} },
      linkUp: true,
      router: undefined,
      candidate: undefined,
      lostReason: 'start',
      attachment: undefined,
      careOf: undefined,
      homeAddressOnLink: false,
      discovered: undefined,
      nextSeq: 0,
      tunnel: undefined,
      dhaad: undefined,
      mps: undefined,
      mpsIntervalMs: undefined,
      homePrefixLifetime: undefined,
      rsLeft: 0,
      naLeft: 0,
    }
    this.s.nextSeq = random16(this.s)
    this.counters = this.s.counters
  }

  handle(input: MnInput, now: number): MnAction[] {
    const s = this.s
    const out: MnAction[] = []
    count(s, input.kind)
    if (input.ifname !== s.settings.ifname) {
      drop(s, 'other-interface')
      return out
    }
    switch (input.kind) {
      case 'router-advert':
        routerAdvert(s, input, now, out)
        break
      case 'mobility':
        mobility(s, input, now, out)
        break
      case 'haad-reply':
        haadReply(s, input, now, out)
        break
      case 'mobile-prefix-advert':
        mobilePrefixAdvert(s, input, now, out)
        break
      case 'link':
        link(s, input, now, out)
        break
      case 'dad-result':
        dadResult(s, input, now, out)
        break
    }
    return out
  }

  handleTimeout(now: number): MnAction[] {
    const out: MnAction[] = []
    for (const id of this.s.timers.expired(now)) ON_TIMEOUT[id](this.s, now, out)
    return out
  }

  nextTimeout(): number | undefined {
    return this.s.timers.next()
  }

  /** The Binding Update List (one entry once a BU went out), for the console and telemetry. */
  bindingUpdateList(): BulView[] {
    const s = this.s
    const e = s.bul
    if (e.sentAt === undefined) return []
    return [
      {
        ...e,
        ifname: s.settings.ifname,
        retransmitAt: awaitingAck(e.state) ? s.timers.get('bu') : undefined,
        mobilePrefixSolicitAt: s.timers.get('mps'),
        mobilePrefixIntervalMs: s.timers.get('mps') === undefined ? undefined : s.mpsIntervalMs,
      },
    ]
  }

  /** The console's `bul` answer, in mip6d's layout. */
  bulLines(now: number): string[] {
    return bulLines(this.bindingUpdateList(), now)
  }

  /** Where the mobile node is attached now. */
  currentLink(): LinkView | undefined {
    return this.s.attachment?.view
  }

  careOfAddress(): Ipv6Address | undefined {
    return this.s.careOf?.address
  }

  homeAgent(): Ipv6Address | undefined {
    return currentHomeAgent(this.s)
  }
}
