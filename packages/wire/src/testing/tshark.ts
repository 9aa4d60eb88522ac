// Decodes our bytes with tshark (Wireshark's dissectors) and reports what it flags.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const LINKTYPE_ETHERNET = 1
const LINKTYPE_IPV6 = 229

export interface TsharkFrame {
  protocols: string
  malformed: boolean
  badChecksums: string[]
  /** Every field tshark shows, flattened: e.g. { 'icmpv6.nd.ra.flag.h': ['1'] }. */
  fields: Record<string, string[]>
}

function pcap(frames: Uint8Array[], linktype: number): Buffer {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(262144, 16)
  header.writeUInt32LE(linktype, 20)
  const records = frames.map((f, i) => {
    const rec = Buffer.alloc(16)
    rec.writeUInt32LE(i, 0)
    rec.writeUInt32LE(f.length, 8)
    rec.writeUInt32LE(f.length, 12)
    return Buffer.concat([rec, Buffer.from(f)])
  })
  return Buffer.concat([header, ...records])
}

function flatten(node: unknown, out: Record<string, string[]>): void {
  if (node === null || typeof node !== 'object') return
  const add = (key: string, value: string) => {
    const list = out[key] ?? []
    list.push(value)
    out[key] = list
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string') add(key, v)
      else flatten(v, out)
    }
  }
}

/** Decodes IPv6 packets (or Ethernet frames with `ethernet: true`), one result per frame. */
export function tsharkDecode(frames: Uint8Array[], opts: { ethernet?: boolean } = {}): TsharkFrame[] {
  const dir = mkdtempSync(join(tmpdir(), 'mip6-tshark-'))
  try {
    const file = join(dir, 'frames.pcap')
    writeFileSync(file, pcap(frames, opts.ethernet ? LINKTYPE_ETHERNET : LINKTYPE_IPV6))
    const r = spawnSync('tshark', ['-n', '-r', file, '-T', 'json', '--no-duplicate-keys'], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    })
    if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`)
    const packets = JSON.parse(r.stdout) as Array<{ _source: { layers: unknown } }>
    return packets.map((p) => {
      const fields: Record<string, string[]> = {}
      flatten(p._source.layers, fields)
      const badChecksums = Object.entries(fields)
        .filter(([k, v]) => k.endsWith('checksum.status') && v.includes('0'))
        .map(([k]) => k)
      const malformed =
        Object.keys(fields).some((k) => k.startsWith('_ws.malformed')) ||
        JSON.stringify(p._source.layers).includes('"_ws.malformed"')
      return { protocols: fields['frame.protocols']?.[0] ?? '', malformed, badChecksums, fields }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
