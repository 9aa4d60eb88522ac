// Our RAs against radvd 2.19's, as a user compares them: the same radvd.conf in twin
// namespace pairs (same interface names, MACs and addresses), radvdump on the host side of
// each, and every field of the first non-final RA compared, block by block. Captures on the
// host side compare what radvdump does not print, decoded from the wire.
//
// Differences on purpose, each asserted where it shows:
// - Advertisement Interval option (RFC 6275 §7.3: "the maximum time ... between successive
//   unsolicited Router Advertisement messages", i.e. MaxRtrAdvInterval): radvd 2.19 sends
//   MaxRtrAdvInterval + 20 ms when MaxRtrAdvInterval < 0.2 s; we send MaxRtrAdvInterval.
// - Prefix Information with AdvRouterAddr on for a bare prefix (2001:db8::/64 on a router
//   whose address there is 2001:db8::1): RFC 6275 §7.2 says that with R set "the Prefix field
//   contains a complete IP address assigned to the sending router"; radvd sends the prefix as
//   written (2001:db8::, not the router's), we send the router's address on the prefix. With
//   the seed's own addressing (the router is 2001:db8:: itself) the two agree.
import { NetnsLab } from '@mip6/netio/testing'
import type { RouterAdvert } from '@mip6/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { advIntervalMs, Capture, type CapturedAdvert } from './support/capture'
import { mobileIpv6Conf, SEED_LINKS } from './support/configs'
import { isFinal, Radvdump, type RadvdumpAdvert } from './support/radvdump'
import { OurRouter, Radvd } from './support/routers'
import { FIXTURES, requireRaTools } from './support/tools'
import { linkLocalOf, type Pair, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA radvdump parity'
const OK = requireRaTools(SUITE, ['radvd', 'radvdump', 'stdbuf', 'dumpcap'])

const SEED_CONF = `${FIXTURES}/seed-002-radvd.conf`

interface Run {
  ours: Map<string, RadvdumpAdvert>
  radvd: Map<string, RadvdumpAdvert>
  oursWire: CapturedAdvert[]
  radvdWire: CapturedAdvert[]
}

/** The RA message with the parts that must differ (checksum) taken out. */
function comparable(ra: RouterAdvert, advIntervalAs?: number): RouterAdvert {
  return {
    ...ra,
    checksum: 0,
    options: ra.options.map((o) =>
      o.kind === 'advertisement-interval' && advIntervalAs !== undefined
        ? { ...o, advIntervalMs: advIntervalAs }
        : o,
    ),
  }
}

describe.runIf(OK)('radvdump reads the same RA from us as from radvd 2.19', () => {
  const lab = new NetnsLab('parity')
  const tmp = new TempDir()
  let ours: Pair
  let theirs: Pair

  beforeAll(async () => {
    ;[ours, theirs] = await Promise.all([
      routerAndHost(lab, 'o', SEED_LINKS),
      routerAndHost(lab, 'd', SEED_LINKS),
    ])
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  /** Gives wlan0 of both routers this global address instead of the ones it had. */
  async function routerAddress(cidr: string): Promise<void> {
    await Promise.all(
      [ours, theirs].map(async (p) => {
        await lab.ip(p.router, ['addr', 'flush', 'dev', 'wlan0', 'scope', 'global'])
        await lab.addAddress(p.router, 'wlan0', cidr, { nodad: true })
      }),
    )
  }

  /** Runs both routers on `conf` until each host interface has seen a non-final RA from each. */
  async function run(conf: string, hostIfs: string[], wireCount: number): Promise<Run> {
    const [dumpOurs, dumpRadvd] = await Promise.all([
      Radvdump.start(lab, ours.host),
      Radvdump.start(lab, theirs.host),
    ])
    const [capOurs, capRadvd] = await Promise.all([
      Capture.start(lab, ours.host, 'h0'),
      Capture.start(lab, theirs.host, 'h0'),
    ])
    const router = OurRouter.start(lab, ours.router, ['--radvd-conf', conf])
    const radvd = Radvd.start(lab, theirs.router, conf, tmp.file(`radvd-${Date.now()}.pid`))
    const first = async (dump: Radvdump, iface: string) =>
      dump.next((a) => a.iface === iface && !isFinal(a), `first RA on ${iface}`, { timeoutMs: 15_000 })
    try {
      const oursFirst = await Promise.all(hostIfs.map((i) => first(dumpOurs, i)))
      const radvdFirst = await Promise.all(hostIfs.map((i) => first(dumpRadvd, i)))
      const enough = (a: CapturedAdvert[]) => a.filter((x) => x.ra.routerLifetimeS !== 0).length >= wireCount
      await Promise.all([
        capOurs.waitFor(enough, 10_000, `${wireCount} RAs of ours`),
        capRadvd.waitFor(enough, 10_000, `${wireCount} RAs of radvd`),
      ])
      return {
        ours: new Map(oursFirst.map((a) => [a.iface, a])),
        radvd: new Map(radvdFirst.map((a) => [a.iface, a])),
        oursWire: capOurs.adverts(),
        radvdWire: capRadvd.adverts(),
      }
    } finally {
      await Promise.all([
        router.stop(),
        radvd.stop(),
        dumpOurs.stop(),
        dumpRadvd.stop(),
        capOurs.stop(),
        capRadvd.stop(),
      ])
    }
  }

  it(
    'the seed radvd.conf: wlan0 and wlan1 blocks are identical field by field',
    { timeout: 40_000 },
    async () => {
      await routerAddress('2001:db8::/64')
      const r = await run(SEED_CONF, ['h0', 'h1'], 1)
      for (const iface of ['h0', 'h1']) {
        const o = r.ours.get(iface)!
        const d = r.radvd.get(iface)!
        expect(o.from).toBe(d.from)
        expect(o.fields, `interface block on ${iface}`).toEqual(d.fields)
        expect(o.sections, `prefix blocks on ${iface}`).toEqual(d.sections)
      }
      // What the seed asks for, so the comparison is not of two empty blocks.
      const h0 = r.ours.get('h0')!
      const h1 = r.ours.get('h1')!
      expect(h0.from).toBe(linkLocalOf(SEED_LINKS[0]!.routerMac))
      expect(h0.fields).toMatchObject({
        AdvHomeAgentFlag: 'on',
        AdvIntervalOpt: 'on',
        AdvDefaultLifetime: '30',
      })
      expect(h1.fields).toMatchObject({
        AdvHomeAgentFlag: 'off',
        AdvIntervalOpt: 'on',
        AdvDefaultLifetime: '30',
      })
      expect(h0.sections).toEqual([
        {
          kind: 'prefix',
          value: '2001:db8::/64',
          fields: {
            AdvValidLifetime: '86400',
            AdvPreferredLifetime: '14400',
            AdvOnLink: 'on',
            AdvAutonomous: 'on',
            AdvRouterAddr: 'on',
          },
        },
      ])
      expect(h1.sections.map((s) => s.value)).toEqual(['2001:db8:1::/64'])
      // On the wire: the same RA message; MaxRtrAdvInterval 10 s is 10000 ms in both.
      const o = r.oursWire.find((a) => a.ra.routerLifetimeS !== 0)!
      const d = r.radvdWire.find((a) => a.ra.routerLifetimeS !== 0)!
      expect(advIntervalMs(o.ra)).toBe(10_000)
      expect(advIntervalMs(d.ra)).toBe(10_000)
      expect(comparable(o.ra)).toEqual(comparable(d.ra))
      expect([o.hopLimit, o.sourceMac, o.source]).toEqual([d.hopLimit, d.sourceMac, d.source])
    },
  )

  it(
    'a Mobile IPv6 home link (0.05/0.07 s, HA info, MTU, route, RDNSS, DNSSL): identical but for the Advertisement Interval',
    {
      timeout: 40_000,
    },
    async () => {
      await routerAddress('2001:db8::1/64')
      const r = await run(tmp.write('mipv6.conf', mobileIpv6Conf()), ['h0'], 5)
      const o = r.ours.get('h0')!
      const d = r.radvd.get('h0')!
      expect(o.fields).toEqual(d.fields)
      expect(o.sections).toEqual(d.sections)
      expect(o.fields).toMatchObject({
        AdvDefaultLifetime: '1',
        AdvHomeAgentFlag: 'on',
        AdvLinkMTU: '1400',
        AdvIntervalOpt: 'on',
        AdvHomeAgentInfo: 'on',
        HomeAgentPreference: '20',
        HomeAgentLifetime: '1800',
      })
      expect(o.sections.map((s) => `${s.kind} ${s.value}`)).toEqual([
        'prefix 2001:db8::1/64',
        'route 2001:db8:f00::/48',
        'RDNSS 2001:db8::53 2001:db8::54',
        'DNSSL lab.example.org example.org',
      ])
      expect(o.sections[1]!.fields).toEqual({ AdvRoutePreference: 'high', AdvRouteLifetime: '1800' })

      // RFC 6275 §7.3: the option carries MaxRtrAdvInterval (70 ms); radvd 2.19 adds 20 ms
      // below 0.2 s. Every RA of each capture says so, not just the first.
      const oursValues = new Set(r.oursWire.map((a) => advIntervalMs(a.ra)))
      const radvdValues = new Set(r.radvdWire.map((a) => advIntervalMs(a.ra)))
      expect([...oursValues]).toEqual([70])
      expect([...radvdValues]).toEqual([90])
      // Apart from that, the same RA message on the wire, option for option.
      const ow = r.oursWire.find((a) => a.ra.routerLifetimeS !== 0)!
      const dw = r.radvdWire.find((a) => a.ra.routerLifetimeS !== 0)!
      expect(comparable(ow.ra, 0)).toEqual(comparable(dw.ra, 0))
    },
  )

  it(
    "radvd's defaults for route, RDNSS and DNSSL lifetimes at MaxRtrAdvInterval 0.07 s are ours too",
    {
      timeout: 40_000,
    },
    async () => {
      // Both give 0 (3 × and 1 × MaxRtrAdvInterval, truncated to whole seconds): radvd's rule,
      // which packages/config keeps so an imported radvd.conf advertises the same.
      await routerAddress('2001:db8::1/64')
      const r = await run(tmp.write('mipv6-defaults.conf', mobileIpv6Conf({ lifetimes: false })), ['h0'], 1)
      const o = r.ours.get('h0')!
      const d = r.radvd.get('h0')!
      expect(o.fields).toEqual(d.fields)
      expect(o.sections).toEqual(d.sections)
      expect(o.sections[1]!.fields.AdvRouteLifetime).toBe('0')
      expect(o.sections[2]!.fields.AdvRDNSSLifetime).toBe('0')
      expect(o.sections[3]!.fields.AdvDNSSLLifetime).toBe('0')
    },
  )

  it(
    'AdvRouterAddr on a bare prefix: we send the router address (RFC 6275 §7.2), radvd the prefix',
    {
      timeout: 40_000,
    },
    async () => {
      await routerAddress('2001:db8::1/64')
      const r = await run(
        tmp.write('mipv6-bare.conf', mobileIpv6Conf({ prefix: '2001:db8::/64' })),
        ['h0'],
        1,
      )
      const o = r.ours.get('h0')!
      const d = r.radvd.get('h0')!
      expect(o.fields).toEqual(d.fields)
      // RFC 6275 §7.2: with R set, "the Prefix field contains a complete IP address assigned
      // to the sending router": 2001:db8::1 is, 2001:db8:: is not (radvd departs here).
      expect(o.sections[0]!.value).toBe('2001:db8::1/64')
      expect(d.sections[0]!.value).toBe('2001:db8::/64')
      expect(o.sections[0]!.fields).toEqual(d.sections[0]!.fields)
      expect(o.sections.slice(1)).toEqual(d.sections.slice(1))
    },
  )
})
