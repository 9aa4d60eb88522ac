// The lab's timeline: what the router and the mobile node log, said in a line each, with
// the seconds since the lab started. Only what tells the story of a handover is shown.
import type { LogLine } from './log-lines'

export type Source = 'router' | 'mobile node' | 'correspondent' | 'lab'

export interface TimelineEntry {
  atMs: number
  source: Source
  text: string
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?')

/** The mobile node's events (mobile-node's MnEvent names). */
function mobileText(l: LogLine): string | undefined {
  switch (l.msg) {
    case 'movement-detected': {
      const to = (l.to ?? {}) as { atHome?: boolean; prefix?: unknown; router?: unknown }
      const link = to.atHome ? 'the home link' : 'a foreign link'
      return `RA heard, movement detected (${str(l.reason)}): ${link} ${str(to.prefix)}, router ${str(to.router)}`
    }
    case 'router-lost':
      return `default router ${str(l.router)} lost (${str(l.reason)})`
    case 'bu-sent':
      return `BU sent seq ${str(l.seq)}${Number(l.attempt) > 0 ? ` (retransmission ${str(l.attempt)})` : ''}, lifetime ${str(l.lifetimeS)} s, care-of ${str(l.careOf)}`
    case 'ba-received':
      return `BA received seq ${str(l.seq)}, status ${str(l.status)}, lifetime ${str(l.lifetimeS)} s`
    case 'registered':
      return `registered at ${str(l.homeAgent)} from ${str(l.careOf)}`
    case 'returned-home':
      return l.deregistered ? 'back home, binding deregistered' : 'back home'
    case 'bu-rejected':
      return `BU rejected, status ${str(l.status)}`
    case 'binding-expired':
      return 'binding expired'
    case 'home-agent-discovered':
      return `home agent found (${str(l.via)})`
    default:
      return undefined
  }
}

/** The Home Agent's binding events. */
function routerText(l: LogLine): string | undefined {
  if (l.subsystem === 'dataplane' && l.msg.startsWith('data plane:')) return `${l.msg} (${str(l.why)})`
  if (l.subsystem !== 'home-agent' || !l.msg.startsWith('binding-')) return undefined
  const event = l.msg.slice('binding-'.length)
  return `binding ${event}: ${str(l.hoa)} at ${str(l.coa)}${l.status !== undefined ? `, status ${str(l.status)}` : ''}`
}

export function entryOf(source: 'router' | 'mobile node', l: LogLine): TimelineEntry | undefined {
  const text = source === 'router' ? routerText(l) : mobileText(l)
  return text === undefined ? undefined : { atMs: Date.parse(l.ts), source, text }
}

export function formatEntry(e: TimelineEntry, startMs: number): string {
  const s = ((e.atMs - startMs) / 1000).toFixed(3).padStart(8)
  return `${s} s  ${e.source.padEnd(13)} ${e.text}`
}
