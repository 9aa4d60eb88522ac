// Interface settings with radvd's defaults (radvd.conf(5)), for engine tests.
import { mustParse } from '@mip6/wire'
import type { LinkFacts, RaInterfaceSettings, RaPrefixSettings } from '../settings'

export function interfaceSettings(overrides: Partial<RaInterfaceSettings> = {}): RaInterfaceSettings {
  const max = overrides.maxRtrAdvIntervalMs ?? 600_000
  return {
    name: 'wlan0',
    advSendAdvert: true,
    unicastOnly: false,
    advRaSolicitedUnicast: false,
    maxRtrAdvIntervalMs: max,
    minRtrAdvIntervalMs: max >= 9000 ? max / 3 : max * 0.75,
    minDelayBetweenRasMs: 3000,
    advManagedFlag: false,
    advOtherConfigFlag: false,
    advLinkMtu: 0,
    advReachableTimeMs: 0,
    advRetransTimerMs: 0,
    advCurHopLimit: 64,
    advDefaultLifetimeS: Math.max(1, Math.round((3 * max) / 1000)),
    advDefaultPreference: 'medium',
    advSourceLlAddress: true,
    advHomeAgentFlag: false,
    advHomeAgentInfo: false,
    homeAgentLifetimeS: Math.max(1, Math.round((3 * max) / 1000)),
    homeAgentPreference: 0,
    advMobRtrSupportFlag: false,
    advIntervalOpt: false,
    removeAdvOnExit: true,
    prefixes: [],
    routes: [],
    rdnss: [],
    dnssl: [],
    clients: [],
    unrestrictedUnicast: false,
    advRaSrcAddresses: [],
    advRaMtu: 1500,
    ...overrides,
  }
}

export function prefixSettings(text: string, overrides: Partial<RaPrefixSettings> = {}): RaPrefixSettings {
  const [address, length] = text.split('/')
  return {
    prefix: { address: mustParse(address!), length: Number(length) },
    advOnLink: true,
    advAutonomous: true,
    advRouterAddr: false,
    advValidLifetimeS: 86400,
    advPreferredLifetimeS: 14400,
    deprecatePrefix: false,
    decrementLifetimes: false,
    ...overrides,
  }
}

/** denali's wlan0 in seed 002. */
export function linkUp(overrides: Partial<LinkFacts> = {}): LinkFacts {
  return {
    up: true,
    mac: new Uint8Array([0x00, 0x02, 0x6f, 0x06, 0x0b, 0xcf]),
    linkLocal: mustParse('fe80::202:6fff:fe06:bcf'),
    linkLocals: [mustParse('fe80::202:6fff:fe06:bcf')],
    addresses: [mustParse('2001:db8::')],
    ...overrides,
  }
}
