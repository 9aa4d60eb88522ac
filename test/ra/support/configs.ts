// radvd.conf texts the RA system tests give to both routers, and the links they run on.
import type { LinkSpec } from './topology'

/** The seed's two links (router "denali"): wlan0 home, wlan1 visited, addresses as in the seed. */
export const SEED_LINKS: LinkSpec[] = [
  {
    router: 'wlan0',
    host: 'h0',
    routerMac: '02:00:00:00:00:01',
    hostMac: '02:00:00:00:01:01',
    addresses: ['2001:db8::/64'],
  },
  {
    router: 'wlan1',
    host: 'h1',
    routerMac: '02:00:00:00:00:02',
    hostMac: '02:00:00:00:01:02',
    addresses: ['2001:db8:1::/64'],
  },
]

export interface MobileIpv6Options {
  ifname?: string
  /** The prefix line, e.g. `2001:db8::1/64` (UMIP style, the router's address) or a bare prefix. */
  prefix?: string
  /** Give route, RDNSS and DNSSL lifetimes explicitly (else radvd's defaults apply). */
  lifetimes?: boolean
  extra?: string
}

/**
 * A Mobile IPv6 home link at the fastest intervals RFC 6275 §7.5 allows here, with every RA
 * option the Home Agent side uses: Advertisement Interval, H flag, Home Agent Information
 * with a non-default preference, MTU, a route, RDNSS and DNSSL.
 */
export function mobileIpv6Conf(o: MobileIpv6Options = {}): string {
  const lifetime = (name: string, value: number) => (o.lifetimes === false ? '' : `${name} ${value};`)
  return `interface ${o.ifname ?? 'wlan0'}
{
\tAdvSendAdvert on;
\tMinRtrAdvInterval 0.05;
\tMaxRtrAdvInterval 0.07;
\tMinDelayBetweenRAs 0.05;
\tAdvIntervalOpt on;
\tAdvHomeAgentFlag on;
\tAdvHomeAgentInfo on;
\tHomeAgentPreference 20;
\tHomeAgentLifetime 1800;
\tAdvLinkMTU 1400;
${o.extra ?? ''}
\tprefix ${o.prefix ?? '2001:db8::1/64'}
\t{
\t\tAdvRouterAddr on;
\t};
\troute 2001:db8:f00::/48
\t{
\t\tAdvRoutePreference high;
\t\t${lifetime('AdvRouteLifetime', 1800)}
\t};
\tRDNSS 2001:db8::53 2001:db8::54
\t{
\t\t${lifetime('AdvRDNSSLifetime', 1800)}
\t};
\tDNSSL lab.example.org example.org
\t{
\t\t${lifetime('AdvDNSSLLifetime', 1800)}
\t};
};
`
}

/**
 * A plain router with slow intervals (RFC 4861 defaults range), so that every RA a test sees
 * beyond the first is one it caused: the next unsolicited one is 16 s away
 * (MAX_INITIAL_RTR_ADVERT_INTERVAL, RFC 4861 §6.2.4).
 */
export function slowConf(ifname = 'wlan0', extra = ''): string {
  return `interface ${ifname}
{
\tAdvSendAdvert on;
\tMinRtrAdvInterval 200;
\tMaxRtrAdvInterval 600;
${extra}
\tprefix 2001:db8::/64
\t{
\t};
};
`
}

/** Interfaces with the seed's settings (MinRtrAdvInterval 1, MaxRtrAdvInterval 10). */
export function seedLikeConf(ifnames: readonly string[]): string {
  return ifnames
    .map(
      (name, i) => `interface ${name}
{
\tAdvSendAdvert on;
\tAdvIntervalOpt on;
\tMaxRtrAdvInterval 10;
\tMinRtrAdvInterval 1;
\tMinDelayBetweenRAs 1;
\tAdvHomeAgentFlag ${i === 0 ? 'on' : 'off'};
\tprefix 2001:db8:${i === 0 ? '' : `${i}:`}:/64
\t{
\t\tAdvOnLink on;
\t\tAdvAutonomous on;
\t};
};
`,
    )
    .join('\n')
}

/** Link specs named wlanN / hN with MACs that differ by `base` between twins on one bridge. */
export function links(count: number, base = 0): LinkSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    router: `wlan${i}`,
    host: `h${i}`,
    routerMac: `02:00:00:00:${(base + 0).toString(16).padStart(2, '0')}:${(i + 1).toString(16).padStart(2, '0')}`,
    hostMac: `02:00:00:00:${(base + 1).toString(16).padStart(2, '0')}:${(i + 1).toString(16).padStart(2, '0')}`,
    addresses: [`2001:db8:${i === 0 ? '' : `${i}:`}:1/64`],
  }))
}
