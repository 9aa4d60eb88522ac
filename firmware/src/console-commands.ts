// What the router shows on its console: one command per subsystem, read-only, formatted for
// a person at a telnet prompt. The Home Agent adds bc and hal when it runs.
import type { ConsoleCommand } from '@mip6/console'
import { formatAddress, formatMac, type NdOption, type RouterAdvert } from '@mip6/wire'
import type { LinkPool } from './link-pool'
import type { RaService } from './ra-service'

/** `more`: lines other subsystems add to `stats` (the Home Agent's counters). */
export function raCommands(
  ra: RaService,
  pool: LinkPool,
  now: () => number,
  more: () => string[] = () => [],
): Record<string, ConsoleCommand> {
  return {
    ra: {
      summary: 'Router Advertisements: per interface, what is sent and when',
      usage: 'ra [INTERFACE]',
      mutating: false,
      run: (args) => formatRa(ra, now(), args[0]),
    },
    stats: {
      summary: 'counters: RAs sent, solicitations, Mobility messages by type and status, drops',
      usage: 'stats',
      mutating: false,
      run: () => [formatStats(ra, pool), ...more()].join('\n'),
    },
  }
}

function formatRa(ra: RaService, now: number, only: string | undefined): string {
  const names = ra.engine.advertisingInterfaces().filter((n) => only === undefined || n === only)
  if (names.length === 0) return only ? `${only}: not advertising` : 'no interface is advertising'
  return names
    .map((name) => {
      const advert = ra.engine.currentAdvert(name, now)
      return advert ? formatAdvert(name, advert) : `${name}: not advertising`
    })
    .join('\n')
}

function formatAdvert(name: string, ra: RouterAdvert): string {
  const flags = [ra.managed && 'M', ra.other && 'O', ra.homeAgent && 'H'].filter(Boolean).join('') || '-'
  const lines = [
    `${name}: router lifetime ${ra.routerLifetimeS} s, flags ${flags}, preference ${ra.routerPreference}, hop limit ${ra.curHopLimit}`,
    ...ra.options.map((o) => `  ${formatOption(o)}`),
  ]
  return lines.join('\n')
}

function formatOption(o: NdOption): string {
  switch (o.kind) {
    case 'prefix-information':
      return (
        `prefix ${formatAddress(o.prefix)}/${o.prefixLength} ` +
        `${[o.onLink && 'L', o.autonomous && 'A', o.routerAddress && 'R'].filter(Boolean).join('')} ` +
        `valid ${o.validLifetimeS} preferred ${o.preferredLifetimeS}`
      )
    case 'advertisement-interval':
      return `advertisement interval ${o.advIntervalMs} ms`
    case 'home-agent-information':
      return `home agent preference ${o.homeAgentPreference} lifetime ${o.homeAgentLifetimeS} s`
    case 'mtu':
      return `mtu ${o.mtu}`
    case 'source-lla':
      return `source link-layer ${formatMac(o.address)}`
    case 'rdnss':
      return `rdnss ${o.addresses.map(formatAddress).join(' ')} lifetime ${o.lifetimeS}`
    case 'dnssl':
      return `dnssl ${o.domains.join(' ')} lifetime ${o.lifetimeS}`
    case 'route-information':
      return `route /${o.prefixLength} preference ${o.preference} lifetime ${o.routeLifetimeS}`
    default:
      return `option ${o.kind}`
  }
}

function formatStats(ra: RaService, pool: LinkPool): string {
  const c = ra.engine.counters
  return [
    `ra unsolicited sent ${c.unsolicitedSent}, solicited sent ${c.solicitedSent}, final sent ${c.finalSent}`,
    `ra solicitations received ${c.solicitationsReceived}, ignored ${c.solicitationsIgnored}, invalid ${c.invalidReceived}`,
    `ra adverts heard from other routers ${c.advertsHeard}`,
    `frames malformed ${pool.malformedFrames}, failed ${pool.failedFrames}`,
  ].join('\n')
}
