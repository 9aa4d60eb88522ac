// The Home Agent, sans-I/O: RFC 6275 §9.5 and §10.3-10.6 (binding cache, home registration,
// proxy Neighbor Discovery, DHAAD, mobile prefix discovery), with RFC 4285 authentication
// instead of IPsec, as mip6d does it. Every call takes `now` in ms; randomness and HMAC come
// in through the options. Inputs are received packets and link facts; outputs are actions.
//
// BU processing, in RFC 6275 §9.2, §9.5.1 and §10.3.1 order:
//   Mobility Header checks (parse, checksum, Payload Proto; unknown MH Type: BE status 2),
//   addresses (home address from the HAO, else only a returning-home deregistration; routable
//   home and care-of addresses; sent to one of our Home Agent addresses), RFC 4285
//   (144/145/146), H flag (131; without a binding and with a HAO: BE status 1), home subnet
//   (132), sequence number (135 with the last accepted one), then deregistration (133 without
//   a binding) or: lifetime, ACL (129), capacity (130), home link up (128), DAD (134).
//
// Departures and choices, on purpose:
// - Accepted BUs without the A flag get no BA (RFC 6275 §9.5.4 SHOULD NOT); rejections always
//   do (mip6d sends one for every BU).
// - The lifetime is cut to the home prefix's valid lifetime as advertised (RFC 6275 §10.3.1).
//   The mip6d of seed 002 granted 262140 s with radvd's default 86400 s prefix lifetime; we
//   grant 86400 there. Status 1 (prefix discovery necessary) is never sent.
// - A BU with H clear is answered 131 (we are no correspondent node); without a binding and
//   with a Home Address option, a Binding Error status 1 instead (RFC 6275 §9.3.3).
// - Malformed Mobility Headers are dropped and counted, without the ICMP Parameter Problem
//   RFC 6275 §9.2 suggests.
import { TimerTable } from '@mip6/engine-kit'
import {
  ALL_NODES,
  addressEquals,
  BindingAckStatus,
  BindingErrorStatus,
  type BindingUpdate,
  formatAddress,
  homeAgentsAnycast,
  IpProtocol,
  type Ipv6Address,
  inPrefix,
  isMulticast,
  isUnspecified,
  MobilityMessage,
  mhChecksumValid,
  ndViolations,
  seqLessThan,
  solicitedNodeMulticast,
  UNSPECIFIED,
} from '@mip6/wire'
import type { HaAction, SendIcmp } from './actions'
import {
  type AuthOutcome,
  authenticateBindingUpdate,
  authenticationOptions,
  type HmacSha1,
  signBindingAck,
} from './authentication'
import {
  type AuthContext,
  type BindingEntry,
  type BindingRequest,
  type BindingView,
  type LifecycleInput,
  transition,
  viewOf,
} from './binding-lifecycle'
import {
  aclAllows,
  type BuAddresses,
  buAddresses,
  grantedLifetimeS,
  isDeregistration,
  isRoutableUnicast,
} from './bu-checks'
import { LIFETIME_UNIT_S, ND_HOP_LIMIT, RETRANS_TIMER_MS } from './constants'
import { type HomeAgentListEntry, HomeAgentsList, haadReplyAddresses } from './home-agents-list'
import type {
  HaadRequestInput,
  HaInput,
  MobilePrefixSolicitInput,
  MobilityInput,
  NeighborAdvertInput,
  NeighborSolicitInput,
} from './inputs'
import { bindingAck, bindingError, bindingRefreshRequest } from './mh-builders'
import {
  afterUnsolicitedAdvert,
  IDLE_MPA,
  mobilePrefixAdvert,
  samePrefixes,
  unsolicitedAdvertDelayMs,
} from './mobile-prefix'
import { entryFromPersisted, type PersistedBinding, persistedOf } from './persistence'
import { dadProbe, proxiedAddresses, proxyAdvert, sameMac } from './proxy-nd'
import { ReplyRateLimiter } from './rate-limit'
import type { HomeAgentSettings, HomeLinkFacts, HomeLinkSettings, HomePrefixSettings } from './settings'

export interface HomeAgentOptions {
  /** Uniform in [0, 1). */
  rng: () => number
  /** Needed when `authentication` is configured (RFC 4285 §5.1). */
  hmacSha1?: HmacSha1
}

export type DropReason =
  | 'malformed'
  | 'bad-checksum'
  | 'bad-payload-proto'
  | 'unexpected-mh'
  | 'mh-with-routing-header'
  | 'no-home-address-option'
  | 'bad-home-address'
  | 'bad-care-of-address'
  | 'not-our-address'
  | 'coalesced'
  | 'rate-limited'
  | 'nd-invalid'
  | 'not-home-link'
  | 'not-for-us'
  | 'own-packet'
  | 'haad-not-anycast'
  | 'bad-source'
  | 'no-home-agent-address'
  | 'mps-without-home-address-option'
  | 'prefix-discovery-off'
  | 'no-link-layer-address'
  | 'restore-invalid'
  | 'restore-expired'
  | 'restore-duplicate'

export interface HomeAgentCounters {
  /** Inputs by kind; Mobility Header messages by message kind. */
  received: Record<string, number>
  /** Sent, by status. */
  bindingAcks: Record<number, number>
  bindingErrors: Record<number, number>
  bindingRefreshRequests: number
  haadReplies: number
  mobilePrefixAdverts: number
  proxyAdverts: number
  dadProbes: number
  dadConflicts: number
  /** Another node advertised an address we proxy. */
  proxyConflicts: number
  drops: Partial<Record<DropReason, number>>
}

/** What the handlers return, so that `return this.drop(...)` reads "drop, and stop here". */
type Done = undefined

type TimerKind = 'dad' | 'expire' | 'brr' | 'na' | 'mpa'
type TimerId = `${TimerKind}:${string}` | 'hal'

interface Link {
  settings: HomeLinkSettings
}

/** Where a reply to a BU goes, and what it answers. */
interface ReplyTo {
  ingressIfname: string
  replyTo: Ipv6Address
  haAddress: Ipv6Address
  homeAddress: Ipv6Address
  careOfAddress: Ipv6Address
  viaHomeAddressOption: boolean
  sequence: number
  /** The A flag of the BU answered. */
  acknowledge: boolean
}

export class HomeAgent {
  private settings!: HomeAgentSettings
  private readonly links = new Map<string, Link>()
  private readonly facts = new Map<string, HomeLinkFacts>()
  private readonly cache = new Map<string, BindingEntry>()
  /** `ifname%address` of every proxied address, to the binding's key. */
  private readonly proxyIndex = new Map<string, string>()
  private readonly naRoundsLeft = new Map<string, number>()
  private readonly timers = new TimerTable<TimerId>()
  private readonly homeAgentsList = new HomeAgentsList()
  private readonly limiter: ReplyRateLimiter
  readonly counters: HomeAgentCounters = {
    received: {},
    bindingAcks: {},
    bindingErrors: {},
    bindingRefreshRequests: 0,
    haadReplies: 0,
    mobilePrefixAdverts: 0,
    proxyAdverts: 0,
    dadProbes: 0,
    dadConflicts: 0,
    proxyConflicts: 0,
    drops: {},
  }

  constructor(
    settings: HomeAgentSettings,
    private readonly options: HomeAgentOptions,
  ) {
    this.limiter = new ReplyRateLimiter(settings.replyRateLimit)
    this.configure(settings, 0)
  }

  /** Applies a whole new configuration; bindings on links no longer served end. */
  configure(settings: HomeAgentSettings, now: number): HaAction[] {
    if (settings.authentication !== undefined && this.options.hmacSha1 === undefined)
      throw new Error('home agent: authentication is configured but no hmacSha1 was given')
    const out: HaAction[] = []
    this.settings = settings
    this.limiter.configure(settings.replyRateLimit)
    const wanted = new Map(settings.homeLinks.map((l) => [l.ifname, l]))
    for (const [ifname] of this.links) {
      if (wanted.has(ifname)) continue
      for (const entry of [...this.cache.values()]) {
        if (entry.ifname === ifname) this.end(entry, 'unconfigure', undefined, now, out)
      }
      this.homeAgentsList.forgetLink(ifname)
      this.links.delete(ifname)
    }
    for (const l of settings.homeLinks) {
      const link = this.links.get(l.ifname)
      if (link === undefined) {
        this.links.set(l.ifname, { settings: l })
        continue
      }
      const before = link.settings.prefixes
      link.settings = l
      if (!samePrefixes(before, l.prefixes)) this.prefixesChanged(l.ifname, now, out)
    }
    return out
  }

  handle(input: HaInput, now: number): HaAction[] {
    const out: HaAction[] = []
    this.count(input.kind)
    switch (input.kind) {
      case 'mobility':
        this.mobility(input, now, out)
        break
      case 'neighbor-solicit':
        this.neighborSolicit(input, now, out)
        break
      case 'neighbor-advert':
        this.neighborAdvert(input, now, out)
        break
      case 'haad-request':
        this.haadRequest(input, now, out)
        break
      case 'mobile-prefix-solicit':
        this.mobilePrefixSolicit(input, now, out)
        break
      case 'home-address-option':
        // Only packets for us: one routed through the router is its destination's business.
        if (this.linkOwning(input.destination) === undefined) this.drop('not-for-us')
        else if (!this.boundTo(input.homeAddress, input.source)) {
          this.sendBindingError(
            input,
            BindingErrorStatus.unknownBindingForHomeAddressOption,
            input.homeAddress,
            now,
            out,
          )
        }
        break
      case 'home-agent-heard':
        if (!this.links.has(input.ifname)) {
          this.drop('not-home-link')
          break
        }
        this.homeAgentsList.heardFrom(
          input.ifname,
          input.linkLocal,
          input.addresses,
          input.preference,
          input.lifetimeS,
          now,
        )
        this.armHomeAgentsList(now)
        break
      case 'link': {
        const wasUp = this.facts.get(input.ifname)?.up === true
        if (input.link === undefined) this.facts.delete(input.ifname)
        else this.facts.set(input.ifname, input.link)
        // RFC 6275 §10.4.1: neighbors may have missed our announcements while the link was down.
        if (!wasUp && input.link?.up === true) {
          for (const entry of this.cache.values())
            if (entry.ifname === input.ifname && entry.state === 'registered')
              this.announce(entry, entry.proxied, out)
        }
        break
      }
      case 'home-prefixes': {
        const link = this.links.get(input.ifname)
        if (link === undefined) {
          this.drop('not-home-link')
          break
        }
        if (samePrefixes(link.settings.prefixes, input.prefixes)) break
        link.settings = { ...link.settings, prefixes: input.prefixes }
        this.prefixesChanged(input.ifname, now, out)
        break
      }
    }
    return out
  }

  /** An operator ends a binding (console or MQTT command): as if its link stopped being served.
   *  Nothing happens, and nothing is returned, for a home address without a binding. */
  dropBinding(homeAddress: Ipv6Address, now: number): HaAction[] {
    const out: HaAction[] = []
    const entry = this.cache.get(keyOf(homeAddress))
    if (entry !== undefined) this.end(entry, 'unconfigure', undefined, now, out)
    return out
  }

  handleTimeout(now: number): HaAction[] {
    const out: HaAction[] = []
    for (const id of this.timers.expired(now)) {
      if (id === 'hal') {
        this.armHomeAgentsList(now)
        continue
      }
      const colon = id.indexOf(':')
      const kind = id.slice(0, colon) as TimerKind
      const entry = this.cache.get(id.slice(colon + 1))
      if (entry === undefined) continue
      switch (kind) {
        case 'dad':
          this.dadTimer(entry, now, out)
          break
        case 'expire':
          if (entry.state === 'registered') this.end(entry, 'expire', undefined, now, out)
          break
        case 'brr':
          if (entry.state === 'registered') this.sendRefreshRequest(entry, out)
          break
        case 'na':
          this.announceRound(entry, now, out)
          break
        case 'mpa':
          this.unsolicitedAdvert(entry, now, out)
          break
      }
    }
    return out
  }

  nextTimeout(): number | undefined {
    return this.timers.next()
  }

  /** The binding cache, for the console (`bc`), telemetry and persistence. */
  bindings(): BindingView[] {
    return [...this.cache.values()].map(viewOf)
  }

  /** The home agents list (`hal`) of each home link, ours included, by preference. */
  homeAgents(now: number): HomeAgentListEntry[] {
    this.homeAgentsList.expire(now)
    const out: HomeAgentListEntry[] = []
    for (const [ifname, link] of this.links) {
      const entries = [this.ownEntry(ifname, link.settings), ...this.homeAgentsList.entries(ifname)]
      out.push(...entries.sort((a, b) => b.preference - a.preference))
    }
    return out
  }

  /** Registered bindings with their remaining lifetime, for a restart (DESIGN.md rule 5). */
  snapshot(now: number): PersistedBinding[] {
    return [...this.persistedBindings(now)]
  }

  /**
   * snapshot() one binding at a time, each read when the iteration reaches it, for an adapter
   * that writes a big cache in slices between packets. A binding added meanwhile is reached,
   * one removed before it is not; one removed and added again may come twice (older first).
   */
  *persistedBindings(now: number): Generator<PersistedBinding> {
    for (const e of this.cache.values()) if (e.state === 'registered') yield persistedOf(e, now)
  }

  /**
   * Re-creates bindings from a snapshot: each keeps what was left of its lifetime, less the
   * time the wall clock says passed since (when `wallClockMs` is given). Entries that do not
   * fit the configuration, or have run out, are skipped and counted.
   */
  restore(entries: readonly PersistedBinding[], now: number, wallClockMs?: number): HaAction[] {
    const out: HaAction[] = []
    for (const p of entries) this.restoreOne(p, now, wallClockMs, out)
    return out
  }

  // --- Mobility Header -------------------------------------------------------------------

  private mobility(input: MobilityInput, now: number, out: HaAction[]): Done {
    const parsed = MobilityMessage.parse(input.mh)
    if (!parsed.ok)
      return this.drop(
        'malformed',
        out,
        input.ifname,
        `MH from ${fmt(input.source)}: ${parsed.error.kind} ${parsed.error.field}`,
      )
    const msg = parsed.value
    this.count(`mh:${msg.kind}`)
    // RFC 6275 §9.2: the checksum covers the pseudo-header with the home address as source.
    if (!mhChecksumValid(input.mh, input.homeAddress ?? input.source, input.destination))
      return this.drop('bad-checksum', out, input.ifname, `MH from ${fmt(input.source)}: bad checksum`)
    // RFC 6275 §9.2: Payload Proto MUST be IPPROTO_NONE.
    if (msg.payloadProto !== IpProtocol.noNextHeader) return this.drop('bad-payload-proto')
    if (msg.kind === 'unknown') {
      // RFC 6275 §9.2: an unrecognised MH Type gets a Binding Error with status 2.
      this.sendBindingError(
        input,
        BindingErrorStatus.unrecognizedMhType,
        input.homeAddress ?? UNSPECIFIED,
        now,
        out,
      )
      return
    }
    if (msg.kind !== 'binding-update') return this.drop('unexpected-mh')
    this.bindingUpdate(input, msg, now, out)
  }

  private bindingUpdate(input: MobilityInput, bu: BindingUpdate, now: number, out: HaAction[]): Done {
    // RFC 6275 §6.1: only a BA may come with a type 2 routing header.
    if (input.hasType2Routing) return this.drop('mh-with-routing-header')
    const addrs = buAddresses(bu, input.source, input.homeAddress)
    // Without a Home Address option, only a mobile node at home deregistering (§11.5.4).
    if (addrs === undefined || (input.homeAddress === undefined && !this.onHomeLink(addrs.homeAddress)))
      return this.drop(
        'no-home-address-option',
        out,
        input.ifname,
        `BU from ${fmt(input.source)} without a Home Address option`,
      )
    if (!isRoutableUnicast(addrs.homeAddress)) return this.drop('bad-home-address')
    if (!isRoutableUnicast(addrs.careOfAddress)) return this.drop('bad-care-of-address')
    const key = keyOf(addrs.homeAddress)
    // mip6d: a care-of address that is itself a bound home address would loop the tunnel.
    if (!addressEquals(addrs.careOfAddress, addrs.homeAddress) && this.cache.has(keyOf(addrs.careOfAddress)))
      return this.drop('bad-care-of-address')
    const haLink = this.linkOwning(input.destination)
    if (haLink === undefined) return this.drop('not-our-address')
    const reply: ReplyTo = {
      ingressIfname: input.ifname,
      replyTo: input.source,
      haAddress: input.destination,
      homeAddress: addrs.homeAddress,
      careOfAddress: addrs.careOfAddress,
      viaHomeAddressOption: addrs.viaHomeAddressOption,
      sequence: bu.sequence,
      acknowledge: bu.acknowledge,
    }

    const auth: AuthOutcome = authenticateBindingUpdate(
      bu,
      input.mh,
      input.source,
      addrs.homeAddress,
      input.wallClockMs,
      this.settings.authentication,
      this.options.hmacSha1,
    )
    if (auth.kind === 'rejected') {
      return this.reject(reply, auth.status, now, out, {
        auth: auth.context,
        timestamp: auth.ourTimestamp,
        why: auth.reason,
      })
    }
    const authContext = auth.kind === 'verified' ? auth.context : undefined
    const existing = this.cache.get(key)

    if (!bu.homeRegistration) {
      if (existing === undefined && input.homeAddress !== undefined) {
        // RFC 6275 §9.3.3: a Home Address option with no binding behind it.
        this.sendBindingError(
          input,
          BindingErrorStatus.unknownBindingForHomeAddressOption,
          addrs.homeAddress,
          now,
          out,
        )
        return
      }
      return this.reject(reply, BindingAckStatus.homeRegistrationNotSupported, now, out, {
        auth: authContext,
      })
    }
    // RFC 6275 §10.3.1: the home address must be on the link of the Home Agent address used.
    const prefix = haLink.settings.prefixes.find((p) => inPrefix(addrs.homeAddress, p.prefix))
    if (prefix === undefined)
      return this.reject(reply, BindingAckStatus.notHomeSubnet, now, out, { auth: authContext })
    // Our own addresses and the Home-Agents anycast address are nobody's home address.
    const reserved =
      haLink.settings.addresses.some((a) => addressEquals(a, addrs.homeAddress)) ||
      addressEquals(homeAgentsAnycast(prefix.prefix), addrs.homeAddress)
    if (reserved)
      return this.reject(reply, BindingAckStatus.administrativelyProhibited, now, out, {
        auth: authContext,
        why: 'the home address is one of the Home Agent`s own',
      })
    // RFC 6275 §9.5.1: the sequence number must be greater than the last accepted, modulo 2^16.
    if (existing !== undefined && !seqLessThan(existing.request.sequence, bu.sequence)) {
      if (existing.state === 'dad-pending') return this.drop('coalesced')
      return this.reject(reply, BindingAckStatus.sequenceNumberOutOfWindow, now, out, {
        auth: authContext,
        sequence: existing.request.sequence,
      })
    }
    if (isDeregistration(bu, addrs)) return this.deregister(existing, reply, authContext, now, out)

    const lifetimeS = grantedLifetimeS(
      bu.lifetimeUnits4s,
      prefix.validLifetimeS,
      this.settings.maxBindingLifetimeS,
    )
    if (lifetimeS <= 0)
      return this.reject(reply, BindingAckStatus.notHomeSubnet, now, out, { auth: authContext })
    if (!aclAllows(this.settings.bindingAcl, addrs.homeAddress))
      return this.reject(reply, BindingAckStatus.administrativelyProhibited, now, out, { auth: authContext })

    const request = this.requestOf(reply, bu, addrs, lifetimeS, authContext, input.wallClockMs, now)
    if (existing === undefined) {
      if (this.cache.size >= this.settings.maxBindings)
        return this.reject(reply, BindingAckStatus.insufficientResources, now, out, { auth: authContext })
      if (this.facts.get(haLink.settings.ifname)?.up !== true)
        return this.reject(reply, BindingAckStatus.reasonUnspecified, now, out, {
          auth: authContext,
          why: `home link ${haLink.settings.ifname} is down`,
        })
      this.firstRegistration(haLink.settings.ifname, addrs.homeAddress, request, now, out)
    } else if (existing.state === 'dad-pending') {
      transition(existing.state, 'coalesce')
      existing.request = request
    } else {
      this.refresh(existing, request, now, out)
    }
  }

  private requestOf(
    reply: ReplyTo,
    bu: BindingUpdate,
    addrs: BuAddresses,
    lifetimeS: number,
    auth: AuthContext | undefined,
    wallClockMs: number,
    now: number,
  ): BindingRequest {
    return {
      sequence: bu.sequence,
      careOfAddress: addrs.careOfAddress,
      replyTo: reply.replyTo,
      ingressIfname: reply.ingressIfname,
      viaHomeAddressOption: addrs.viaHomeAddressOption,
      haAddress: reply.haAddress,
      flags: {
        acknowledge: bu.acknowledge,
        homeRegistration: true,
        linkLocalCompatibility: bu.linkLocalCompatibility,
        keyManagementCompatibility: bu.keyManagementCompatibility && this.settings.keyManagementMobility,
      },
      grantedLifetimeS: lifetimeS,
      receivedAt: now,
      wallClockMs,
      auth,
    }
  }

  private firstRegistration(
    ifname: string,
    homeAddress: Ipv6Address,
    request: BindingRequest,
    now: number,
    out: HaAction[],
  ): Done {
    const targets = proxiedAddresses(homeAddress, request.flags.linkLocalCompatibility)
    const entry: BindingEntry = {
      state: 'dad-pending',
      homeAddress,
      ifname,
      request,
      dadTargets: targets,
      dadProbesSent: 0,
      proxied: [],
      registeredAt: now,
      registeredAtWallMs: request.wallClockMs,
      expiresAt: now,
      mpa: { ...IDLE_MPA },
    }
    if (!this.settings.dad.enabled) {
      this.cache.set(keyOf(homeAddress), entry)
      this.register(entry, 'accept', now, out)
      return
    }
    transition('absent', 'accept-after-dad')
    this.cache.set(keyOf(homeAddress), entry)
    this.dadTimer(entry, now, out)
  }

  /** RFC 4862 §5.4: `transmits` probes `retransTimerMs` apart; success one interval after the last. */
  private dadTimer(entry: BindingEntry, now: number, out: HaAction[]): Done {
    if (entry.state !== 'dad-pending') return
    const dad = this.settings.dad
    if (entry.dadProbesSent >= dad.transmits) {
      this.register(entry, 'dad-succeeded', now, out)
      return
    }
    for (const target of entry.dadTargets) {
      out.push(
        icmp(
          entry.ifname,
          UNSPECIFIED,
          solicitedNodeMulticast(target),
          undefined,
          dadProbe(target),
          'dad-probe',
        ),
      )
      this.counters.dadProbes++
    }
    entry.dadProbesSent++
    this.timers.set(timerId('dad', entry), now + dad.retransTimerMs)
  }

  private dadFailed(entry: BindingEntry, target: Ipv6Address, now: number, out: HaAction[]): Done {
    transition(entry.state, 'dad-failed')
    this.counters.dadConflicts++
    this.forget(entry)
    out.push(log('warn', entry.ifname, `DAD for ${fmt(target)} failed: another node has it`))
    this.reject(replyOf(entry), BindingAckStatus.duplicateAddressDetectionFailed, now, out, {
      auth: entry.request.auth,
    })
  }

  private register(entry: BindingEntry, input: LifecycleInput, now: number, out: HaAction[]): Done {
    const t = transition(input === 'dad-succeeded' ? 'dad-pending' : 'absent', input)
    const r = entry.request
    entry.state = 'registered'
    this.timers.clear(timerId('dad', entry))
    this.setLifetime(entry, now)
    entry.proxied = proxiedAddresses(entry.homeAddress, r.flags.linkLocalCompatibility)
    for (const a of entry.proxied) this.proxyIndex.set(proxyKey(entry.ifname, a), keyOf(entry.homeAddress))
    out.push({ kind: 'binding-added', binding: viewOf(entry), careOfAddressChanged: false })
    for (const a of entry.proxied)
      out.push({ kind: 'proxy-start', ifname: entry.ifname, address: a, homeAddress: entry.homeAddress })
    this.startAnnouncing(entry, now, out)
    if (r.flags.acknowledge) this.acceptAck(entry, now, out)
    out.push(event(t.event!, entry, 0))
  }

  private refresh(entry: BindingEntry, request: BindingRequest, now: number, out: HaAction[]): Done {
    const t = transition(entry.state, 'refresh')
    const careOfAddressChanged = !addressEquals(entry.request.careOfAddress, request.careOfAddress)
    const before = entry.proxied
    entry.request = request
    this.setLifetime(entry, now)
    const after = proxiedAddresses(entry.homeAddress, request.flags.linkLocalCompatibility)
    const gone = before.filter((a) => !after.some((b) => addressEquals(a, b)))
    const added = after.filter((a) => !before.some((b) => addressEquals(a, b)))
    entry.proxied = after
    for (const a of gone) {
      this.proxyIndex.delete(proxyKey(entry.ifname, a))
      out.push({ kind: 'proxy-stop', ifname: entry.ifname, address: a, homeAddress: entry.homeAddress })
    }
    for (const a of added) {
      this.proxyIndex.set(proxyKey(entry.ifname, a), keyOf(entry.homeAddress))
      out.push({ kind: 'proxy-start', ifname: entry.ifname, address: a, homeAddress: entry.homeAddress })
    }
    if (added.length > 0) this.announce(entry, added, out)
    out.push({ kind: 'binding-changed', binding: viewOf(entry), careOfAddressChanged })
    if (request.flags.acknowledge) this.acceptAck(entry, now, out)
    out.push(event(t.event!, entry, 0))
  }

  /** The lifetime counts from acceptance (after DAD, for a first registration). */
  private setLifetime(entry: BindingEntry, now: number): Done {
    const r = entry.request
    entry.registeredAt = now
    entry.registeredAtWallMs = r.wallClockMs + (now - r.receivedAt)
    entry.expiresAt = now + r.grantedLifetimeS * 1000
    this.timers.set(timerId('expire', entry), entry.expiresAt)
    const brr = this.settings.bindingRefresh
    if (brr.enabled && r.grantedLifetimeS > brr.beforeExpiryS)
      this.timers.set(timerId('brr', entry), entry.expiresAt - brr.beforeExpiryS * 1000)
    else this.timers.clear(timerId('brr', entry))
  }

  private deregister(
    existing: BindingEntry | undefined,
    reply: ReplyTo,
    auth: AuthContext | undefined,
    now: number,
    out: HaAction[],
  ): Done {
    // RFC 6275 §10.3.2: no home registration to remove.
    if (existing === undefined)
      return this.reject(reply, BindingAckStatus.notHomeAgentForThisMobileNode, now, out, { auth })
    existing.request = { ...existing.request, sequence: reply.sequence, auth }
    // Proxying stops before the BA leaves, so a mobile node at home can resolve and answer.
    this.end(existing, 'deregister', reply, now, out)
  }

  /** Removes an entry through `input`, with its proxy, timers and data plane; BA for a BU. */
  private end(
    entry: BindingEntry,
    input: 'deregister' | 'expire' | 'unconfigure',
    reply: ReplyTo | undefined,
    now: number,
    out: HaAction[],
  ): Done {
    const t = transition(entry.state, input)
    const wasRegistered = entry.state === 'registered'
    const view = viewOf(entry)
    this.forget(entry)
    if (wasRegistered) {
      for (const a of entry.proxied)
        out.push({ kind: 'proxy-stop', ifname: entry.ifname, address: a, homeAddress: entry.homeAddress })
      out.push({ kind: 'binding-removed', binding: view, careOfAddressChanged: false })
    }
    if (reply?.acknowledge === true) {
      const ack = { sequence: reply.sequence, lifetimeS: 0, keyManagement: false }
      this.sendAck(reply, BindingAckStatus.accepted, ack, entry.request.auth, undefined, [], now, out)
    }
    out.push({
      kind: 'event',
      event: t.event!,
      homeAddress: entry.homeAddress,
      careOfAddress: reply?.careOfAddress ?? view.careOfAddress,
      status: reply === undefined ? undefined : BindingAckStatus.accepted,
      binding: view,
    })
  }

  /** Drops an entry from every table. */
  private forget(entry: BindingEntry): Done {
    this.cache.delete(keyOf(entry.homeAddress))
    for (const a of entry.proxied) this.proxyIndex.delete(proxyKey(entry.ifname, a))
    for (const kind of ['dad', 'expire', 'brr', 'na', 'mpa'] as const) this.timers.clear(timerId(kind, entry))
    this.naRoundsLeft.delete(keyOf(entry.homeAddress))
  }

  // --- Binding Acknowledgements and Errors ----------------------------------------------

  private acceptAck(entry: BindingEntry, now: number, out: HaAction[]): Done {
    const r = entry.request
    const advice = this.refreshAdvice(r.grantedLifetimeS)
    const ack = {
      sequence: r.sequence,
      lifetimeS: r.grantedLifetimeS,
      keyManagement: r.flags.keyManagementCompatibility,
    }
    this.sendAck(replyOf(entry), BindingAckStatus.accepted, ack, r.auth, undefined, advice, now, out)
  }

  /** RFC 6275 §10.3.1: a Binding Refresh Advice shorter than the lifetime, when BRRs are on. */
  private refreshAdvice(lifetimeS: number): BindingUpdate['options'] {
    const brr = this.settings.bindingRefresh
    if (!brr.enabled || lifetimeS <= brr.beforeExpiryS) return []
    const units = Math.max(1, Math.floor((lifetimeS - brr.beforeExpiryS) / LIFETIME_UNIT_S))
    return [{ kind: 'binding-refresh-advice', refreshIntervalUnits4s: units }]
  }

  private reject(
    reply: ReplyTo,
    status: number,
    now: number,
    out: HaAction[],
    opts: { auth?: AuthContext | undefined; timestamp?: bigint | undefined; sequence?: number; why?: string },
  ): Done {
    const ack = { sequence: opts.sequence ?? reply.sequence, lifetimeS: 0, keyManagement: false }
    this.sendAck(reply, status, ack, opts.auth, opts.timestamp, [], now, out)
    if (opts.why !== undefined)
      out.push(
        log('info', reply.ingressIfname, `BU for ${fmt(reply.homeAddress)} refused (${status}): ${opts.why}`),
      )
    out.push({
      kind: 'event',
      event: 'binding-rejected',
      homeAddress: reply.homeAddress,
      careOfAddress: reply.careOfAddress,
      status,
      binding: undefined,
    })
  }

  /** RFC 6275 §9.5.4: to the BU's source; with a type 2 routing header when it had a HAO. */
  private sendAck(
    reply: ReplyTo,
    status: number,
    ack: { sequence: number; lifetimeS: number; keyManagement: boolean },
    auth: AuthContext | undefined,
    timestamp: bigint | undefined,
    options: BindingUpdate['options'],
    now: number,
    out: HaAction[],
  ): Done {
    if (!this.limiter.take(keyOf(reply.replyTo), now)) return this.drop('rate-limited')
    let ba = bindingAck({
      status,
      keyManagementCompatibility: ack.keyManagement,
      sequence: ack.sequence,
      lifetimeUnits4s: ack.lifetimeS / LIFETIME_UNIT_S,
      options: [...options, ...(auth === undefined ? [] : authenticationOptions(auth, timestamp))],
    })
    if (auth !== undefined && this.options.hmacSha1 !== undefined)
      ba = signBindingAck(ba, auth, reply.homeAddress, this.options.hmacSha1)
    out.push({
      kind: 'send-mh',
      ifname: reply.ingressIfname,
      source: reply.haAddress,
      destination: reply.replyTo,
      type2Routing: reply.viaHomeAddressOption ? reply.homeAddress : undefined,
      tunnelTo: undefined,
      msg: ba,
      reason: 'binding-ack',
    })
    bump(this.counters.bindingAcks, status)
  }

  /** RFC 6275 §9.3.1: a Home Address option must match a binding with the source as care-of. */
  private boundTo(homeAddress: Ipv6Address, careOfAddress: Ipv6Address): boolean {
    const entry = this.cache.get(keyOf(homeAddress))
    return entry?.state === 'registered' && addressEquals(entry.request.careOfAddress, careOfAddress)
  }

  /** RFC 6275 §9.3.3: to the packet's source, without a routing header, rate limited. */
  private sendBindingError(
    input: { ifname: string; source: Ipv6Address; destination: Ipv6Address },
    status: number,
    homeAddress: Ipv6Address,
    now: number,
    out: HaAction[],
  ): Done {
    if (isMulticast(input.source) || isUnspecified(input.source)) return this.drop('bad-source')
    if (!this.limiter.take(keyOf(input.source), now)) return this.drop('rate-limited')
    out.push({
      kind: 'send-mh',
      ifname: input.ifname,
      source: input.destination,
      destination: input.source,
      type2Routing: undefined,
      tunnelTo: undefined,
      msg: bindingError(status, homeAddress),
      reason: 'binding-error',
    })
    bump(this.counters.bindingErrors, status)
  }

  /** RFC 6275 §9.5.5: to the home address, through the tunnel (no routing header, §6.1). */
  private sendRefreshRequest(entry: BindingEntry, out: HaAction[]): Done {
    out.push({
      kind: 'send-mh',
      ifname: entry.ifname,
      source: entry.request.haAddress,
      destination: entry.homeAddress,
      type2Routing: undefined,
      tunnelTo: entry.request.careOfAddress,
      msg: bindingRefreshRequest(),
      reason: 'binding-refresh-request',
    })
    this.counters.bindingRefreshRequests++
  }

  // --- Proxy Neighbor Discovery ---------------------------------------------------------

  /** RFC 6275 §10.4.1: announce now, then MAX_NEIGHBOR_ADVERTISEMENT - 1 more rounds. */
  private startAnnouncing(entry: BindingEntry, now: number, out: HaAction[]): Done {
    const rounds = this.settings.unsolicitedNaCount
    if (rounds <= 0) return
    this.announce(entry, entry.proxied, out)
    if (rounds > 1) {
      this.naRoundsLeft.set(keyOf(entry.homeAddress), rounds - 1)
      this.timers.set(timerId('na', entry), now + RETRANS_TIMER_MS)
    }
  }

  private announceRound(entry: BindingEntry, now: number, out: HaAction[]): Done {
    const key = keyOf(entry.homeAddress)
    const left = this.naRoundsLeft.get(key) ?? 0
    if (entry.state !== 'registered' || left <= 0) return
    this.announce(entry, entry.proxied, out)
    if (left > 1) {
      this.naRoundsLeft.set(key, left - 1)
      this.timers.set(timerId('na', entry), now + RETRANS_TIMER_MS)
    } else this.naRoundsLeft.delete(key)
  }

  /** Unsolicited NAs to all-nodes, O set, our MAC as target link-layer address. */
  private announce(entry: BindingEntry, addresses: Ipv6Address[], out: HaAction[]): Done {
    const facts = this.facts.get(entry.ifname)
    if (facts?.mac === undefined || !facts.up) return this.drop('no-link-layer-address')
    const source = facts.linkLocal ?? entry.request.haAddress
    for (const a of addresses) {
      out.push(
        icmp(
          entry.ifname,
          source,
          ALL_NODES,
          undefined,
          proxyAdvert(a, facts.mac, { solicited: false, override: true }),
          'proxy-announce',
        ),
      )
      this.counters.proxyAdverts++
    }
  }

  private neighborSolicit(input: NeighborSolicitInput, now: number, out: HaAction[]): Done {
    const facts = this.facts.get(input.ifname)
    if (!this.links.has(input.ifname)) return this.drop('not-home-link')
    if (ndViolations(input, input.msg).length > 0) return this.drop('nd-invalid')
    if (sameMac(input.sourceMac, facts?.mac)) return this.drop('own-packet')
    const target = input.msg.target
    const pending = this.pendingFor(input.ifname, target)
    if (pending !== undefined) {
      // RFC 4862 §5.4.3: another node's DAD probe for the address we are checking.
      if (isUnspecified(input.source)) this.dadFailed(pending, target, now, out)
      return
    }
    const key = this.proxyIndex.get(proxyKey(input.ifname, target))
    const entry = key === undefined ? undefined : this.cache.get(key)
    if (entry === undefined) return
    if (facts?.mac === undefined) return this.drop('no-link-layer-address')
    const source = facts.linkLocal ?? entry.request.haAddress
    if (isUnspecified(input.source)) {
      // RFC 6275 §10.4.1: defend the home address against another node's DAD; RFC 4861
      // §7.2.4: an answer to the unspecified address goes to all-nodes, S clear.
      out.push(
        icmp(
          input.ifname,
          source,
          ALL_NODES,
          undefined,
          proxyAdvert(target, facts.mac, { solicited: false, override: false }),
          'dad-defence',
        ),
      )
      out.push(
        log('info', input.ifname, `defended ${fmt(target)} (bound to ${fmt(entry.homeAddress)}) against DAD`),
      )
    } else {
      const slla = input.msg.options.find((o) => o.kind === 'source-lla')
      const mac = slla?.kind === 'source-lla' ? slla.address : input.sourceMac
      out.push(
        icmp(
          input.ifname,
          source,
          input.source,
          mac,
          proxyAdvert(target, facts.mac, { solicited: true, override: false }),
          'proxy-reply',
        ),
      )
    }
    this.counters.proxyAdverts++
  }

  private neighborAdvert(input: NeighborAdvertInput, now: number, out: HaAction[]): Done {
    const facts = this.facts.get(input.ifname)
    if (!this.links.has(input.ifname)) return this.drop('not-home-link')
    if (ndViolations(input, input.msg).length > 0) return this.drop('nd-invalid')
    const tlla = input.msg.options.find((o) => o.kind === 'target-lla')
    if (
      sameMac(input.sourceMac, facts?.mac) ||
      (tlla?.kind === 'target-lla' && sameMac(tlla.address, facts?.mac))
    )
      return this.drop('own-packet')
    const target = input.msg.target
    const pending = this.pendingFor(input.ifname, target)
    if (pending !== undefined) return this.dadFailed(pending, target, now, out)
    const key = this.proxyIndex.get(proxyKey(input.ifname, target))
    if (key === undefined) return
    this.counters.proxyConflicts++
    out.push(
      log(
        'warn',
        input.ifname,
        `${fmt(input.source)} advertises ${fmt(target)}, which we proxy for an away mobile node`,
      ),
    )
  }

  private pendingFor(ifname: string, target: Ipv6Address): BindingEntry | undefined {
    for (const e of this.cache.values()) {
      if (
        e.state === 'dad-pending' &&
        e.ifname === ifname &&
        e.dadTargets.some((t) => addressEquals(t, target))
      )
        return e
    }
    return undefined
  }

  // --- DHAAD and mobile prefix discovery ------------------------------------------------

  private haadRequest(input: HaadRequestInput, now: number, out: HaAction[]): Done {
    let found: { link: HomeLinkSettings; prefix: HomePrefixSettings } | undefined
    for (const { settings } of this.links.values()) {
      const prefix = settings.prefixes.find((p) =>
        addressEquals(homeAgentsAnycast(p.prefix), input.destination),
      )
      if (prefix !== undefined) found = { link: settings, prefix }
    }
    if (found === undefined) return this.drop('haad-not-anycast')
    if (!isRoutableUnicast(input.source)) return this.drop('bad-source')
    const { link, prefix } = found
    const source = link.addresses.find((a) => inPrefix(a, prefix.prefix)) ?? link.addresses[0]
    if (source === undefined) return this.drop('no-home-agent-address')
    this.homeAgentsList.expire(now)
    const entries = [this.ownEntry(link.ifname, link), ...this.homeAgentsList.entries(link.ifname)]
    const homeAgents = haadReplyAddresses(entries, prefix.prefix, this.options.rng)
    if (!this.limiter.take(keyOf(input.source), now)) return this.drop('rate-limited')
    out.push(
      icmp(
        input.ifname,
        source,
        input.source,
        undefined,
        {
          kind: 'haad-reply',
          code: 0,
          checksum: 0,
          identifier: input.msg.identifier,
          reserved: 0,
          homeAgents,
        },
        'haad-reply',
        null,
      ),
    )
    this.counters.haadReplies++
  }

  private mobilePrefixSolicit(input: MobilePrefixSolicitInput, now: number, out: HaAction[]): Done {
    if (!this.settings.mobilePrefix.solicited) return this.drop('prefix-discovery-off')
    const homeAddress = input.homeAddress
    if (homeAddress === undefined) return this.drop('mps-without-home-address-option')
    const entry = this.cache.get(keyOf(homeAddress))
    if (!this.boundTo(homeAddress, input.source) || entry === undefined) {
      this.sendBindingError(
        input,
        BindingErrorStatus.unknownBindingForHomeAddressOption,
        homeAddress,
        now,
        out,
      )
      return
    }
    const link = this.links.get(entry.ifname)
    if (link === undefined) return this.drop('not-home-link')
    // mip6d: a solicitation answers any unsolicited advertisement still being retransmitted.
    this.timers.clear(timerId('mpa', entry))
    entry.mpa = { ...IDLE_MPA }
    if (!this.limiter.take(keyOf(input.source), now)) return this.drop('rate-limited')
    this.sendPrefixAdvert(entry, link.settings, input.msg.identifier, out)
  }

  /** RFC 6275 §10.6: to the care-of address, with the home address in a type 2 routing header. */
  private sendPrefixAdvert(
    entry: BindingEntry,
    link: HomeLinkSettings,
    identifier: number,
    out: HaAction[],
  ): Done {
    out.push(
      icmp(
        entry.ifname,
        entry.request.haAddress,
        entry.request.careOfAddress,
        undefined,
        mobilePrefixAdvert(link, identifier),
        'mobile-prefix-advert',
        null,
        entry.homeAddress,
      ),
    )
    this.counters.mobilePrefixAdverts++
  }

  private prefixesChanged(ifname: string, now: number, out: HaAction[]): Done {
    const link = this.links.get(ifname)
    if (link === undefined || !this.settings.mobilePrefix.unsolicited) return
    out.push(log('info', ifname, 'home prefixes changed: mobile prefix advertisements scheduled'))
    for (const entry of this.cache.values()) {
      if (entry.ifname !== ifname || entry.state !== 'registered') continue
      const delayMs = unsolicitedAdvertDelayMs(
        link.settings.prefixes,
        this.settings.mobilePrefix,
        this.options.rng,
      )
      const current = this.timers.get(timerId('mpa', entry))
      if (current !== undefined && !entry.mpa.retransmitting && current <= now + delayMs) continue
      entry.mpa = { anchorAt: now, delayMs, retries: 0, retransmitting: false }
      this.timers.set(timerId('mpa', entry), now + delayMs)
    }
  }

  private unsolicitedAdvert(entry: BindingEntry, now: number, out: HaAction[]): Done {
    const link = this.links.get(entry.ifname)
    if (entry.state !== 'registered' || link === undefined) return
    this.sendPrefixAdvert(entry, link.settings, Math.floor(this.options.rng() * 0x10000), out)
    entry.mpa = afterUnsolicitedAdvert(entry.mpa, now)
    if (entry.mpa.anchorAt !== undefined) this.timers.set(timerId('mpa', entry), now + entry.mpa.delayMs)
  }

  // --- Home agents list, persistence ----------------------------------------------------

  private ownEntry(ifname: string, link: HomeLinkSettings): HomeAgentListEntry {
    return {
      ifname,
      linkLocal: this.facts.get(ifname)?.linkLocal,
      addresses: link.addresses,
      preference: link.homeAgentPreference,
      lifetimeS: link.homeAgentLifetimeS,
      expiresAt: undefined,
      own: true,
    }
  }

  private armHomeAgentsList(now: number): Done {
    const next = this.homeAgentsList.expire(now)
    if (next === undefined) this.timers.clear('hal')
    else this.timers.set('hal', next)
  }

  private restoreOne(
    p: PersistedBinding,
    now: number,
    wallClockMs: number | undefined,
    out: HaAction[],
  ): Done {
    const restored = entryFromPersisted(
      p,
      now,
      wallClockMs,
      (ifname) => this.links.get(ifname)?.settings.prefixes,
    )
    if (!restored.ok) return this.drop(restored.reason)
    const entry = restored.entry
    if (this.cache.has(keyOf(entry.homeAddress))) return this.drop('restore-duplicate')
    if (this.cache.size >= this.settings.maxBindings) return this.drop('restore-invalid')
    transition('absent', 'restore')
    this.cache.set(keyOf(entry.homeAddress), entry)
    for (const a of entry.proxied) this.proxyIndex.set(proxyKey(entry.ifname, a), keyOf(entry.homeAddress))
    this.timers.set(timerId('expire', entry), entry.expiresAt)
    const brr = this.settings.bindingRefresh
    if (brr.enabled && entry.expiresAt - now > brr.beforeExpiryS * 1000)
      this.timers.set(timerId('brr', entry), entry.expiresAt - brr.beforeExpiryS * 1000)
    out.push({ kind: 'binding-added', binding: viewOf(entry), careOfAddressChanged: false })
    for (const a of entry.proxied)
      out.push({ kind: 'proxy-start', ifname: entry.ifname, address: a, homeAddress: entry.homeAddress })
    this.startAnnouncing(entry, now, out)
  }

  // --- helpers -----------------------------------------------------------------------------

  private onHomeLink(address: Ipv6Address): boolean {
    for (const link of this.links.values())
      if (link.settings.prefixes.some((p) => inPrefix(address, p.prefix))) return true
    return false
  }

  /** The home link on which `address` is one of our Home Agent addresses. */
  private linkOwning(address: Ipv6Address): Link | undefined {
    for (const link of this.links.values())
      if (link.settings.addresses.some((a) => addressEquals(a, address))) return link
    return undefined
  }

  private count(what: string): Done {
    this.counters.received[what] = (this.counters.received[what] ?? 0) + 1
  }

  private drop(reason: DropReason, out?: HaAction[], ifname?: string, message?: string): Done {
    this.counters.drops[reason] = (this.counters.drops[reason] ?? 0) + 1
    if (out !== undefined && message !== undefined) out.push(log('debug', ifname, `dropped ${message}`))
  }
}

function keyOf(address: Ipv6Address): string {
  return formatAddress(address)
}

function proxyKey(ifname: string, address: Ipv6Address): string {
  return `${ifname}%${formatAddress(address)}`
}

function timerId(kind: TimerKind, entry: BindingEntry): TimerId {
  return `${kind}:${keyOf(entry.homeAddress)}`
}

function replyOf(entry: BindingEntry): ReplyTo {
  const r = entry.request
  return {
    ingressIfname: r.ingressIfname,
    replyTo: r.replyTo,
    haAddress: r.haAddress,
    homeAddress: entry.homeAddress,
    careOfAddress: r.careOfAddress,
    viaHomeAddressOption: r.viaHomeAddressOption,
    sequence: r.sequence,
    acknowledge: r.flags.acknowledge,
  }
}

function bump(table: Record<number, number>, status: number): void {
  table[status] = (table[status] ?? 0) + 1
}

function fmt(a: Ipv6Address): string {
  return formatAddress(a)
}

function event(
  name: NonNullable<ReturnType<typeof transition>['event']>,
  entry: BindingEntry,
  status: number,
): HaAction {
  return {
    kind: 'event',
    event: name,
    homeAddress: entry.homeAddress,
    careOfAddress: entry.request.careOfAddress,
    status,
    binding: viewOf(entry),
  }
}

/** `hopLimit` null: the interface default (routed messages); otherwise ND's 255. */
function icmp(
  ifname: string,
  source: Ipv6Address,
  destination: Ipv6Address,
  destinationMac: Uint8Array | undefined,
  msg: SendIcmp['msg'],
  reason: SendIcmp['reason'],
  hopLimit: null | number = ND_HOP_LIMIT,
  type2Routing?: Ipv6Address,
): SendIcmp {
  return {
    kind: 'send-icmp',
    ifname,
    source,
    destination,
    destinationMac,
    type2Routing,
    hopLimit: hopLimit ?? undefined,
    msg,
    reason,
  }
}

function log(level: 'debug' | 'info' | 'warn', ifname: string | undefined, message: string): HaAction {
  return { kind: 'log', level, ifname, message }
}
