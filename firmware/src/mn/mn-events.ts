// The mobile node's events as log lines, one per event, for people and for `mip6-router lab`
// (firmware/src/lab/timeline.ts reads them): message = the engine's event name, the event's
// fields with addresses as text, and `monotonicMs`, the engine's clock (CLOCK_MONOTONIC in
// ms, the same in every process of the machine, so lines of several programs can be ordered).
import type { MnEvent } from '@mip6/mobile-node'
import { formatAddress, formatPrefix, type Ipv6Address } from '@mip6/wire'

function isAddress(v: unknown): v is Ipv6Address {
  return v instanceof Uint8Array && v.length === 16
}

function text(v: unknown): unknown {
  if (isAddress(v)) return formatAddress(v)
  if (Array.isArray(v)) return v.map(text)
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (isAddress(o.address) && typeof o.length === 'number') return formatPrefix(o as never)
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, text(x)]))
  }
  return v
}

/** `msg` and fields of an event's log line. */
export function eventLine(e: MnEvent): { msg: string; fields: Record<string, unknown> } {
  const { kind: _kind, now, event, ...rest } = e
  return {
    msg: event,
    fields: { event, monotonicMs: Math.round(now * 1000) / 1000, ...(text(rest) as object) },
  }
}
