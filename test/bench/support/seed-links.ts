// The benches' copy of seed 002's router links in namespaces: the home link to a home host
// (only there to give wlan0 a carrier, or to capture on), the visited link to the load
// generator, the router's addresses as in the seed, forwarding on.
//
//   hh0 (home host ns) ── wlan0 [router ns, 2001:db8::/64]  wlan1 [2001:db8:1::/64] ── mn0 (generator ns)
import type { NetnsLab } from '@mip6/netio/testing'
import { MAC } from './bu-traffic'

export interface SeedLinks {
  routerNs: string
  homeNs: string
  genNs: string
}

export async function seedLinks(lab: NetnsLab): Promise<SeedLinks> {
  const routerNs = await lab.namespace('r', { dad: false })
  const homeNs = await lab.namespace('hh', { dad: false })
  const genNs = await lab.namespace('mn', { dad: false })
  await lab.sysctl(routerNs, { 'net.ipv6.conf.all.forwarding': 1 })
  await lab.veth(
    { ns: routerNs, ifname: 'wlan0', mac: MAC.routerHome },
    { ns: homeNs, ifname: 'hh0', mac: MAC.homeHost },
  )
  await lab.veth(
    { ns: routerNs, ifname: 'wlan1', mac: MAC.routerVisited },
    { ns: genNs, ifname: 'mn0', mac: MAC.generator },
  )
  await lab.addAddress(routerNs, 'wlan0', '2001:db8::/64', { nodad: true })
  await lab.addAddress(routerNs, 'wlan1', '2001:db8:1::/64', { nodad: true })
  return { routerNs, homeNs, genNs }
}
