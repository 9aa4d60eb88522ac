// The lab of seed 002 as values: raven (home address 2001:db8::beef, MAC 00:05:5d:f2:db:2b),
// denali's home link 2001:db8::/64 with the home agent 2001:db8:: and its visited link
// 2001:db8:1::/64, plus a second visited link; builders for what they send the mobile node.
import {
  type BindingAck,
  type BindingError,
  type BindingRefreshRequest,
  type Ipv6Address,
  MH_COMMON_DEFAULTS,
  type MobilePrefixAdvert,
  type MobilityOption,
  mustParse,
  type RouterAdvert,
  withPaddedOptions,
} from '@mip6/wire'
import type { MobilityInput, RouterAdvertInput } from '../inputs'
import { type MobileNodeSettings, mobileNodeSettings } from '../settings'

export const HOA = mustParse('2001:db8::beef')
export const HA = mustParse('2001:db8::')
export const HA2 = mustParse('2001:db8::2')
export const MAC = new Uint8Array([0x00, 0x05, 0x5d, 0xf2, 0xdb, 0x2b])
/** Seed 002's care-of address on the visited link. */
export const COA = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
export const COA2 = mustParse('2001:db8:2:0:205:5dff:fef2:db2b')
export const LINK_LOCAL = mustParse('fe80::205:5dff:fef2:db2b')

/** What one router of one link advertises (radvd.conf of seed 002, AdvRouterAddr on). */
export interface LinkSpec {
  router: Ipv6Address
  /** The R-flag prefix field: the router's global address; undefined: R clear. */
  routerAddress: Ipv6Address | undefined
  prefix: Ipv6Address
  prefixLength: number
  homeAgent: boolean
  advIntervalMs: number | undefined
  routerLifetimeS: number
  validLifetimeS: number
  preferredLifetimeS: number
  autonomous: boolean
}

export const HOME_LINK: LinkSpec = {
  router: mustParse('fe80::202:6fff:fe06:bcf'),
  routerAddress: HA,
  prefix: mustParse('2001:db8::'),
  prefixLength: 64,
  homeAgent: true,
  advIntervalMs: 10_000,
  routerLifetimeS: 30,
  validLifetimeS: 86_400,
  preferredLifetimeS: 14_400,
  autonomous: true,
}

export const VISITED_LINK: LinkSpec = {
  ...HOME_LINK,
  router: mustParse('fe80::202:6fff:fe06:4610'),
  routerAddress: mustParse('2001:db8:1::'),
  prefix: mustParse('2001:db8:1::'),
  homeAgent: false,
}

export const VISITED_LINK_2: LinkSpec = {
  ...VISITED_LINK,
  router: mustParse('fe80::202:6fff:fe06:9999'),
  routerAddress: mustParse('2001:db8:2::'),
  prefix: mustParse('2001:db8:2::'),
}

export function labSettings(overrides: Partial<MobileNodeSettings> = {}): MobileNodeSettings {
  return mobileNodeSettings(
    { ifname: 'wlan0', homeAddress: HOA, homePrefixLength: 64, linkLayerAddress: MAC },
    { homeAgent: HA, ...overrides },
  )
}

export function routerAdvertMsg(link: LinkSpec): RouterAdvert {
  return {
    kind: 'router-advert',
    code: 0,
    checksum: 0,
    curHopLimit: 64,
    managed: false,
    other: false,
    homeAgent: link.homeAgent,
    routerPreference: 'medium',
    proxy: false,
    reserved: 0,
    routerLifetimeS: link.routerLifetimeS,
    reachableTimeMs: 0,
    retransTimerMs: 0,
    options: [
      {
        kind: 'prefix-information',
        prefixLength: link.prefixLength,
        onLink: true,
        autonomous: link.autonomous,
        routerAddress: link.routerAddress !== undefined,
        reserved1: 0,
        validLifetimeS: link.validLifetimeS,
        preferredLifetimeS: link.preferredLifetimeS,
        reserved2: 0,
        prefix: link.routerAddress ?? link.prefix,
      },
      ...(link.advIntervalMs === undefined
        ? []
        : [{ kind: 'advertisement-interval' as const, reserved: 0, advIntervalMs: link.advIntervalMs }]),
    ],
  }
}

export function routerAdvert(link: LinkSpec, overrides: Partial<LinkSpec> = {}): RouterAdvertInput {
  const spec = { ...link, ...overrides }
  return {
    kind: 'router-advert',
    ifname: 'wlan0',
    source: spec.router,
    destination: mustParse('ff02::1'),
    hopLimit: 255,
    msg: routerAdvertMsg(spec),
  }
}

export function bindingAckMsg(fields: {
  status?: number
  sequence: number
  lifetimeUnits4s?: number
  options?: MobilityOption[]
}): BindingAck {
  return withPaddedOptions({
    kind: 'binding-ack',
    ...MH_COMMON_DEFAULTS,
    status: fields.status ?? 0,
    keyManagementCompatibility: false,
    otherFlags: 0,
    sequence: fields.sequence,
    lifetimeUnits4s: fields.lifetimeUnits4s ?? 65_535,
    options: fields.options ?? [],
  })
}

export function fromHomeAgent(
  msg: BindingAck | BindingRefreshRequest | BindingError,
  source: Ipv6Address = HA,
): MobilityInput {
  return { kind: 'mobility', ifname: 'wlan0', source, destination: HOA, msg }
}

export function bindingRefreshRequest(): BindingRefreshRequest {
  return withPaddedOptions({
    kind: 'binding-refresh-request',
    ...MH_COMMON_DEFAULTS,
    reserved: 0,
    options: [],
  })
}

export function bindingError(status: number): BindingError {
  return withPaddedOptions({
    kind: 'binding-error',
    ...MH_COMMON_DEFAULTS,
    status,
    reserved: 0,
    homeAddress: HOA,
    options: [],
  })
}

export function mobilePrefixAdvert(identifier: number, validLifetimeS: number): MobilePrefixAdvert {
  return {
    kind: 'mobile-prefix-advert',
    code: 0,
    checksum: 0,
    identifier,
    managed: false,
    other: false,
    reserved: 0,
    options: [
      {
        kind: 'prefix-information',
        prefixLength: 64,
        onLink: true,
        autonomous: true,
        routerAddress: false,
        reserved1: 0,
        validLifetimeS,
        preferredLifetimeS: Math.min(validLifetimeS, 14_400),
        reserved2: 0,
        prefix: mustParse('2001:db8::'),
      },
    ],
  }
}
