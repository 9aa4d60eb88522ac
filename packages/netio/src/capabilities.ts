// The capabilities packet I/O needs (capabilities(7)): CAP_NET_RAW for AF_PACKET sockets
// (libpcap), CAP_NET_ADMIN for links, addresses, routes, tunnels and nftables.
import { readFile } from 'node:fs/promises'

const CAP_NET_ADMIN = 12n
const CAP_NET_RAW = 13n

export interface NetCapabilities {
  /** The CapEff mask of /proc/<pid>/status. */
  effective: bigint
  netAdmin: boolean
  netRaw: boolean
}

/** Reads from `/proc/self/status` unless given a status text (tests, other processes). */
export async function readNetCapabilities(statusText?: string): Promise<NetCapabilities> {
  const text = statusText ?? (await readFile('/proc/self/status', 'utf8'))
  const hex = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(text)?.[1]
  if (hex === undefined) throw new Error('no CapEff line in the process status')
  const effective = BigInt(`0x${hex}`)
  const has = (bit: bigint) => ((effective >> bit) & 1n) === 1n
  return { effective, netAdmin: has(CAP_NET_ADMIN), netRaw: has(CAP_NET_RAW) }
}
