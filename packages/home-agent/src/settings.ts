// What the Home Agent is told by the configuration: mip6d.conf's Home Agent options
// (HaMaxBindingLife, BindingAclPolicy, DefaultBindingAclPolicy, MinMobPfxAdvInterval, ...)
// plus the home links radvd advertises, already validated, with units in the names.
// `homeAgentSettings` fills in the defaults, each with where it comes from.
import type { Ipv6Address, Ipv6Prefix } from '@mip6/wire'
import {
  DUP_ADDR_DETECT_TRANSMITS,
  MAX_BINDING_LIFETIME_S,
  MAX_MOB_PFX_ADV_INTERVAL_S,
  MAX_NEIGHBOR_ADVERTISEMENT,
  MAX_UPDATE_RATE,
  MIN_MOB_PFX_ADV_INTERVAL_S,
  REPLAY_WINDOW_S,
  RETRANS_TIMER_MS,
} from './constants'

/** A prefix of the home link (RFC 6275 §10.3.1 checks home addresses against these). */
export interface HomePrefixSettings {
  prefix: Ipv6Prefix
  /** As advertised; 0xffffffff is infinity. Caps the binding lifetime (RFC 6275 §10.3.1). */
  validLifetimeS: number
  preferredLifetimeS: number
  /** L and A flags of the Prefix Information options in Mobile Prefix Advertisements. */
  onLink: boolean
  autonomous: boolean
}

/** One interface where this router is the Home Agent (mip6d's `Interface "wlan0"`). */
export interface HomeLinkSettings {
  ifname: string
  /** The Home Agent's global addresses on this link: BUs are accepted when sent to one. */
  addresses: Ipv6Address[]
  prefixes: HomePrefixSettings[]
  /** Our own entry in the home agents list (RFC 6275 §7.4, §10.5.1). */
  homeAgentPreference: number
  homeAgentLifetimeS: number
  /** M and O flags of Mobile Prefix Advertisements (RFC 6275 §6.8), as the link's RAs say. */
  managed: boolean
  other: boolean
}

export type AclPolicy = 'allow' | 'deny'

/** mip6d's BindingAclPolicy / DefaultBindingAclPolicy: who may register (else status 129). */
export interface BindingAclSettings {
  defaultPolicy: AclPolicy
  entries: Array<{ homeAddress: Ipv6Address; policy: AclPolicy }>
}

/** An MN-HA shared key (RFC 4285 §5.1), found by the Mobility SPI the BU names. */
export interface MnHaKey {
  spi: number
  key: Uint8Array
  /** When set, the BU's Mobile Node Identifier option (NAI, RFC 4283) must say this. */
  mnIdentifier?: string
  /** When set, the key only authenticates this home address. */
  homeAddress?: Ipv6Address
}

/** The RFC 4285 authentication protocol, instead of IPsec (mip6d: UseMnHaIPsec disabled). */
export interface AuthenticationSettings {
  /** Refuse BUs without a valid MN-HA Mobility Message Authentication option (status 146). */
  required: boolean
  keys: MnHaKey[]
  /** Refuse BUs without a Replay Protection option (status 145, RFC 4285 §6). */
  requireReplayProtection: boolean
  /** Timestamps further than this from our wall clock get status 144 (RFC 4285 §6). */
  replayWindowS: number
}

export interface HomeAgentSettings {
  homeLinks: HomeLinkSettings[]
  /** mip6d's HaMaxBindingLife: the most any binding is granted. */
  maxBindingLifetimeS: number
  /** Binding cache capacity; a new binding beyond it gets status 130. */
  maxBindings: number
  bindingAcl: BindingAclSettings
  authentication: AuthenticationSettings | undefined
  /** Binding Refresh Requests (RFC 6275 §9.5.5) and the Refresh Advice option in BAs (§10.3.1). */
  bindingRefresh: { enabled: boolean; beforeExpiryS: number }
  /**
   * DAD for a home address before its first registration (RFC 6275 §10.4.1, RFC 4862 §5.4):
   * `transmits` NSs `retransTimerMs` apart, then one more `retransTimerMs`. The BA waits for
   * it, and RFC 6275 §13's InitialBindackTimeoutFirstReg (1.5 s) is when the mobile node
   * retransmits, so transmits x retransTimerMs must stay under 1500 ms: 1 x 1000 ms does.
   */
  dad: { enabled: boolean; transmits: number; retransTimerMs: number }
  /** Unsolicited NAs for each proxied address on registration (RFC 4861 §7.2.6). */
  unsolicitedNaCount: number
  /** Mobile Prefix Solicitation answers and unsolicited advertisements (RFC 6275 §10.6). */
  mobilePrefix: {
    solicited: boolean
    unsolicited: boolean
    minMobPfxAdvIntervalS: number
    maxMobPfxAdvIntervalS: number
  }
  /**
   * Messages sent to any one peer in reply to its packets (BA, BE, DHAAD Reply, MPA): a token
   * bucket of `burst`, refilled at `perSecond` (RFC 4443 §2.4 (f), sized by MAX_UPDATE_RATE).
   */
  replyRateLimit: { perSecond: number; burst: number }
  /** Let the K flag through to BAs (RFC 6275 §10.3.1); without IKE there is nothing to move. */
  keyManagementMobility: boolean
}

/** Defaults: mip6d's for its options, RFC 6275 §12-13 and RFC 4861 §10 for the rest. */
export function homeAgentSettings(
  homeLinks: HomeLinkSettings[],
  overrides: Partial<Omit<HomeAgentSettings, 'homeLinks'>> = {},
): HomeAgentSettings {
  return {
    homeLinks,
    maxBindingLifetimeS: MAX_BINDING_LIFETIME_S,
    maxBindings: 1024,
    bindingAcl: { defaultPolicy: 'allow', entries: [] },
    authentication: undefined,
    bindingRefresh: { enabled: false, beforeExpiryS: 60 },
    dad: { enabled: true, transmits: DUP_ADDR_DETECT_TRANSMITS, retransTimerMs: RETRANS_TIMER_MS },
    unsolicitedNaCount: MAX_NEIGHBOR_ADVERTISEMENT,
    mobilePrefix: {
      solicited: true,
      unsolicited: true,
      minMobPfxAdvIntervalS: MIN_MOB_PFX_ADV_INTERVAL_S,
      maxMobPfxAdvIntervalS: MAX_MOB_PFX_ADV_INTERVAL_S,
    },
    replyRateLimit: { perSecond: MAX_UPDATE_RATE, burst: MAX_UPDATE_RATE },
    keyManagementMobility: false,
    ...overrides,
  }
}

/** RFC 4285 defaults for an authentication block with these keys. */
export function authenticationSettings(
  keys: MnHaKey[],
  overrides: Partial<Omit<AuthenticationSettings, 'keys'>> = {},
): AuthenticationSettings {
  return {
    required: true,
    keys,
    requireReplayProtection: false,
    replayWindowS: REPLAY_WINDOW_S,
    ...overrides,
  }
}

/** Link facts from the OS, per home interface. */
export interface HomeLinkFacts {
  up: boolean
  /** The source of proxy NAs' Target Link-layer Address option. */
  mac: Uint8Array | undefined
  linkLocal: Ipv6Address | undefined
}
