// The Mobile IPv6 settings with one value each, shared by the mip6d.conf parser, the YAML
// decoder and validate(): mip6d's keyword (UMIP 1.0 scan.l), the YAML key (the keyword in
// lowerCamelCase), the section and schema field, and the kind of value mip6d's grammar takes.
// Settings with structure (Interface, MnHomeLink, BindingAclPolicy, ...) have their own code.
import type { HomeAgentConfig, MobileNodeConfig } from './schema'

/** bool: enabled|disabled (mip6d also takes allow|deny|true|false|block). uint: a whole
 *  number. decimal: mip6d's grammar takes only `N.N` here (`1` is a syntax error, `1.0` not). */
export type MobilityValueKind = 'bool' | 'uint' | 'decimal'

export type MobilitySection = 'homeAgent' | 'mobileNode'

export interface MobilityOption {
  mip6d: string
  yaml: string
  kind: MobilityValueKind
  /** The schema field in each section that has the setting. */
  homeAgent?: keyof HomeAgentConfig & string
  mobileNode?: keyof MobileNodeConfig & string
  unit?: 's'
}

const ha = (mip6d: string, field: keyof HomeAgentConfig & string, kind: MobilityValueKind, unit?: 's') =>
  option(mip6d, kind, { homeAgent: field }, unit)
const mn = (mip6d: string, field: keyof MobileNodeConfig & string, kind: MobilityValueKind, unit?: 's') =>
  option(mip6d, kind, { mobileNode: field }, unit)
const both = (mip6d: string, field: keyof HomeAgentConfig & keyof MobileNodeConfig & string) =>
  option(mip6d, 'bool', { homeAgent: field, mobileNode: field })

function option(
  mip6d: string,
  kind: MobilityValueKind,
  fields: Pick<MobilityOption, 'homeAgent' | 'mobileNode'>,
  unit?: 's',
): MobilityOption {
  return { mip6d, yaml: mip6d[0]!.toLowerCase() + mip6d.slice(1), kind, ...fields, ...(unit ? { unit } : {}) }
}

export const MOBILITY_OPTIONS: readonly MobilityOption[] = [
  // Home agent and mobile node.
  both('UseMnHaIPsec', 'useMnHaIpsec'),
  both('KeyMngMobCapability', 'keyMngMobCapability'),
  both('DoRouteOptimizationCN', 'doRouteOptimizationCn'),
  // Home agent.
  ha('HaMaxBindingLife', 'maxBindingLifetimeS', 'uint', 's'),
  ha('HaAcceptMobRtr', 'acceptMobRtr', 'bool'),
  ha('SendMobPfxAdvs', 'sendMobPfxAdvs', 'bool'),
  ha('SendUnsolMobPfxAdvs', 'sendUnsolMobPfxAdvs', 'bool'),
  ha('MinMobPfxAdvInterval', 'minMobPfxAdvIntervalS', 'uint', 's'),
  ha('MaxMobPfxAdvInterval', 'maxMobPfxAdvIntervalS', 'uint', 's'),
  ha('NonVolatileBindingCache', 'nonVolatileBindingCache', 'bool'),
  // Mobile node.
  mn('MnMaxHaBindingLife', 'maxHaBindingLifetimeS', 'uint', 's'),
  mn('MnMaxCnBindingLife', 'maxCnBindingLifetimeS', 'uint', 's'),
  mn('DoRouteOptimizationMN', 'doRouteOptimizationMn', 'bool'),
  mn('MnDiscardHaParamProb', 'discardHaParamProb', 'bool'),
  mn('MnResetDhaadAtHome', 'resetDhaadAtHome', 'bool'),
  mn('MnFlushAllAtHome', 'flushAllAtHome', 'bool'),
  mn('MnMaxHaConsecutiveResends', 'maxHaConsecutiveResends', 'uint'),
  mn('MnMaxCnConsecutiveResends', 'maxCnConsecutiveResends', 'uint'),
  mn('SendMobPfxSols', 'sendMobPfxSols', 'bool'),
  mn('MnUseAllInterfaces', 'useAllInterfaces', 'bool'),
  mn('MobRtrUseExplicitMode', 'mobRtrUseExplicitMode', 'bool'),
  mn('UseCnBuAck', 'useCnBuAck', 'bool'),
  mn('InterfaceInitialInitDelay', 'interfaceInitialInitDelayS', 'decimal', 's'),
  mn('MnRouterProbes', 'routerProbes', 'uint'),
  mn('MnRouterProbeTimeout', 'routerProbeTimeoutS', 'decimal', 's'),
  mn('InitialBindackTimeoutFirstReg', 'initialBindackTimeoutFirstRegS', 'decimal', 's'),
  mn('InitialBindackTimeoutReReg', 'initialBindackTimeoutReRegS', 'decimal', 's'),
  mn('InitialSolicitTimer', 'initialSolicitTimerS', 'decimal', 's'),
  mn('OptimisticHandoff', 'optimisticHandoff', 'bool'),
  mn('NoHomeReturn', 'noHomeReturn', 'bool'),
]

export function mobilityOption(by: 'mip6d' | 'yaml', name: string): MobilityOption | undefined {
  return MOBILITY_OPTIONS.find((o) => o[by] === name)
}

/** The option that fills `field` of `section`. */
export function mobilityOptionByField(section: MobilitySection, field: string): MobilityOption | undefined {
  return MOBILITY_OPTIONS.find((o) => o[section] === field)
}

/** The settings with structure, as mip6d.conf and the YAML spell them, by schema field. Used
 *  to name a setting in messages in the dialect of the file that holds it. */
export const STRUCTURED_NAMES: Record<string, { mip6d?: string; yaml: string }> = {
  interfaces: { mip6d: 'Interface', yaml: 'interfaces' },
  bindingAcl: { mip6d: 'BindingAclPolicy', yaml: 'bindingAclPolicy' },
  defaultBindingAclPolicy: { mip6d: 'DefaultBindingAclPolicy', yaml: 'defaultBindingAclPolicy' },
  servedPrefixes: { mip6d: 'HaServedPrefix', yaml: 'haServedPrefix' },
  cnBindingPolicies: { mip6d: 'CnBindingPolicySet', yaml: 'cnBindingPolicySet' },
  ipsecPolicySets: { mip6d: 'IPsecPolicySet', yaml: 'ipsecPolicySet' },
  homeLinks: { mip6d: 'MnHomeLink', yaml: 'mnHomeLink' },
  interface: { mip6d: 'MnHomeLink', yaml: 'interface' },
  homeAddress: { mip6d: 'HomeAddress', yaml: 'homeAddress' },
  homeAgentAddress: { mip6d: 'HomeAgentAddress', yaml: 'homeAgentAddress' },
  homePrefix: { mip6d: 'HomePrefix', yaml: 'homePrefix' },
  mobileNetworkPrefixes: { mip6d: 'HomeAddress', yaml: 'mobileNetworkPrefixes' },
  isMobRtr: { mip6d: 'IsMobRtr', yaml: 'isMobRtr' },
  useAltCoa: { mip6d: 'UseAltCoa', yaml: 'useAltCoa' },
  roPolicies: { mip6d: 'MnRoPolicy', yaml: 'mnRoPolicy' },
  preference: { mip6d: 'MnIfPreference', yaml: 'mnIfPreference' },
  tunnel: { mip6d: 'Tunnel', yaml: 'tunnel' },
  policy: { mip6d: 'BindingAclPolicy', yaml: 'policy' },
  maxBindings: { yaml: 'maxBindings' },
  dad: { yaml: 'dad' },
  bindingRefreshRequest: { yaml: 'bindingRefreshRequest' },
  refreshBeforeExpiryS: { yaml: 'refreshBeforeExpiry' },
  authentication: { yaml: 'authentication' },
  required: { yaml: 'required' },
  keys: { yaml: 'keys' },
  mnIdentifier: { yaml: 'mnIdentifier' },
  spi: { yaml: 'spi' },
  key: { yaml: 'key' },
  keyFile: { yaml: 'keyFile' },
  port: { yaml: 'port' },
  bindAddress: { yaml: 'bindAddress' },
  allowCommands: { yaml: 'allowCommands' },
}

/** Home agent settings of ours, which mip6d.conf has no keyword for: the YAML config may add
 *  them to the home agent that a mip6d.conf describes. */
export const NATIVE_HOME_AGENT_FIELDS: ReadonlySet<string> = new Set([
  'maxBindings',
  'dad',
  'bindingRefreshRequest',
  'authentication',
])
