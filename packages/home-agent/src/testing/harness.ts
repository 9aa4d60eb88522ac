// Engine tests' harness (STYLE.md §7): the lab of seed 002 (denali's wlan0 is the home link,
// raven has home address 2001:db8::beef and roams to 2001:db8:1::/64), a Home Agent on a
// virtual clock, and builders for what raven sends.
import { seededRng, VirtualClock } from '@mip6/engine-kit/testing'
import {
  type BindingAck,
  type BindingUpdate,
  encode,
  fillMhChecksum,
  type Ipv6Address,
  MH_COMMON_DEFAULTS,
  MobilityMessage,
  type MobilityOption,
  mustParse,
  type NeighborAdvert,
  type NeighborSolicit,
  solicitedNodeMulticast,
  UNSPECIFIED,
  withPaddedOptions,
} from '@mip6/wire'
import type { HaAction, SendIcmp, SendMobility } from '../actions'
import type { HmacSha1 } from '../authentication'
import { HomeAgent } from '../home-agent'
import type { HaInput, MobilityInput } from '../inputs'
import { type HomeAgentSettings, type HomeLinkSettings, homeAgentSettings } from '../settings'

export const HA = mustParse('2001:db8::')
export const HOA = mustParse('2001:db8::beef')
export const COA = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
export const COA2 = mustParse('2001:db8:1:0:205:5dff:fef2:aaaa')
export const HA_MAC = new Uint8Array([0x00, 0x02, 0x6f, 0x06, 0x0b, 0xcf])
export const HA_LINK_LOCAL = mustParse('fe80::202:6fff:fe06:bcf')
export const NEIGHBOR = mustParse('2001:db8::1234')
export const NEIGHBOR_MAC = new Uint8Array([0x00, 0x05, 0x5d, 0x00, 0x12, 0x34])
/** Seed 002's wall clock is not known; any fixed instant will do. */
export const WALL_START_MS = 1_700_000_000_000

export function homeLink(overrides: Partial<HomeLinkSettings> = {}): HomeLinkSettings {
  return {
    ifname: 'wlan0',
    addresses: [HA],
    prefixes: [
      {
        prefix: { address: mustParse('2001:db8::'), length: 64 },
        validLifetimeS: 86_400,
        preferredLifetimeS: 14_400,
        onLink: true,
        autonomous: true,
      },
    ],
    homeAgentPreference: 0,
    homeAgentLifetimeS: 1800,
    managed: false,
    other: false,
    ...overrides,
  }
}

export function labSettings(
  overrides: Partial<Omit<HomeAgentSettings, 'homeLinks'>> = {},
): HomeAgentSettings {
  return homeAgentSettings([homeLink()], overrides)
}

export interface BuFields {
  sequence: number
  lifetimeUnits4s: number
  acknowledge: boolean
  homeRegistration: boolean
  linkLocalCompatibility: boolean
  keyManagementCompatibility: boolean
  options: MobilityOption[]
  payloadProto: number
}

export function bindingUpdate(fields: Partial<BuFields> = {}): BindingUpdate {
  return withPaddedOptions({
    kind: 'binding-update',
    ...MH_COMMON_DEFAULTS,
    sequence: 54814,
    acknowledge: true,
    homeRegistration: true,
    linkLocalCompatibility: false,
    keyManagementCompatibility: false,
    otherFlags: 0,
    lifetimeUnits4s: 65535,
    options: [],
    ...fields,
  })
}

/** The message's bytes with the checksum of RFC 6275 §6.1.1 (home address as source). */
export function mhBytes(
  msg: MobilityMessage,
  checksumSource: Ipv6Address,
  destination: Ipv6Address,
): Uint8Array {
  const bytes = encode(MobilityMessage, msg)
  fillMhChecksum(bytes, checksumSource, destination)
  return bytes
}

export interface BuPacket {
  source: Ipv6Address
  destination: Ipv6Address
  /** undefined: no Home Address option. */
  homeAddress: Ipv6Address | undefined
  hasType2Routing: boolean
  ifname: string
  wallClockMs: number
}

export function mobilityInput(msg: MobilityMessage, packet: Partial<BuPacket> = {}): MobilityInput {
  const p: BuPacket = {
    source: COA,
    destination: HA,
    homeAddress: HOA,
    hasType2Routing: false,
    ifname: 'wlan1',
    wallClockMs: WALL_START_MS,
    ...packet,
  }
  return {
    kind: 'mobility',
    ifname: p.ifname,
    source: p.source,
    destination: p.destination,
    homeAddress: p.homeAddress,
    hasType2Routing: p.hasType2Routing,
    hopLimit: 64,
    mh: mhBytes(msg, p.homeAddress ?? p.source, p.destination),
    wallClockMs: p.wallClockMs,
  }
}

export function neighborSolicit(
  target: Ipv6Address,
  from: { source?: Ipv6Address; sourceMac?: Uint8Array; hopLimit?: number; ifname?: string } = {},
): HaInput {
  const source = from.source ?? NEIGHBOR
  const unspecified = source.every((b) => b === 0)
  const msg: NeighborSolicit = {
    kind: 'neighbor-solicit',
    code: 0,
    checksum: 0,
    reserved: 0,
    target,
    options: unspecified ? [] : [{ kind: 'source-lla', address: from.sourceMac ?? NEIGHBOR_MAC }],
  }
  return {
    kind: 'neighbor-solicit',
    ifname: from.ifname ?? 'wlan0',
    source,
    destination: solicitedNodeMulticast(target),
    hopLimit: from.hopLimit ?? 255,
    sourceMac: from.sourceMac ?? NEIGHBOR_MAC,
    msg,
  }
}

export function neighborAdvert(
  target: Ipv6Address,
  from: { source?: Ipv6Address; sourceMac?: Uint8Array } = {},
): HaInput {
  const msg: NeighborAdvert = {
    kind: 'neighbor-advert',
    code: 0,
    checksum: 0,
    router: false,
    solicited: false,
    override: true,
    reserved: 0,
    target,
    options: [{ kind: 'target-lla', address: from.sourceMac ?? NEIGHBOR_MAC }],
  }
  return {
    kind: 'neighbor-advert',
    ifname: 'wlan0',
    source: from.source ?? target,
    destination: mustParse('ff02::1'),
    hopLimit: 255,
    sourceMac: from.sourceMac ?? NEIGHBOR_MAC,
    msg,
  }
}

export function dadProbeFrom(target: Ipv6Address, sourceMac: Uint8Array = NEIGHBOR_MAC): HaInput {
  return neighborSolicit(target, { source: UNSPECIFIED, sourceMac })
}

/** A Home Agent on a virtual clock with wlan0 up, as in the lab. */
export class HaHarness {
  readonly ha: HomeAgent
  readonly clock: VirtualClock<HaAction>

  constructor(
    settings: HomeAgentSettings = labSettings(),
    opts: { seed?: number; hmacSha1?: HmacSha1 } = {},
  ) {
    this.ha = new HomeAgent(settings, { rng: seededRng(opts.seed ?? 1), hmacSha1: opts.hmacSha1 })
    this.clock = new VirtualClock(this.ha)
    this.input({ kind: 'link', ifname: 'wlan0', link: { up: true, mac: HA_MAC, linkLocal: HA_LINK_LOCAL } })
  }

  get now(): number {
    return this.clock.now
  }

  input(input: HaInput): HaAction[] {
    return this.clock.record(this.ha.handle(input, this.clock.now))
  }

  /** Raven's BU from its care-of address (seed 002's `BU seq#=54814 AH lifetime=262140`). */
  bu(fields: Partial<BuFields> = {}, packet: Partial<BuPacket> = {}): HaAction[] {
    return this.input(
      mobilityInput(bindingUpdate(fields), { wallClockMs: WALL_START_MS + this.now, ...packet }),
    )
  }

  advance(ms: number): HaAction[] {
    return this.clock.advance(ms)
  }

  /** A BU accepted (DAD included); returns everything that happened. */
  register(fields: Partial<BuFields> = {}, packet: Partial<BuPacket> = {}): HaAction[] {
    const out = this.bu(fields, packet)
    return [...out, ...this.advance(1000)]
  }
}

export function acks(actions: HaAction[]): Array<SendMobility & { msg: BindingAck }> {
  return actions.filter(
    (a): a is SendMobility & { msg: BindingAck } => a.kind === 'send-mh' && a.msg.kind === 'binding-ack',
  )
}

export function mhSends(actions: HaAction[], reason: SendMobility['reason']): SendMobility[] {
  return actions.filter((a): a is SendMobility => a.kind === 'send-mh' && a.reason === reason)
}

export function icmpSends(actions: HaAction[], reason: SendIcmp['reason']): SendIcmp[] {
  return actions.filter((a): a is SendIcmp => a.kind === 'send-icmp' && a.reason === reason)
}

export function kinds(actions: HaAction[]): string[] {
  return actions
    .filter((a) => a.kind !== 'log')
    .map((a) => (a.kind === 'event' ? `event:${a.event}` : a.kind))
}

export function events(actions: HaAction[]) {
  return actions.filter((a) => a.kind === 'event')
}
