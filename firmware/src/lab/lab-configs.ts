// The router's configuration in the lab: seed 002's radvd.conf and mip6d.conf as written
// there, with the Router Advertisement intervals the run asks for (the seed's are 1-10 s;
// Mobile IPv6 labs use 0.03-0.07 s so that a mobile node notices a move at once). The home
// link advertises a RetransTimer of 100 ms where the seed leaves RFC 4861's 1 s: the Home
// Agent's DAD before a first registration waits that long (RFC 6275 §10.3.1), and a lab's
// veth answers a solicitation in well under a millisecond.

export interface RaTiming {
  minS: number
  maxS: number
}

/** The card's Mobile IPv6 intervals: an RA every 0.05 s on average. */
export const FAST_RAS: RaTiming = { minS: 0.03, maxS: 0.07 }
/** Seed 002's radvd.conf: MinRtrAdvInterval 1, MaxRtrAdvInterval 10. */
export const SEED_RAS: RaTiming = { minS: 1, maxS: 10 }

const HOME_RETRANS_TIMER_MS = 100

function advertised(ifname: string, prefix: string, homeAgent: boolean, t: RaTiming): string {
  return `interface ${ifname}
{
        AdvSendAdvert on;
        AdvIntervalOpt on;

        MaxRtrAdvInterval ${t.maxS};
        MinRtrAdvInterval ${t.minS};
        MinDelayBetweenRAs ${t.minS};
        AdvHomeAgentFlag ${homeAgent ? 'on' : 'off'};${
          homeAgent
            ? `
        AdvRetransTimer ${HOME_RETRANS_TIMER_MS};`
            : ''
        }

        prefix ${prefix}
        {
                AdvOnLink on;
                AdvAutonomous on;
                AdvRouterAddr on;
        };
};
`
}

export function radvdConf(t: RaTiming): string {
  return `${advertised('wlan0', '2001:db8::/64', true, t)}\n${advertised('wlan1', '2001:db8:1::/64', false, t)}`
}

export const MIP6D_HA_CONF = `NodeConfig HA;
DebugLevel 0;
Interface "wlan0";
UseMnHaIPsec disabled;
`

/** `MIN:MAX` in seconds, e.g. 0.03:0.07 or 1:10; what radvd accepts (RFC 6275 §7.5 lowers the minimum). */
export function parseRaTiming(text: string): RaTiming | undefined {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text)
  if (!m) return undefined
  const t = { minS: Number(m[1]), maxS: Number(m[2]) }
  return t.minS >= 0.03 && t.maxS >= 0.07 && t.minS <= 0.75 * t.maxS ? t : undefined
}

/** Seed 002's mobile node "raven", as its mip6d.conf says (DebugLevel left at 0). */
export const MN_CONF = `NodeConfig MN;
DebugLevel 0;
UseMnHaIPsec disabled;
DoRouteOptimizationMN disabled;
DoRouteOptimizationCN disabled;

Interface "wlan0";
MnHomeLink "wlan0" {
        HomeAddress 2001:db8::beef/64;
        HomeAgentAddress 2001:db8::;
}
`
