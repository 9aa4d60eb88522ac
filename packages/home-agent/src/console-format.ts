// The console's `bc` and `hal` answers in mip6d's layout (UMIP vt.c bcache_vt_dump and
// ha.c ha_halist_vt_dump, "fancy" decoration off), as seed 002 shows it:
//
//   hoa 2001:db8:0:0:0:0:0:beef status registered
//    coa 2001:db8:1:0:205:5dff:fef2:db2b flags AH--
//    local 2001:db8:0:0:0:0:0:0
//    lifetime 262068 / 262140 seq 19429 unreach 0 mpa 13133 / 13221 retry 0
//
// Addresses are printed as mip6d's NIP6ADDR does: eight hex groups, no compression.
// `unreach` (ICMP unreachables counted by mip6d) is always 0: the engine is not told of them.
import { formatAddressUncompressed } from '@mip6/wire'
import type { BindingView } from './binding-lifecycle'
import type { HomeAgentListEntry } from './home-agents-list'

function seconds(ms: number): number {
  return Math.trunc(ms / 1000)
}

function flags(b: BindingView): string {
  const f = b.flags
  return [
    f.acknowledge ? 'A' : '-',
    f.homeRegistration ? 'H' : '-',
    f.linkLocalCompatibility ? 'L' : '-',
    f.keyManagementCompatibility ? 'K' : '-',
  ].join('')
}

/**
 * `bc`: one block per binding. `mpa` is shown for home registrations when unsolicited
 * Mobile Prefix Advertisements are on, as mip6d shows it only when it keeps an MPA schedule.
 */
export function formatBindingCache(
  bindings: readonly BindingView[],
  now: number,
  options: { unsolicitedMobilePrefixAdverts: boolean } = { unsolicitedMobilePrefixAdverts: true },
): string {
  let text = ''
  for (const b of bindings) {
    const status = b.state === 'registered' ? 'registered' : 'dad'
    text += `hoa ${formatAddressUncompressed(b.homeAddress)} status ${status}\n`
    text += ` coa ${formatAddressUncompressed(b.careOfAddress)} flags ${flags(b)}\n`
    text += ` local ${formatAddressUncompressed(b.haAddress)}\n`
    const remaining = b.expiresAt === undefined ? '-' : String(seconds(b.expiresAt - now))
    text += ` lifetime ${remaining} / ${b.grantedLifetimeS} seq ${b.sequence} unreach 0`
    if (b.flags.homeRegistration && b.mpa !== undefined && options.unsolicitedMobilePrefixAdverts) {
      const m = b.mpa
      const left = m.anchorAt === undefined ? '-' : String(seconds(m.anchorAt + m.delayMs - now))
      text += ` mpa ${left} / ${seconds(m.delayMs)} retry ${m.retries}`
    }
    text += '\n'
  }
  return text
}

/** `hal`: each home agent address with its interface, preference and advertised lifetime. */
export function formatHomeAgentsList(entries: readonly HomeAgentListEntry[]): string {
  let text = ''
  for (const e of entries) {
    const addresses = e.addresses.length > 0 ? e.addresses : e.linkLocal === undefined ? [] : [e.linkLocal]
    for (const a of addresses) {
      text += `${e.ifname} ${formatAddressUncompressed(a)}\n`
      text += ` preference ${e.preference} lifetime ${e.lifetimeS}\n`
    }
  }
  return text
}
