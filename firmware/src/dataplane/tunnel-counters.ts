// A network device's packet counters from sysfs, read when the console asks for `stats`
// (a few small files; no netlink round trip for a status line).
import { readFileSync } from 'node:fs'

export type TunnelCounter = 'rx_packets' | 'tx_packets' | 'tx_dropped'

export function readTunnelCounter(ifname: string, counter: TunnelCounter): number | undefined {
  try {
    return Number(readFileSync(`/sys/class/net/${ifname}/statistics/${counter}`, 'utf8'))
  } catch {
    return undefined
  }
}
