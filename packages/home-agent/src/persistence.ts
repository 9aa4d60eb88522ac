// The binding cache across a restart (DESIGN.md rule 5): a registered entry as persistence
// stores it (text addresses, so it survives JSON), and back. Restoring checks everything, as
// the file may be old, hand-edited or from another configuration; what does not fit is
// refused with a reason the engine counts.
import { addressEquals, formatAddress, inPrefix, parseAddress } from '@mip6/wire'
import type { BindingEntry, BindingRequest } from './binding-lifecycle'
import { isRoutableUnicast } from './bu-checks'
import { IDLE_MPA } from './mobile-prefix'
import { proxiedAddresses } from './proxy-nd'
import type { HomePrefixSettings } from './settings'

export interface PersistedBinding {
  homeAddress: string
  careOfAddress: string
  haAddress: string
  ifname: string
  sequence: number
  flags: { acknowledge: boolean; linkLocalCompatibility: boolean; keyManagementCompatibility: boolean }
  grantedLifetimeS: number
  /** At snapshot time. */
  remainingLifetimeMs: number
  /** The wall clock when the binding was last accepted, from the adapter's input. */
  registeredAtWallMs: number
}

export function persistedOf(entry: BindingEntry, now: number): PersistedBinding {
  const r = entry.request
  return {
    homeAddress: formatAddress(entry.homeAddress),
    careOfAddress: formatAddress(r.careOfAddress),
    haAddress: formatAddress(r.haAddress),
    ifname: entry.ifname,
    sequence: r.sequence,
    flags: {
      acknowledge: r.flags.acknowledge,
      linkLocalCompatibility: r.flags.linkLocalCompatibility,
      keyManagementCompatibility: r.flags.keyManagementCompatibility,
    },
    grantedLifetimeS: r.grantedLifetimeS,
    remainingLifetimeMs: Math.max(0, entry.expiresAt - now),
    registeredAtWallMs: entry.registeredAtWallMs,
  }
}

export type RestoredEntry =
  | { ok: true; entry: BindingEntry }
  | { ok: false; reason: 'restore-invalid' | 'restore-expired' }

/**
 * A registered entry from `p` at `now`, with what was left of its lifetime, less the time the
 * wall clock says passed since it was accepted (when `wallClockMs` is given).
 */
export function entryFromPersisted(
  p: PersistedBinding,
  now: number,
  wallClockMs: number | undefined,
  prefixesOf: (ifname: string) => HomePrefixSettings[] | undefined,
): RestoredEntry {
  const hoa = parseAddress(String(p.homeAddress))
  const coa = parseAddress(String(p.careOfAddress))
  const ha = parseAddress(String(p.haAddress))
  const prefixes = prefixesOf(String(p.ifname))
  const granted = Number(p.grantedLifetimeS)
  if (
    !hoa.ok ||
    !coa.ok ||
    !ha.ok ||
    prefixes === undefined ||
    !prefixes.some((x) => inPrefix(hoa.value, x.prefix)) ||
    !isRoutableUnicast(coa.value) ||
    !Number.isInteger(p.sequence) ||
    p.sequence < 0 ||
    p.sequence > 0xffff ||
    !(granted > 0)
  )
    return { ok: false, reason: 'restore-invalid' }
  let remaining = Number(p.remainingLifetimeMs)
  if (wallClockMs !== undefined && Number.isFinite(p.registeredAtWallMs))
    remaining = Math.min(remaining, p.registeredAtWallMs + granted * 1000 - wallClockMs)
  if (!(remaining > 0)) return { ok: false, reason: 'restore-expired' }
  const flags = p.flags ?? {}
  const request: BindingRequest = {
    sequence: p.sequence,
    careOfAddress: coa.value,
    replyTo: coa.value,
    ingressIfname: p.ifname,
    viaHomeAddressOption: !addressEquals(coa.value, hoa.value),
    haAddress: ha.value,
    flags: {
      acknowledge: flags.acknowledge === true,
      homeRegistration: true,
      linkLocalCompatibility: flags.linkLocalCompatibility === true,
      keyManagementCompatibility: flags.keyManagementCompatibility === true,
    },
    grantedLifetimeS: granted,
    receivedAt: now,
    wallClockMs: Number(p.registeredAtWallMs),
    auth: undefined,
  }
  return {
    ok: true,
    entry: {
      state: 'registered',
      homeAddress: hoa.value,
      ifname: p.ifname,
      request,
      dadTargets: [],
      dadProbesSent: 0,
      proxied: proxiedAddresses(hoa.value, request.flags.linkLocalCompatibility),
      registeredAt: now - Math.max(0, granted * 1000 - remaining),
      registeredAtWallMs: Number(p.registeredAtWallMs),
      expiresAt: now + remaining,
      mpa: { ...IDLE_MPA },
    },
  }
}
