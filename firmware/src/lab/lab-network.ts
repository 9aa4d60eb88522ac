// Seed 002's lab in network namespaces, as `mip6-router lab` builds it:
//
//   correspondent (cn0, 2001:db8:2::2) ── eth0 [router "denali"] wlan0 ── home ESS (bridge) ──┐
//                                                 2001:db8:2::1 │  2001:db8::/64              │
//                                                               wlan1 ── visited ESS (bridge) ┤
//                                                                2001:db8:1::/64              │
//                                                         mobile node "raven" (wlan0) ────────┘
//
// Each ESS is a bridge in a switch namespace; the mobile node's one interface hangs off a
// switch port that a move takes down, re-attaches to the other bridge and brings up again,
// as a Wi-Fi station loses one association and makes the next.
import { NetnsLab } from '@mip6/netio'

export type Place = 'home' | 'visited'

export const LAB_ADDRESSES = {
  /** Seed 002: the router's home-link address is the prefix's own (subnet-router anycast). */
  homeAgent: '2001:db8::',
  homePrefix: '2001:db8::/64',
  visitedPrefix: '2001:db8:1::/64',
  homeAddress: '2001:db8::beef',
  correspondent: '2001:db8:2::2',
  correspondentGateway: '2001:db8:2::1',
} as const

const MAC = {
  routerHome: '02:00:00:00:00:01',
  routerVisited: '02:00:00:00:00:02',
  routerCorrespondent: '02:00:00:00:00:03',
  mobile: '02:00:00:00:01:02',
  correspondent: '02:00:00:00:02:02',
}

const BRIDGE: Record<Place, string> = { home: 'ess-home', visited: 'ess-visited' }
/** The switch port of the mobile node's station. */
const STATION_PORT = 'sta'

export class LabNetwork {
  readonly ns = { router: '', switch: '', mobile: '', correspondent: '' }
  place: Place = 'home'

  constructor(readonly lab: NetnsLab) {}

  /** Namespaces of a run that crashed are swept first (their owner process is gone). */
  static create(): LabNetwork {
    return new LabNetwork(new NetnsLab('lab', { prefix: 'm6lab', sweepAgeMin: 0 }))
  }

  async build(): Promise<void> {
    const { lab, ns } = this
    ns.router = await lab.namespace('router', { dad: false })
    ns.switch = await lab.namespace('ess', { dad: false })
    ns.mobile = await lab.namespace('raven')
    ns.correspondent = await lab.namespace('cn', { dad: false })
    await lab.sysctl(ns.router, { 'net.ipv6.conf.all.forwarding': 1 })

    for (const bridge of Object.values(BRIDGE)) {
      await lab.ip(ns.switch, ['link', 'add', bridge, 'type', 'bridge', 'mcast_snooping', '0'])
      await lab.ip(ns.switch, ['link', 'set', bridge, 'up'])
    }
    await this.port({ ns: ns.router, ifname: 'wlan0', mac: MAC.routerHome }, 'ap-home', 'home')
    await this.port({ ns: ns.router, ifname: 'wlan1', mac: MAC.routerVisited }, 'ap-visited', 'visited')
    await this.port({ ns: ns.mobile, ifname: 'wlan0', mac: MAC.mobile }, STATION_PORT, 'home')
    await lab.veth(
      { ns: ns.router, ifname: 'eth0', mac: MAC.routerCorrespondent },
      { ns: ns.correspondent, ifname: 'cn0', mac: MAC.correspondent },
    )

    // Seed 002, listing 2: the router's addresses; the correspondent's link is not advertised.
    await lab.addAddress(ns.router, 'wlan0', LAB_ADDRESSES.homePrefix, { nodad: true })
    await lab.addAddress(ns.router, 'wlan1', LAB_ADDRESSES.visitedPrefix, { nodad: true })
    await lab.addAddress(ns.router, 'eth0', `${LAB_ADDRESSES.correspondentGateway}/64`, { nodad: true })
    await lab.addAddress(ns.correspondent, 'cn0', `${LAB_ADDRESSES.correspondent}/64`, { nodad: true })
    await lab.ip(ns.correspondent, [
      '-6',
      'route',
      'add',
      'default',
      'via',
      LAB_ADDRESSES.correspondentGateway,
    ])
  }

  /** The station leaves its ESS and joins the other one; resolves once the port is up again. */
  async move(to: Place): Promise<void> {
    const { lab, ns } = this
    await lab.ip(ns.switch, ['link', 'set', STATION_PORT, 'down'])
    await lab.ip(ns.switch, ['link', 'set', STATION_PORT, 'master', BRIDGE[to]])
    await lab.ip(ns.switch, ['link', 'set', STATION_PORT, 'up'])
    this.place = to
  }

  /** Every process and namespace of the run; safe to call twice. */
  cleanup(): Promise<void> {
    return this.lab.cleanup()
  }

  private async port(
    end: { ns: string; ifname: string; mac: string },
    port: string,
    place: Place,
  ): Promise<void> {
    await this.lab.veth(end, { ns: this.ns.switch, ifname: port })
    await this.lab.ip(this.ns.switch, ['link', 'set', port, 'master', BRIDGE[place]])
  }
}
