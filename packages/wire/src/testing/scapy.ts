// Runs scapy (Debian's python3-scapy) as the independent reference for our codecs.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEBIAN_PYTHON } from './tools'

const BRIDGE = fileURLToPath(new URL('../../scapy/bridge.py', import.meta.url))

export interface ScapyLayer {
  layer: string
  fields: Record<string, unknown>
}

export type ScapyRequest = { op: 'build'; expr: string } | { op: 'decode'; hex: string; first?: string }
export interface ScapyAnswer {
  hex?: string
  layers?: ScapyLayer[]
  error?: string
}

/** One python process for a whole batch: importing scapy takes about a second. */
export function scapyBatch(requests: ScapyRequest[]): ScapyAnswer[] {
  const r = spawnSync(DEBIAN_PYTHON, [BRIDGE], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  if (r.status !== 0) throw new Error(`scapy bridge failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as ScapyAnswer[]
}

/** The fields of the first layer called `name`, or a thrown error naming what scapy produced. */
export function layer(answer: ScapyAnswer, name: string, nth = 0): Record<string, unknown> {
  if (answer.error) throw new Error(`scapy: ${answer.error}`)
  const found = (answer.layers ?? []).filter((l) => l.layer === name)[nth]
  if (!found)
    throw new Error(`scapy produced no ${name}: ${(answer.layers ?? []).map((l) => l.layer).join('/')}`)
  return found.fields
}

export function bytesOf(answer: ScapyAnswer): Uint8Array {
  if (answer.error || answer.hex === undefined) throw new Error(`scapy: ${answer.error ?? 'no bytes'}`)
  return Uint8Array.from(Buffer.from(answer.hex, 'hex'))
}
