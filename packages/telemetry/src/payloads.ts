// The JSON bodies of the telemetry topics. Addresses are RFC 5952 text (§4: lower case,
// shortest form) so that one binding never lands on two topics; times are ISO 8601 UTC with
// milliseconds; units live in the field names (`lifetimeLeftS`, `signalDbm`).
import { formatAddress, type Ipv6Address, parseAddress } from '@mip6/wire'
import type { Subsystem } from './topics'

export type AddressInput = Ipv6Address | string

/** RFC 5952 text of an address given as bytes or as any RFC 4291 text. */
export function addressText(a: AddressInput): string {
  if (typeof a !== 'string') return formatAddress(a)
  const parsed = parseAddress(a)
  if (!parsed.ok) throw new RangeError(`not an IPv6 address: ${parsed.error}`)
  return formatAddress(parsed.value)
}

export interface TelemetryBindingFlags {
  acknowledge: boolean
  homeRegistration: boolean
  linkLocalCompatibility: boolean
  keyManagementCompatibility: boolean
}

/** What telemetry reads of a binding: the Home Agent's BindingView has all of it. */
export interface TelemetryBinding {
  homeAddress: AddressInput
  careOfAddress: AddressInput
  haAddress?: AddressInput
  ifname?: string
  state?: string
  sequence: number
  flags: TelemetryBindingFlags
  grantedLifetimeS: number
  /** On the telemetry clock's monotonic scale (the Home Agent's `now`). */
  expiresAt: number | undefined
  registeredAtWallMs: number | undefined
}

/** The binding has ended: its retained topic is emptied. */
export interface BindingRemoval {
  homeAddress: AddressInput
  removed: true
}

export interface BindingJson {
  homeAddress: string
  careOfAddress: string
  haAddress?: string
  ifname?: string
  state?: string
  sequence: number
  flags: TelemetryBindingFlags
  lifetimeS: number
  lifetimeLeftS: number | null
  expiresAt: string | null
  registeredAt: string | null
  updatedAt: string
}

export function bindingJson(b: TelemetryBinding, monotonicNowMs: number, wallNowMs: number): BindingJson {
  const leftMs = b.expiresAt === undefined ? undefined : Math.max(0, b.expiresAt - monotonicNowMs)
  return {
    homeAddress: addressText(b.homeAddress),
    careOfAddress: addressText(b.careOfAddress),
    ...(b.haAddress === undefined ? {} : { haAddress: addressText(b.haAddress) }),
    ...(b.ifname === undefined ? {} : { ifname: b.ifname }),
    ...(b.state === undefined ? {} : { state: b.state }),
    sequence: b.sequence,
    flags: { ...b.flags },
    lifetimeS: b.grantedLifetimeS,
    lifetimeLeftS: leftMs === undefined ? null : Math.round(leftMs / 1000),
    expiresAt: leftMs === undefined ? null : isoTime(wallNowMs + leftMs),
    registeredAt: b.registeredAtWallMs === undefined ? null : isoTime(b.registeredAtWallMs),
    updatedAt: isoTime(wallNowMs),
  }
}

export type BindingEventKind =
  | 'binding-registered'
  | 'binding-refreshed'
  | 'binding-deregistered'
  | 'binding-expired'
  | 'binding-rejected'

/** What the firmware reports on `events`. */
export type TelemetryEvent =
  | {
      kind: BindingEventKind
      homeAddress: AddressInput
      careOfAddress: AddressInput
      /** The BA status (RFC 6275 §6.1.8); for binding-rejected the reason. */
      status?: number | undefined
      sequence?: number | undefined
      lifetimeS?: number | undefined
    }
  | { kind: 'ra-interface-up' | 'ra-interface-down'; ifname: string; reason?: string }
  | { kind: 'radio-up' | 'radio-down'; ifname: string; ssid?: string; channel?: number; reason?: string }
  | { kind: 'station-join' | 'station-leave'; ifname: string; mac: string; ssid?: string }

/** Published by telemetry itself when the bounded queue had to drop events. */
export interface DroppedEventsNotice {
  kind: 'events-dropped'
  count: number
}

export function eventBody(e: TelemetryEvent, redactMacs: boolean): Record<string, unknown> {
  switch (e.kind) {
    case 'binding-registered':
    case 'binding-refreshed':
    case 'binding-deregistered':
    case 'binding-expired':
    case 'binding-rejected':
      return {
        kind: e.kind,
        homeAddress: addressText(e.homeAddress),
        careOfAddress: addressText(e.careOfAddress),
        ...(e.status === undefined ? {} : { status: e.status }),
        ...(e.sequence === undefined ? {} : { sequence: e.sequence }),
        ...(e.lifetimeS === undefined ? {} : { lifetimeS: e.lifetimeS }),
      }
    case 'station-join':
    case 'station-leave':
      return { ...e, mac: redactMacs ? redactMac(e.mac) : e.mac.toLowerCase() }
    default:
      return { ...e }
  }
}

/** The first line a subscriber reads: `seq` first, then the time, then the event. */
export function eventJson(seq: number, wallNowMs: number, body: Record<string, unknown>): string {
  return JSON.stringify({ seq, ts: isoTime(wallNowMs), ...body })
}

export type HealthState = 'ok' | 'degraded' | 'down' | 'off'

export interface HealthJson {
  subsystem: Subsystem
  state: HealthState
  detail?: string
  since: string
}

export interface StationInput {
  mac: string
  ssid?: string
  signalDbm?: number
  connectedS?: number
  rxBytes?: number
  txBytes?: number
}

export function stationsJson(
  ifname: string,
  stations: StationInput[],
  redactMacs: boolean,
  wallNowMs: number,
) {
  return {
    ifname,
    count: stations.length,
    stations: stations.map((s) => ({ ...s, mac: redactMacs ? redactMac(s.mac) : s.mac.toLowerCase() })),
    updatedAt: isoTime(wallNowMs),
  }
}

/**
 * Keeps the last two octets, enough to tell a lab's stations apart in a log, and hides the
 * vendor (OUI) and the rest: `xx:xx:xx:xx:5e:01`.
 */
export function redactMac(mac: string): string {
  const octets = mac.toLowerCase().split(/[:-]/)
  if (octets.length !== 6) return 'xx:xx:xx:xx:xx:xx'
  return ['xx', 'xx', 'xx', 'xx', octets[4], octets[5]].join(':')
}

export interface InterfaceInfo {
  name: string
  /** e.g. `home`, `visited`, `uplink` */
  role?: string
}

/** `info`, given by the firmware. */
export interface RouterInfo {
  version: string
  board: string
  interfaces: InterfaceInfo[]
  prefixes: string[]
  dataplane: string
  /** ISO 8601; default: when the Telemetry was created. */
  startedAt?: string
  [key: string]: unknown
}

export function isoTime(wallMs: number): string {
  return new Date(wallMs).toISOString()
}
