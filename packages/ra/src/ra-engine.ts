// The Router Advertisement engine, sans-I/O: RFC 4861 §6.2 (router behaviour) with the
// Mobile IPv6 intervals of RFC 6275 §7.5. Every call takes `now` in ms; randomness comes from
// the injected `rng`. Inputs are settings, link facts and received messages; outputs are
// actions for the adapter.
//
// Departures, on purpose:
// - RFC 4861 §6.2.6 delays every solicited RA by 0..MAX_RA_DELAY_TIME; radvd 2.19 answers at
//   once when not rate limited. We delay, as the RFC says.
// - A solicitation without a Source Link-layer Address option gets its unicast answer sent to
//   the frame's source MAC, which the adapter passes in, instead of resolving by NS.

import { TimerTable } from '@mip6/engine-kit'
import {
  ALL_NODES,
  addressEquals,
  formatAddress,
  IPV6_HEADER_LENGTH,
  type Ipv6Address,
  isUnspecified,
  ndViolations,
  type RouterAdvert,
  RouterAdvert as RouterAdvertCodec,
  type RouterSolicit,
} from '@mip6/wire'
import type { RaAction, SendAdvert } from './actions'
import { buildAdvert } from './advert-builder'
import {
  MAX_INITIAL_RTR_ADVERT_INTERVAL_MS,
  MAX_INITIAL_RTR_ADVERTISEMENTS,
  MAX_RA_DELAY_TIME_MS,
} from './constants'
import { homeAgentFrom, inconsistencies } from './peer-adverts'
import type { LinkFacts, RaInterfaceSettings } from './settings'

export type RaInput =
  /** What the OS says of an interface now; undefined when it does not exist. */
  | { kind: 'link'; ifname: string; link: LinkFacts | undefined }
  | { kind: 'forwarding'; enabled: boolean }
  | {
      kind: 'router-solicit'
      ifname: string
      source: Ipv6Address
      destination: Ipv6Address
      hopLimit: number
      sourceMac: Uint8Array | undefined
      msg: RouterSolicit
    }
  | {
      kind: 'router-advert'
      ifname: string
      source: Ipv6Address
      destination: Ipv6Address
      hopLimit: number
      msg: RouterAdvert
    }

export interface RaEngineOptions {
  /** Uniform in [0, 1). */
  rng: () => number
}

export interface RaCounters {
  unsolicitedSent: number
  solicitedSent: number
  finalSent: number
  solicitationsReceived: number
  solicitationsIgnored: number
  advertsHeard: number
  invalidReceived: number
}

interface Advertising {
  source: Ipv6Address
  since: number
  initialSent: number
  /** The advert's bytes without the parts that change by themselves, to spot real changes. */
  contentKey: string
  /**
   * The advert last built, and the whole second of advertising it was built for (only
   * decrementing lifetimes change with time). The same object is handed out until something
   * changes, so an adapter may cache its encoding.
   */
  built: { elapsedS: number; msg: RouterAdvert } | undefined
}

interface Interface {
  settings: RaInterfaceSettings | undefined
  link: LinkFacts | undefined
  advertising: Advertising | undefined
  lastMulticastAt: number | undefined
  pendingUnicast: Map<string, { at: number; destination: Ipv6Address; mac: Uint8Array | undefined }>
  lastInconsistency: Map<string, string>
}

type TimerId = `multicast:${string}` | `unicast:${string}`

export class RaEngine {
  private readonly interfaces = new Map<string, Interface>()
  private readonly timers = new TimerTable<TimerId>()
  private forwarding = true
  readonly counters: RaCounters = {
    unsolicitedSent: 0,
    solicitedSent: 0,
    finalSent: 0,
    solicitationsReceived: 0,
    solicitationsIgnored: 0,
    advertsHeard: 0,
    invalidReceived: 0,
  }

  constructor(private readonly options: RaEngineOptions) {}

  /** Applies a whole new set of interface settings: only what changed has an effect. */
  configure(settings: RaInterfaceSettings[], now: number): RaAction[] {
    const out: RaAction[] = []
    const wanted = new Map(settings.map((s) => [s.name, s]))
    for (const [name, iface] of this.interfaces) {
      if (!wanted.has(name) && iface.settings) {
        // RFC 4861 §6.2.5: an interface that stops being advertising says so while it can.
        if (iface.advertising && this.canSpeak(iface))
          this.sendFinal(name, iface, iface.advertising.source, now, out)
        iface.settings = undefined
        this.refresh(name, iface, now, out)
      }
    }
    for (const s of settings) {
      const iface = this.interface(s.name)
      iface.settings = s
      this.refresh(s.name, iface, now, out)
    }
    return out
  }

  handle(input: RaInput, now: number): RaAction[] {
    const out: RaAction[] = []
    switch (input.kind) {
      case 'link': {
        const iface = this.interface(input.ifname)
        iface.link = input.link
        this.refresh(input.ifname, iface, now, out)
        break
      }
      case 'forwarding':
        if (input.enabled === this.forwarding) break
        this.forwarding = input.enabled
        for (const [name, iface] of this.interfaces) {
          if (!input.enabled && iface.advertising) {
            out.push(
              log(
                'warn',
                name,
                'IPv6 forwarding is off: advertising router lifetime 0 (not a default router)',
              ),
            )
          }
          this.refresh(name, iface, now, out)
        }
        break
      case 'router-solicit':
        this.solicited(input, now, out)
        break
      case 'router-advert':
        this.heard(input, out)
        break
    }
    return out
  }

  handleTimeout(now: number): RaAction[] {
    const out: RaAction[] = []
    for (const id of this.timers.expired(now)) {
      const [what, name] = splitTimer(id)
      const iface = this.interfaces.get(name)
      if (!iface?.advertising) continue
      if (what === 'multicast') this.sendMulticast(name, iface, now, out)
      else this.sendDueUnicast(name, iface, now, out)
    }
    return out
  }

  nextTimeout(): number | undefined {
    return this.timers.next()
  }

  /** The program is stopping: final RAs on every advertising interface (RFC 4861 §6.2.5). */
  stop(now: number): RaAction[] {
    const out: RaAction[] = []
    for (const [name, iface] of this.interfaces) {
      const source = iface.advertising?.source
      if (source && iface.settings?.removeAdvOnExit && this.canSpeak(iface))
        this.sendFinal(name, iface, source, now, out)
      this.stopAdvertising(name, iface)
    }
    return out
  }

  /** The advert an interface would send now, for the console and telemetry. */
  currentAdvert(name: string, now: number): RouterAdvert | undefined {
    const iface = this.interfaces.get(name)
    if (!iface?.advertising || !iface.settings || !iface.link) return undefined
    return this.advert(iface, now, false)
  }

  advertisingInterfaces(): string[] {
    return [...this.interfaces].filter(([, i]) => i.advertising).map(([n]) => n)
  }

  private interface(name: string): Interface {
    let iface = this.interfaces.get(name)
    if (!iface) {
      iface = {
        settings: undefined,
        link: undefined,
        advertising: undefined,
        lastMulticastAt: undefined,
        pendingUnicast: new Map(),
        lastInconsistency: new Map(),
      }
      this.interfaces.set(name, iface)
    }
    return iface
  }

  /** Re-derives what an interface should be doing after any change to its settings or link. */
  private refresh(name: string, iface: Interface, now: number, out: RaAction[]): void {
    if (iface.advertising) iface.advertising.built = undefined
    const s = iface.settings
    const link = iface.link
    const source = s && link ? sourceAddress(s, link) : undefined
    const wanted = s?.advSendAdvert === true && link?.up === true && source !== undefined
    const current = iface.advertising
    if (current && !wanted) {
      if (s && !s.advSendAdvert && this.canSpeak(iface)) this.sendFinal(name, iface, current.source, now, out)
      this.stopAdvertising(name, iface)
      out.push({ kind: 'event', event: 'ra-interface-down', ifname: name })
    } else if (!current && wanted) {
      this.startAdvertising(name, iface, now, out)
    } else if (current && wanted && source && s) {
      if (!addressEquals(current.source, source)) {
        // RFC 4861 §6.2.8: a new link-local address; retire the old router identity.
        this.sendFinal(name, iface, current.source, now, out)
        this.stopAdvertising(name, iface)
        this.startAdvertising(name, iface, now, out)
        return
      }
      const key = this.contentKey(iface, now)
      if (key === current.contentKey) return
      // RFC 4861 §6.2.4: changed information may be sent as if the interface had just
      // become advertising, within the rate limit.
      current.contentKey = key
      this.checkSize(name, iface, now, out)
      current.initialSent = 0
      this.timers.setEarlier(`multicast:${name}`, this.rateLimited(iface, now, s))
    }
  }

  private startAdvertising(name: string, iface: Interface, now: number, out: RaAction[]): void {
    const s = iface.settings!
    iface.advertising = {
      source: sourceAddress(s, iface.link!)!,
      since: now,
      initialSent: 0,
      contentKey: '',
      built: undefined,
    }
    iface.advertising.contentKey = this.contentKey(iface, now)
    this.checkSize(name, iface, now, out)
    if (!s.unicastOnly) this.timers.set(`multicast:${name}`, this.rateLimited(iface, now, s))
    out.push({ kind: 'event', event: 'ra-interface-up', ifname: name })
  }

  private stopAdvertising(name: string, iface: Interface): void {
    iface.advertising = undefined
    iface.pendingUnicast.clear()
    this.timers.clear(`multicast:${name}`)
    this.timers.clear(`unicast:${name}`)
  }

  /** The earliest a multicast RA may go: RFC 4861 §6.2.6's one per MinDelayBetweenRAs. */
  private rateLimited(iface: Interface, at: number, s: RaInterfaceSettings): number {
    return iface.lastMulticastAt === undefined
      ? at
      : Math.max(at, iface.lastMulticastAt + s.minDelayBetweenRasMs)
  }

  private sendMulticast(name: string, iface: Interface, now: number, out: RaAction[]): void {
    const s = iface.settings!
    const a = iface.advertising!
    const msg = this.advert(iface, now, false)
    // radvd's clients list turns every multicast into unicasts to the listed hosts.
    for (const destination of s.clients.length > 0 ? s.clients : [ALL_NODES]) {
      out.push(send(name, a.source, destination, undefined, msg, 'unsolicited'))
      this.counters.unsolicitedSent++
    }
    iface.lastMulticastAt = now
    a.initialSent++
    let interval =
      s.minRtrAdvIntervalMs + this.options.rng() * (s.maxRtrAdvIntervalMs - s.minRtrAdvIntervalMs)
    // RFC 4861 §6.2.4: the first few intervals are capped so a new router is found quickly.
    if (a.initialSent < MAX_INITIAL_RTR_ADVERTISEMENTS)
      interval = Math.min(interval, MAX_INITIAL_RTR_ADVERT_INTERVAL_MS)
    this.timers.set(`multicast:${name}`, now + interval)
  }

  private sendDueUnicast(name: string, iface: Interface, now: number, out: RaAction[]): void {
    const a = iface.advertising!
    const msg = this.advert(iface, now, false)
    for (const [key, p] of iface.pendingUnicast) {
      if (p.at > now) continue
      iface.pendingUnicast.delete(key)
      out.push(send(name, a.source, p.destination, p.mac, msg, 'solicited'))
      this.counters.solicitedSent++
    }
    this.armUnicast(name, iface)
  }

  private armUnicast(name: string, iface: Interface): void {
    const next = Math.min(...[...iface.pendingUnicast.values()].map((p) => p.at))
    if (Number.isFinite(next)) this.timers.set(`unicast:${name}`, next)
    else this.timers.clear(`unicast:${name}`)
  }

  /** The link is up and still has the address the interface has been advertising from. */
  private canSpeak(iface: Interface): boolean {
    const a = iface.advertising
    return (
      iface.link?.up === true &&
      a !== undefined &&
      iface.link.linkLocals.some((l) => addressEquals(l, a.source))
    )
  }

  private sendFinal(name: string, iface: Interface, source: Ipv6Address, now: number, out: RaAction[]): void {
    const s = iface.settings!
    const msg = buildAdvert(s, iface.link!, this.advertState(iface, now, true))
    for (const destination of s.clients.length > 0 ? s.clients : [ALL_NODES]) {
      out.push(send(name, source, destination, undefined, msg, 'final'))
      this.counters.finalSent++
    }
  }

  private solicited(input: Extract<RaInput, { kind: 'router-solicit' }>, now: number, out: RaAction[]): void {
    const iface = this.interfaces.get(input.ifname)
    if (!iface?.advertising || !iface.settings) return
    this.counters.solicitationsReceived++
    if (this.dropInvalid(input, 'RS', out)) return
    const s = iface.settings
    const fromUnspecified = isUnspecified(input.source)
    const listed = s.clients.some((c) => addressEquals(c, input.source))
    if (s.clients.length > 0 && !listed && !(s.unrestrictedUnicast && !fromUnspecified)) {
      this.counters.solicitationsIgnored++
      return
    }
    const delay = this.options.rng() * MAX_RA_DELAY_TIME_MS
    const unicast = !fromUnspecified && (s.unicastOnly || s.clients.length > 0 || s.advRaSolicitedUnicast)
    if (unicast) {
      const sll = input.msg.options.find((o) => o.kind === 'source-lla')
      const mac = sll?.kind === 'source-lla' ? sll.address : input.sourceMac
      const key = input.source.join(',')
      // RFC 4861 §6.2.6: one answer for several solicitations, timed from the first.
      if (!iface.pendingUnicast.has(key)) {
        iface.pendingUnicast.set(key, { at: now + delay, destination: input.source, mac })
        this.armUnicast(input.ifname, iface)
      }
      return
    }
    if (s.unicastOnly) {
      this.counters.solicitationsIgnored++
      return
    }
    // The multicast answer replaces the next unsolicited RA unless that one comes sooner.
    this.timers.setEarlier(`multicast:${input.ifname}`, this.rateLimited(iface, now + delay, s))
  }

  /** RFC 4861 §6.1: a message that fails validation is dropped, counted and logged. */
  private dropInvalid(
    input: Extract<RaInput, { kind: 'router-solicit' | 'router-advert' }>,
    label: 'RS' | 'RA',
    out: RaAction[],
  ): boolean {
    const violations = ndViolations(input, input.msg)
    if (violations.length === 0) return false
    this.counters.invalidReceived++
    const why = violations.map((v) => `${v.detail} (${v.clause})`).join('; ')
    out.push(log('debug', input.ifname, `dropped ${label}: ${why}`))
    return true
  }

  private heard(input: Extract<RaInput, { kind: 'router-advert' }>, out: RaAction[]): void {
    const iface = this.interfaces.get(input.ifname)
    if (iface?.link?.linkLocal && addressEquals(iface.link.linkLocal, input.source)) return
    this.counters.advertsHeard++
    if (this.dropInvalid(input, 'RA', out)) return
    const ha = homeAgentFrom(input.ifname, input.source, input.msg)
    if (ha) out.push(ha)
    if (!iface?.settings || !iface.advertising) return
    // Reported when the set of disagreements with a router changes, not on every RA: at
    // Mobile IPv6 rates radvd's one line per RA floods the log.
    const found = inconsistencies(iface.settings, input.msg).join(', ')
    const key = input.source.join(',')
    if ((iface.lastInconsistency.get(key) ?? '') === found) return
    iface.lastInconsistency.set(key, found)
    if (found)
      out.push(
        log('warn', input.ifname, `RA from ${formatAddress(input.source)} disagrees with our ${found}`),
      )
  }

  private advertState(iface: Interface, now: number, ceasing: boolean) {
    const since = iface.advertising?.since ?? now
    return { ceasing, forwarding: this.forwarding, advertisingForMs: now - since }
  }

  /** The advert to send now (the final one when ceasing), reused while nothing changes. */
  private advert(iface: Interface, now: number, ceasing: boolean): RouterAdvert {
    const state = this.advertState(iface, now, ceasing)
    const a = iface.advertising
    if (ceasing || !a) return buildAdvert(iface.settings!, iface.link!, state)
    const elapsedS = this.decrements(iface) ? Math.floor(state.advertisingForMs / 1000) : 0
    if (a.built?.elapsedS !== elapsedS)
      a.built = { elapsedS, msg: buildAdvert(iface.settings!, iface.link!, state) }
    return a.built.msg
  }

  private decrements(iface: Interface): boolean {
    return iface.settings!.prefixes.some((p) => p.decrementLifetimes)
  }

  /** RFC 6980 §5: an RA must not need fragmenting; say so when the options outgrow AdvRAMTU. */
  private checkSize(name: string, iface: Interface, now: number, out: RaAction[]): void {
    const size = IPV6_HEADER_LENGTH + RouterAdvertCodec.length(this.advert(iface, now, false))
    const limit = iface.settings!.advRaMtu
    if (size > limit)
      out.push(
        log(
          'warn',
          name,
          `RA of ${size} bytes exceeds AdvRAMTU ${limit}: trim prefixes, routes or DNS options`,
        ),
      )
  }

  private contentKey(iface: Interface, now: number): string {
    const msg = buildAdvert(iface.settings!, iface.link!, {
      ...this.advertState(iface, now, false),
      advertisingForMs: 0,
    })
    const bytes = new Uint8Array(RouterAdvertCodec.length(msg))
    RouterAdvertCodec.emit(msg, bytes)
    return bytes.join(',')
  }
}

/** radvd: the first AdvRASrcAddress the interface has, else its link-local address. */
function sourceAddress(s: RaInterfaceSettings, link: LinkFacts): Ipv6Address | undefined {
  const preferred = s.advRaSrcAddresses.find((a) => link.linkLocals.some((l) => addressEquals(l, a)))
  return preferred ?? link.linkLocal
}

function splitTimer(id: TimerId): ['multicast' | 'unicast', string] {
  const colon = id.indexOf(':')
  return [id.slice(0, colon) as 'multicast' | 'unicast', id.slice(colon + 1)]
}

function send(
  ifname: string,
  source: Ipv6Address,
  destination: Ipv6Address,
  destinationMac: Uint8Array | undefined,
  msg: RouterAdvert,
  reason: SendAdvert['reason'],
): SendAdvert {
  return { kind: 'send', ifname, source, destination, destinationMac, msg, reason }
}

function log(level: 'debug' | 'info' | 'warn', ifname: string, message: string): RaAction {
  return { kind: 'log', level, ifname, message }
}
