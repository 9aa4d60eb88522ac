// validate(): the rules a config must meet before the RA engine may use it, whichever file it
// came from. radvd 2.19 makes the same checks when it sets an interface up (interface.c
// check_iface) and at parse time (gram.y); rules marked "ours" go further than radvd, which
// accepts those values and sends something else (a hop limit of 300 goes out as 44).
//
// Mobile IPv6 lowers three minimums (RFC 6275 §7.5). radvd's condition, kept here: the
// interface has AdvHomeAgentFlag, AdvHomeAgentInfo or AdvIntervalOpt on, or any prefix has
// AdvRouterAddr on. AdvMobRtrSupportFlag does not count.
//
// Positions come from the SourceMap: the setting where it was written, else the block that
// holds it (a defaulted setting is reported at its interface). The rules of the Mobile IPv6
// sections (homeAgent, mobileNode, console) are in validate-mobility.ts.
import { formatAddress, formatPrefix } from '@mip6/wire'
import { LIMITS } from './defaults'
import {
  type Diagnostic,
  type Dialect,
  formatNumber,
  locate,
  type Severity,
  type SourceMap,
} from './diagnostic'
import { interfaceNameProblem } from './interface-name'
import { type BlockKind, optionByField } from './options'
import { INFINITE_LIFETIME, type InterfaceConfig, type RaInterfaceConfig, type RouterConfig } from './schema'
import { validateMobility } from './validate-mobility'

export function validate(config: RouterConfig, sourceMap?: SourceMap): Diagnostic[] {
  const v = new Validator(sourceMap)
  v.interfaces(config.interfaces)
  return [...v.diagnostics, ...validateMobility(config, sourceMap)]
}

/** radvd's "using Mobile IPv6 extensions" condition. */
export function usesMobileIpv6(ra: RaInterfaceConfig): boolean {
  return (
    ra.advHomeAgentFlag ||
    ra.advHomeAgentInfo ||
    ra.advIntervalOpt ||
    ra.prefixes.some((p) => p.advRouterAddr)
  )
}

const s = formatNumber
const lifetime = (n: number) => (n === INFINITE_LIFETIME ? 'infinity' : formatNumber(n))

interface Finding {
  severity: Severity
  /** Schema path of the setting. */
  path: string
  block: BlockKind
  field: string
  iface: string
  message: string
  value?: string
  allowed?: string
}

class Validator {
  readonly diagnostics: Diagnostic[] = []

  constructor(private readonly map: SourceMap | undefined) {}

  interfaces(list: readonly InterfaceConfig[]): void {
    const seen = new Map<string, number>()
    list.forEach((iface, i) => {
      const first = seen.get(iface.name)
      if (first !== undefined) {
        const at = locate(this.map, `interfaces[${first}]`)
        const where = at && at.line > 0 ? ` (first at ${at.file}:${at.line}:${at.col})` : ''
        this.push('error', `interfaces[${i}]`, `interface ${iface.name} is configured twice${where}`, {
          interface: iface.name,
        })
      } else seen.set(iface.name, i)
      this.interfaceName(iface, i)
      this.ra(iface, i)
    })
  }

  private interfaceName(iface: InterfaceConfig, i: number): void {
    const name = iface.name
    const bad = interfaceNameProblem(name)
    if (bad) {
      this.push('error', `interfaces[${i}].name`, `interface name "${name}" ${bad}`, {
        interface: name,
        value: name,
        allowed: `1..${LIMITS.interfaceNameMax} characters`,
      })
    }
  }

  private ra(iface: InterfaceConfig, i: number): void {
    const ra = iface.ra
    const base = `interfaces[${i}].ra`
    const name = iface.name
    const mipv6 = usesMobileIpv6(ra)
    const dialect = this.dialect(base)
    const n = (field: string, block: BlockKind = 'interface') =>
      this.name(`${base}.${field}`, block, field, dialect)
    const find = (f: Omit<Finding, 'iface' | 'block' | 'path'> & { block?: BlockKind; path?: string }) =>
      this.finding({ block: 'interface', path: `${base}.${f.field}`, iface: name, ...f })
    const isDefault = (field: string) => this.isDefault(`${base}.${field}`)
    const mipv6Settings = `${n('advIntervalOpt')}, ${n('advHomeAgentFlag')} or ${n('advHomeAgentInfo')} is on, or a prefix has ${n('advRouterAddr', 'prefix')} on`

    // RFC 4861 §6.2.1, RFC 6275 §7.5: MaxRtrAdvInterval.
    const max = ra.maxRtrAdvIntervalS
    const maxLo = mipv6 ? LIMITS.mipv6MaxRtrAdvIntervalMinS : LIMITS.maxRtrAdvIntervalMinS
    if (max < maxLo || max > LIMITS.maxRtrAdvIntervalMaxS) {
      const why =
        max > LIMITS.maxRtrAdvIntervalMaxS
          ? `is above ${LIMITS.maxRtrAdvIntervalMaxS} s (RFC 4861 §6.2.1)`
          : !mipv6 && max >= LIMITS.mipv6MaxRtrAdvIntervalMinS
            ? `is below ${maxLo} s; Mobile IPv6 allows down to ${LIMITS.mipv6MaxRtrAdvIntervalMinS} s when ${mipv6Settings}`
            : `is below ${maxLo} s${mipv6 ? ', the Mobile IPv6 minimum (RFC 6275 §7.5)' : ''}`
      find({
        severity: 'error',
        field: 'maxRtrAdvIntervalS',
        message: `${n('maxRtrAdvIntervalS')} ${s(max)} s on ${name} ${why}`,
        value: s(max),
        allowed: `${maxLo}..${LIMITS.maxRtrAdvIntervalMaxS}`,
      })
    }

    // RFC 4861 §6.2.1, RFC 6275 §7.5: MinRtrAdvInterval.
    const min = ra.minRtrAdvIntervalS
    const minLo = mipv6 ? LIMITS.mipv6MinRtrAdvIntervalMinS : LIMITS.minRtrAdvIntervalMinS
    const minHi = LIMITS.minRtrAdvIntervalMaxFactor * max
    if (min < minLo || min > minHi) {
      const what = isDefault('minRtrAdvIntervalS')
        ? `${n('minRtrAdvIntervalS')} on ${name} defaults to 0.33 × ${n('maxRtrAdvIntervalS')} = ${s(min)} s, which`
        : `${n('minRtrAdvIntervalS')} ${s(min)} s on ${name}`
      const why =
        min > minHi
          ? `is more than 3/4 of ${n('maxRtrAdvIntervalS')} (${s(minHi)} s)`
          : !mipv6 && min >= LIMITS.mipv6MinRtrAdvIntervalMinS
            ? `is below ${minLo} s; Mobile IPv6 allows down to ${LIMITS.mipv6MinRtrAdvIntervalMinS} s when ${mipv6Settings}`
            : `is below ${minLo} s${mipv6 ? ', the Mobile IPv6 minimum (RFC 6275 §7.5)' : ''}`
      find({
        severity: 'error',
        field: 'minRtrAdvIntervalS',
        message: `${what} ${why}`,
        value: s(min),
        allowed: `${minLo}..${s(minHi)}`,
      })
    }

    // RFC 4861 §10 MIN_DELAY_BETWEEN_RAS, RFC 6275 §7.5 MinDelayBetweenRAs.
    const delay = ra.minDelayBetweenRasS
    const delayLo = mipv6 ? LIMITS.mipv6MinDelayBetweenRasMinS : LIMITS.minDelayBetweenRasMinS
    if (delay < delayLo) {
      const why =
        !mipv6 && delay >= LIMITS.mipv6MinDelayBetweenRasMinS
          ? `is below ${delayLo} s; Mobile IPv6 allows down to ${LIMITS.mipv6MinDelayBetweenRasMinS} s when ${mipv6Settings}`
          : `is below ${delayLo} s`
      find({
        severity: 'error',
        field: 'minDelayBetweenRasS',
        message: `${n('minDelayBetweenRasS')} ${s(delay)} s on ${name} ${why}`,
        value: s(delay),
        allowed: `${delayLo}..`,
      })
    } else if (ra.advSendAdvert && delay > max) {
      // Ours: radvd's default of 3 s is kept for fidelity, but with fast RAs it makes
      // solicited RAs slower than unsolicited ones.
      const what = isDefault('minDelayBetweenRasS')
        ? `${n('minDelayBetweenRasS')} on ${name} is the default ${s(delay)} s`
        : `${n('minDelayBetweenRasS')} ${s(delay)} s on ${name} is`
      find({
        severity: 'warning',
        field: 'minDelayBetweenRasS',
        message: `${what}${isDefault('minDelayBetweenRasS') ? ',' : ''} longer than ${n('maxRtrAdvIntervalS')} (${s(max)} s): a Router Solicitation is answered at most every ${s(delay)} s while unsolicited RAs come every ${s(min)}..${s(max)} s, so a mobile node gains nothing by soliciting; set it to ${s(Math.max(delayLo, Math.min(min, max)))} or less`,
        value: s(delay),
        allowed: `${delayLo}..${s(max)}`,
      })
    }

    // RFC 4861 §6.2.1 AdvLinkMTU; RFC 8200 §5 minimum MTU.
    if (ra.advLinkMtu !== 0 && ra.advLinkMtu < LIMITS.minLinkMtu) {
      find({
        severity: 'error',
        field: 'advLinkMtu',
        message: `${n('advLinkMtu')} ${ra.advLinkMtu} on ${name} is below the IPv6 minimum MTU of ${LIMITS.minLinkMtu}; use 0 to send no MTU option`,
        value: String(ra.advLinkMtu),
        allowed: `0 or ${LIMITS.minLinkMtu}..link MTU`,
      })
    }
    // Ours: radvd silently holds AdvRAMTU to this range.
    if (ra.advRaMtu < LIMITS.minLinkMtu || ra.advRaMtu > LIMITS.maxRaMtu) {
      find({
        severity: 'error',
        field: 'advRaMtu',
        message: `${n('advRaMtu')} ${ra.advRaMtu} on ${name} is outside ${LIMITS.minLinkMtu}..${LIMITS.maxRaMtu}`,
        value: String(ra.advRaMtu),
        allowed: `${LIMITS.minLinkMtu}..${LIMITS.maxRaMtu}`,
      })
    }
    // RFC 4861 §6.2.1 AdvReachableTime.
    if (ra.advReachableTimeMs > LIMITS.advReachableTimeMaxMs) {
      find({
        severity: 'error',
        field: 'advReachableTimeMs',
        message: `${n('advReachableTimeMs')} ${ra.advReachableTimeMs} ms on ${name} is more than one hour`,
        value: String(ra.advReachableTimeMs),
        allowed: `0..${LIMITS.advReachableTimeMaxMs}`,
      })
    }
    // Ours (RFC 4861 §4.2: an 8-bit field; radvd sends the low 8 bits).
    if (ra.advCurHopLimit > LIMITS.advCurHopLimitMax) {
      find({
        severity: 'error',
        field: 'advCurHopLimit',
        message: `${n('advCurHopLimit')} ${ra.advCurHopLimit} on ${name} does not fit the 8-bit Cur Hop Limit field`,
        value: String(ra.advCurHopLimit),
        allowed: `0..${LIMITS.advCurHopLimitMax}`,
      })
    }

    // RFC 4861 §6.2.1 AdvDefaultLifetime: 0, or MaxRtrAdvInterval..9000.
    const dl = ra.advDefaultLifetimeS
    const dlLo = Math.max(1, max)
    if (dl !== 0 && (dl < dlLo || dl > LIMITS.advDefaultLifetimeMaxS)) {
      const what = isDefault('advDefaultLifetimeS')
        ? `${n('advDefaultLifetimeS')} on ${name} defaults to 3 × ${n('maxRtrAdvIntervalS')} = ${dl} s, which`
        : `${n('advDefaultLifetimeS')} ${dl} s on ${name}`
      const why =
        dl < dlLo
          ? `is shorter than ${n('maxRtrAdvIntervalS')} (${s(max)} s)`
          : `is above ${LIMITS.advDefaultLifetimeMaxS} s`
      find({
        severity: 'error',
        field: 'advDefaultLifetimeS',
        message: `${what} ${why}; 0 means "not a default router"`,
        value: String(dl),
        allowed: `0 or ${s(Math.ceil(dlLo))}..${LIMITS.advDefaultLifetimeMaxS}`,
      })
    }

    // RFC 6275 §7.4 Home Agent Information option.
    if (ra.advHomeAgentInfo) {
      const hl = ra.homeAgentLifetimeS
      if (hl < LIMITS.homeAgentLifetimeMinS || hl > LIMITS.homeAgentLifetimeMaxS) {
        const why = hl < 1 ? 'RFC 6275 §7.4 forbids 0' : 'the maximum is 18.2 hours'
        const message = isDefault('homeAgentLifetimeS')
          ? `${n('homeAgentLifetimeS')} on ${name} defaults to ${n('advDefaultLifetimeS')}, ${hl} s, but ${why}; set ${n('homeAgentLifetimeS')}`
          : `${n('homeAgentLifetimeS')} ${hl} s on ${name} is out of range: ${why}`
        find({
          severity: 'error',
          field: 'homeAgentLifetimeS',
          message,
          value: String(hl),
          allowed: `${LIMITS.homeAgentLifetimeMinS}..${LIMITS.homeAgentLifetimeMaxS}`,
        })
      }
      if (!ra.advHomeAgentFlag) {
        find({
          severity: 'error',
          field: 'advHomeAgentInfo',
          message: `${n('advHomeAgentInfo')} on ${name} needs ${n('advHomeAgentFlag')} on: the option describes a home agent (RFC 6275 §7.4)`,
          value: 'on',
        })
      }
    }
    if (
      ra.homeAgentPreference < LIMITS.homeAgentPreferenceMin ||
      ra.homeAgentPreference > LIMITS.homeAgentPreferenceMax ||
      !Number.isInteger(ra.homeAgentPreference)
    ) {
      find({
        severity: 'error',
        field: 'homeAgentPreference',
        message: `${n('homeAgentPreference')} ${ra.homeAgentPreference} on ${name} does not fit the signed 16-bit field (RFC 6275 §7.4)`,
        value: String(ra.homeAgentPreference),
        allowed: `${LIMITS.homeAgentPreferenceMin}..${LIMITS.homeAgentPreferenceMax}`,
      })
    }
    if (ra.advMobRtrSupportFlag && !ra.advHomeAgentInfo) {
      find({
        severity: 'error',
        field: 'advMobRtrSupportFlag',
        message: `${n('advMobRtrSupportFlag')} on ${name} needs ${n('advHomeAgentInfo')} on: the flag is sent in the Home Agent Information option (RFC 3963 §7.1)`,
        value: 'on',
      })
    }

    this.prefixes(ra, base, name, dialect)
    this.routes(ra, base, name, dialect)
    this.dns(ra, base, name, dialect)
    this.lowpan(ra, base, name, dialect)
  }

  private prefixes(ra: RaInterfaceConfig, base: string, name: string, dialect: Dialect): void {
    const seen = new Set<string>()
    ra.prefixes.forEach((p, j) => {
      const path = `${base}.prefixes[${j}]`
      const text =
        p.prefix.length <= 128
          ? formatPrefix(p.prefix)
          : `${formatAddress(p.prefix.address)}/${p.prefix.length}`
      const n = (field: string) => this.name(`${path}.${field}`, 'prefix', field, dialect)
      const find = (f: Omit<Finding, 'iface' | 'block' | 'path'>) =>
        this.finding({ block: 'prefix', path: `${path}.${f.field}`, iface: name, ...f })
      if (p.prefix.length > 128) {
        find({
          severity: 'error',
          field: 'prefix',
          message: `prefix length ${p.prefix.length} on ${name} is more than 128`,
          value: String(p.prefix.length),
          allowed: '0..128',
        })
      }
      if (seen.has(text)) {
        find({
          severity: 'warning',
          field: 'prefix',
          message: `prefix ${text} is listed twice on ${name}; both are sent`,
        })
      }
      seen.add(text)
      // RFC 4862 §5.5.3 (radvd checks it in its parser).
      if (p.advPreferredLifetimeS > p.advValidLifetimeS) {
        find({
          severity: 'error',
          field: 'advPreferredLifetimeS',
          message: `${n('advPreferredLifetimeS')} ${lifetime(p.advPreferredLifetimeS)} of prefix ${text} on ${name} is longer than its ${n('advValidLifetimeS')} (${lifetime(p.advValidLifetimeS)})`,
          value: lifetime(p.advPreferredLifetimeS),
          allowed: `0..${lifetime(p.advValidLifetimeS)}`,
        })
      }
      // radvd: a prefix taken from another interface's address is a /64.
      if (p.base6Interface !== undefined && p.prefix.length !== 64) {
        find({
          severity: 'error',
          field: 'base6Interface',
          message: `${n('base6Interface')} needs a /64 prefix; prefix ${text} on ${name} is a /${p.prefix.length}`,
          value: p.base6Interface,
          allowed: '/64 prefixes',
        })
      }
      // Ours: RFC 4862 §5.5.3 d) with RFC 2464 §4 interface identifiers: SLAAC needs a /64.
      if (p.advAutonomous && p.prefix.length !== 64 && p.prefix.length <= 128 && !p.base6to4Interface) {
        find({
          severity: 'warning',
          field: 'advAutonomous',
          message: `prefix ${text} on ${name} has ${n('advAutonomous')} on but is not a /64, so hosts on Ethernet-like links will not form addresses from it (RFC 4862 §5.5.3)`,
          value: 'on',
        })
      }
    })
  }

  private routes(ra: RaInterfaceConfig, base: string, name: string, dialect: Dialect): void {
    ra.routes.forEach((r, j) => {
      const path = `${base}.routes[${j}]`
      if (r.prefix.length > 128) {
        this.finding({
          severity: 'error',
          block: 'route',
          path: `${path}.prefix`,
          field: 'prefix',
          iface: name,
          message: `route prefix length ${r.prefix.length} on ${name} is more than 128`,
          value: String(r.prefix.length),
          allowed: '0..128',
        })
      }
      // radvd 2.19 logs this at start-up: the ::/0 route and the router lifetime disagree.
      if (r.prefix.length === 0 && (r.advRouteLifetimeS === 0) !== (ra.advDefaultLifetimeS === 0)) {
        const lifetimeName = this.name(`${path}.advRouteLifetimeS`, 'route', 'advRouteLifetimeS', dialect)
        this.finding({
          severity: 'warning',
          block: 'route',
          path: `${path}.advRouteLifetimeS`,
          field: 'advRouteLifetimeS',
          iface: name,
          message: `route ::/0 on ${name} has ${lifetimeName} ${lifetime(r.advRouteLifetimeS)} but the router lifetime is ${ra.advDefaultLifetimeS} s: hosts' default routes will flap`,
          value: lifetime(r.advRouteLifetimeS),
        })
      }
    })
  }

  private dns(ra: RaInterfaceConfig, base: string, name: string, dialect: Dialect): void {
    const max = ra.maxRtrAdvIntervalS
    ra.rdnss.forEach((r, j) => {
      const path = `${base}.rdnss[${j}]`
      if (r.addresses.length < 1 || r.addresses.length > LIMITS.rdnssAddressesMax) {
        this.finding({
          severity: 'error',
          block: 'rdnss',
          path,
          field: 'addresses',
          iface: name,
          message: `an RDNSS option on ${name} carries ${r.addresses.length} addresses`,
          value: String(r.addresses.length),
          allowed: `1..${LIMITS.rdnssAddressesMax}`,
        })
      }
      this.dnsLifetime(
        'rdnss',
        `${path}.advRdnssLifetimeS`,
        'advRdnssLifetimeS',
        r.advRdnssLifetimeS,
        max,
        name,
        dialect,
      )
    })
    ra.dnssl.forEach((d, j) => {
      const path = `${base}.dnssl[${j}]`
      if (d.suffixes.length === 0) {
        this.finding({
          severity: 'error',
          block: 'dnssl',
          path,
          field: 'suffixes',
          iface: name,
          message: `a DNSSL option on ${name} has no domain suffix`,
          allowed: '1 or more suffixes',
        })
      }
      d.suffixes.forEach((suffix, k) => {
        const problem = dnsNameProblem(suffix)
        if (problem) {
          this.finding({
            severity: 'error',
            block: 'dnssl',
            path: `${path}.suffixes[${k}]`,
            field: 'suffixes',
            iface: name,
            message: `DNSSL suffix "${suffix}" on ${name} ${problem}`,
            value: suffix,
            allowed: 'letters, digits, "-" and "." in labels of 1..63 characters',
          })
        }
      })
      this.dnsLifetime(
        'dnssl',
        `${path}.advDnsslLifetimeS`,
        'advDnsslLifetimeS',
        d.advDnsslLifetimeS,
        max,
        name,
        dialect,
      )
    })
  }

  /** RFC 6106 §5 (and radvd): a lifetime other than 0 should cover at least one interval. */
  private dnsLifetime(
    block: BlockKind,
    path: string,
    field: string,
    value: number,
    max: number,
    iface: string,
    dialect: Dialect,
  ): void {
    if (value === 0 || value >= max) return
    const n = this.name(path, block, field, dialect)
    this.finding({
      severity: 'warning',
      block,
      path,
      field,
      iface,
      message: `${n} ${lifetime(value)} s on ${iface} is shorter than MaxRtrAdvInterval (${s(max)} s): hosts may drop the entry between two RAs (RFC 8106 §5.1 suggests 3 × MaxRtrAdvInterval)`,
      value: lifetime(value),
      allowed: `0 or ${s(max)}..`,
    })
  }

  private lowpan(ra: RaInterfaceConfig, base: string, name: string, dialect: Dialect): void {
    const check = (
      block: BlockKind,
      path: string,
      field: string,
      value: number,
      hi: number,
      what: string,
    ) => {
      if (value <= hi) return
      this.finding({
        severity: 'error',
        block,
        path: `${path}.${field}`,
        field,
        iface: name,
        message: `${this.name(`${path}.${field}`, block, field, dialect)} ${value} on ${name} ${what}`,
        value: String(value),
        allowed: `0..${hi}`,
      })
    }
    // 6LoWPAN border router options parse as radvd's do, but a Mobile IPv6 router on Wi-Fi
    // has no 6LoWPAN hosts: say plainly that they are not sent rather than drop them silently.
    for (const [kind, list] of [
      ['abro', ra.abro],
      ['lowpanco', ra.lowpanco],
    ] as const) {
      if (list.length === 0) continue
      this.push(
        'warning',
        `${base}.${kind}[0]`,
        `${kind} on ${name} is accepted but not advertised (6LoWPAN, RFC 6775, is outside this router)`,
        {
          interface: name,
        },
      )
    }
    ra.abro.forEach((a, j) => {
      const path = `${base}.abro[${j}]`
      // RFC 6775 §4.3: 16-bit versions and lifetime.
      for (const field of ['advVersionLow', 'advVersionHigh', 'advValidLifetimeMin'] as const) {
        check('abro', path, field, a[field], LIMITS.uint16Max, 'does not fit 16 bits (RFC 6775 §4.3)')
      }
    })
    ra.lowpanco.forEach((c, j) => {
      const path = `${base}.lowpanco[${j}]`
      // RFC 6775 §4.2: context length in bits of a prefix, a 4-bit CID, a 16-bit lifetime.
      check(
        'lowpanco',
        path,
        'advContextLength',
        c.advContextLength,
        LIMITS.contextLengthMax,
        'is longer than an IPv6 address',
      )
      check(
        'lowpanco',
        path,
        'advContextId',
        c.advContextId,
        LIMITS.contextIdMax,
        'does not fit the 4-bit CID (RFC 6775 §4.2)',
      )
      check(
        'lowpanco',
        path,
        'advLifetimeMin',
        c.advLifetimeMin,
        LIMITS.uint16Max,
        'does not fit 16 bits (RFC 6775 §4.2)',
      )
    })
  }

  // ---- naming and positions ----

  private dialect(path: string): Dialect {
    return locate(this.map, path)?.dialect ?? 'yaml'
  }

  /** The setting as written, else as the file's format spells it. */
  private name(path: string, block: BlockKind, field: string, dialect: Dialect): string {
    const written = this.map?.get(path)?.name
    if (written !== undefined) return written
    const spec = optionByField(block, field)
    return (dialect === 'radvd' ? spec?.radvd : spec?.yaml) ?? spec?.yaml ?? field
  }

  private isDefault(path: string): boolean {
    return this.map !== undefined && !this.map.has(path)
  }

  private finding(f: Finding): void {
    this.push(f.severity, f.path, f.message, {
      setting: this.name(f.path, f.block, f.field, this.dialect(f.path)),
      interface: f.iface,
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(f.allowed !== undefined ? { allowed: f.allowed } : {}),
    })
  }

  private push(severity: Severity, path: string, message: string, extra: Partial<Diagnostic>): void {
    const at = locate(this.map, path)
    this.diagnostics.push({
      severity,
      file: at?.file ?? '',
      line: at?.line ?? 0,
      col: at?.col ?? 0,
      message,
      ...extra,
    })
  }
}

/** Why `name` cannot be a DNS search suffix, or undefined. radvd accepts letters, digits,
 *  "-" and "."; we also hold labels to RFC 1035 §2.3.4 lengths. */
function dnsNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9.-]+$/.test(name)) return 'may hold only letters, digits, "-" and "."'
  const body = name.endsWith('.') ? name.slice(0, -1) : name
  if (body.length > LIMITS.dnsNameMax) return `is longer than ${LIMITS.dnsNameMax} characters`
  const labels = body.split('.')
  if (labels.some((l) => l.length === 0)) return 'has an empty label'
  if (labels.some((l) => l.length > LIMITS.dnsLabelMax))
    return `has a label longer than ${LIMITS.dnsLabelMax} characters`
  return undefined
}
