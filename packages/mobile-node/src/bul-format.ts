// The console's `bul` answer in the layout of mip6d's (UMIP's vt.c with verbose on), as seed
// 002 and UMIP users' transcripts show it:
//
//   == BUL_ENTRY ==
//   Home address    2001:db8:0:0:0:0:0:beef
//   Care-of address 2001:db8:1:0:205:5dff:fef2:db2b
//   CN address      2001:db8:0:0:0:0:0:0
//    lifetime = 262140,  delay = 235926000
//    flags: IP6_MH_BU_HOME IP6_MH_BU_ACK
//    ack ready
//    dev wlan0 last_coa 2001:db8:0:0:0:0:0:beef
//    lifetime 262136 / 262140 seq 19428 resend 0 delay 235926(after 235921s) expires 262135
//    mps 235921 / 235925
//
// Our fields: `lifetime` is the granted lifetime once registered, the requested one before;
// `delay` is the retransmission timeout while a BU waits for its BA ("ack wait"), the refresh
// delay after; `expires` is shown while the home agent holds a binding, `mps` while a Mobile
// Prefix Solicitation is scheduled. Addresses as mip6d's NIP6ADDR prints them: eight hex
// groups, no compression.
import { formatAddressUncompressed, UNSPECIFIED } from '@mip6/wire'
import { awaitingAck, type BulView } from './binding-update-list'

/** Whole seconds from `now` to `at`, never below 0. */
function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.trunc((at - now) / 1000))
}

function flags(e: BulView): string {
  const names = ['IP6_MH_BU_HOME', 'IP6_MH_BU_ACK']
  if (e.linkLocalCompatibility) names.push('IP6_MH_BU_LLOCAL')
  return names.join(' ')
}

export function bulLines(entries: readonly BulView[], now: number): string[] {
  const lines: string[] = []
  for (const e of entries) {
    const waiting = awaitingAck(e.state)
    const lifetimeS = e.state === 'registered' ? (e.grantedLifetimeS ?? 0) : e.requestedLifetimeS
    const sentAt = e.sentAt ?? now
    const timerAt = waiting ? e.retransmitAt : e.refreshAt
    const delayMs = waiting ? e.timeoutMs : e.refreshAt === undefined ? 0 : e.refreshAt - sentAt
    const remainingS = Math.max(0, lifetimeS - Math.trunc((now - sentAt) / 1000))
    lines.push(
      '== BUL_ENTRY ==',
      `Home address    ${formatAddressUncompressed(e.homeAddress)}`,
      `Care-of address ${formatAddressUncompressed(e.careOfAddress)}`,
      `CN address      ${formatAddressUncompressed(e.homeAgent ?? UNSPECIFIED)}`,
      ` lifetime = ${lifetimeS},  delay = ${delayMs}`,
      ` flags: ${flags(e)}`,
      ` ack ${waiting ? 'wait' : 'ready'}`,
      ` dev ${e.ifname} last_coa ${formatAddressUncompressed(e.lastCareOfAddress)}`,
    )
    let timing = ` lifetime ${remainingS} / ${lifetimeS} seq ${e.sequence} resend ${e.resends}`
    timing += ` delay ${Math.trunc(delayMs / 1000)}(after ${timerAt === undefined ? 0 : secondsUntil(timerAt, now)}s)`
    if (e.expiresAt !== undefined) timing += ` expires ${secondsUntil(e.expiresAt, now)}`
    lines.push(timing)
    if (e.mobilePrefixSolicitAt !== undefined && e.mobilePrefixIntervalMs !== undefined)
      lines.push(
        ` mps ${secondsUntil(e.mobilePrefixSolicitAt, now)} / ${Math.trunc(e.mobilePrefixIntervalMs / 1000)}`,
      )
  }
  return lines
}
