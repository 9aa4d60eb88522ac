// Console `stats` lines for the userspace tunnels: what went through each way and why the
// rest was dropped (reasons as the tunnel core names them, zero counts left out).
import type { HomeAgentTunnel } from '@mip6/tunnel'

export function tunnelStatsLines(tunnel: HomeAgentTunnel): string[] {
  const c = tunnel.counters
  const drops =
    Object.entries(c.drops)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${reason}: ${n}`)
      .join(', ') || 'none'
  const load = tunnel.reassemblyLoad()
  return [
    `dataplane userspace: tunnels ${tunnel.bindings.list().length}`,
    `dataplane packets: encapsulated ${c.encapsulated} (fragmented ${c.fragmented}), ` +
      `decapsulated ${c.decapsulated} (reassembled ${c.reassembled})`,
    `dataplane icmp errors: packet too big ${c.packetTooBigSent}, time exceeded ${c.timeExceededSent}, ` +
      `rate limited ${c.icmpErrorsRateLimited}`,
    `dataplane reassembly: ${load.packets} packets, ${load.bytes} bytes held`,
    `dataplane drops: ${drops}`,
  ]
}
