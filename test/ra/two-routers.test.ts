// Two routers on one link, ours and radvd 2.19, both at Mobile IPv6 rates with settings that
// disagree (RFC 4861 §6.2.7): a bridge in its own namespace joins them and a host. Neither
// stops the other advertising, and ours reports radvd's disagreement once per change of what
// disagrees, where radvd logs one line per RA.
//
// Difference on purpose: RFC 4861 §6.2.7 lists "Values of the M or O flags" among what to
// check; radvd 2.19 (process_ra) logs only when the other router sets a flag it does not. We
// compare the values, so our M on against radvd's M off is reported here too.
import { NetnsLab } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mobileIpv6Conf } from './support/configs'
import { Radvdump } from './support/radvdump'
import { type LogLine, OurRouter, Radvd } from './support/routers'
import { requireRaTools } from './support/tools'
import { linkLocalOf, TempDir } from './support/topology'

const SUITE = 'RA two routers on one link'
const OK = requireRaTools(SUITE, ['radvd', 'radvdump', 'stdbuf'])

const OURS_MAC = '02:00:00:00:00:01'
const RADVD_MAC = '02:00:00:00:02:01'
const HOST_MAC = '02:00:00:00:01:01'
const WINDOW_MS = 2_000
/** At 0.05..0.07 s, a 2 s window holds ~30 RAs of each; a third of that is plenty. */
const MIN_PER_WINDOW = 10

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.runIf(OK)('ours and radvd on one link', () => {
  const lab = new NetnsLab('tworouters')
  const tmp = new TempDir()
  let nsOurs = ''
  let nsRadvd = ''
  let nsHost = ''

  beforeAll(async () => {
    const bridge = await lab.namespace('b', { dad: false })
    nsOurs = await lab.namespace('o', { dad: false })
    nsRadvd = await lab.namespace('d', { dad: false })
    nsHost = await lab.namespace('h', { dad: false })
    await lab.ip(bridge, ['link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'mcast_snooping', '0'])
    const ends: Array<[string, string, string, string]> = [
      [nsOurs, 'wlan0', OURS_MAC, 'p0'],
      [nsRadvd, 'wlan0', RADVD_MAC, 'p1'],
      [nsHost, 'h0', HOST_MAC, 'p2'],
    ]
    for (const [ns, ifname, mac, port] of ends) {
      await lab.veth({ ns: bridge, ifname: port }, { ns, ifname, mac })
      await lab.ip(bridge, ['link', 'set', port, 'master', 'br0'])
    }
    await lab.ip(bridge, ['link', 'set', 'br0', 'up'])
    for (const ns of [nsOurs, nsRadvd]) {
      await lab.sysctl(ns, { 'net.ipv6.conf.all.forwarding': 1 })
      await lab.addAddress(ns, 'wlan0', ns === nsOurs ? '2001:db8::1/64' : '2001:db8::2/64', { nodad: true })
    }
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  it(
    'both keep advertising, and ours logs each change of disagreement once',
    { timeout: 40_000 },
    async () => {
      const oursLl = linkLocalOf(OURS_MAC)
      const radvdLl = linkLocalOf(RADVD_MAC)
      const dump = await Radvdump.start(lab, nsHost)
      const radvdConf = tmp.write('radvd.conf', mobileIpv6Conf({ prefix: '2001:db8::2/64' }))
      const radvd = Radvd.start(lab, nsRadvd, radvdConf, tmp.file('radvd.pid'))
      const oursConf = tmp.write('ours.conf', mobileIpv6Conf({ extra: '\tAdvManagedFlag on;' }))
      const router = OurRouter.start(lab, nsOurs, ['--radvd-conf', oursConf])
      await dump.next((a) => a.from === oursLl, 'an RA of ours', { timeoutMs: 15_000 })
      await dump.next((a) => a.from === radvdLl, "an RA of radvd's", { timeoutMs: 15_000 })

      const countWindow = async () => {
        const start = dump.adverts.length
        await sleep(WINDOW_MS)
        const window = dump.adverts.slice(start)
        return {
          ours: window.filter((a) => a.from === oursLl).length,
          radvd: window.filter((a) => a.from === radvdLl).length,
        }
      }
      const disagreements = () =>
        router.logs.filter(
          (l: LogLine) => l.level === 'warn' && /^RA from \S+ disagrees with our /.test(l.msg ?? ''),
        )

      const first = await countWindow()
      expect(first.ours).toBeGreaterThanOrEqual(MIN_PER_WINDOW)
      expect(first.radvd).toBeGreaterThanOrEqual(MIN_PER_WINDOW)
      expect(disagreements().map((l) => l.msg)).toEqual([
        `RA from ${radvdLl} disagrees with our AdvManagedFlag`,
      ])

      // radvd changes what it disagrees on: one more line, then quiet again.
      tmp.write('radvd.conf', mobileIpv6Conf({ prefix: '2001:db8::2/64', extra: '\tAdvOtherConfigFlag on;' }))
      radvd.signal('SIGHUP')
      await router.waitLog(
        (l) => (l.msg ?? '').includes('AdvOtherConfigFlag'),
        'the new disagreement',
        10_000,
      )
      const second = await countWindow()
      expect(second.ours).toBeGreaterThanOrEqual(MIN_PER_WINDOW)
      expect(second.radvd).toBeGreaterThanOrEqual(MIN_PER_WINDOW)
      expect(disagreements().map((l) => l.msg)).toEqual([
        `RA from ${radvdLl} disagrees with our AdvManagedFlag`,
        `RA from ${radvdLl} disagrees with our AdvManagedFlag, AdvOtherConfigFlag`,
      ])
      // Each side's RAs still say what its own config says.
      const lastOurs = dump.adverts.filter((a) => a.from === oursLl).at(-1)!
      const lastRadvd = dump.adverts.filter((a) => a.from === radvdLl).at(-1)!
      expect([lastOurs.fields.AdvManagedFlag, lastOurs.fields.AdvOtherConfigFlag]).toEqual(['on', 'off'])
      expect([lastRadvd.fields.AdvManagedFlag, lastRadvd.fields.AdvOtherConfigFlag]).toEqual(['off', 'on'])
      // radvd, for comparison, logs its side (our M set, its own not) on every RA it hears.
      const radvdLines = radvd.stderr
        .split('\n')
        .filter((l) => l.includes(`our AdvManagedFlag on wlan0 doesn't agree with ${oursLl}`)).length
      expect(radvdLines).toBeGreaterThanOrEqual(MIN_PER_WINDOW)
      console.log(
        `two routers: ours ${first.ours}+${second.ours} RAs, radvd ${first.radvd}+${second.radvd} RAs in 2×${WINDOW_MS} ms; ` +
          `disagreement lines: ours ${disagreements().length}, radvd ${radvdLines}`,
      )
      expect(router.exitCode).toBeNull()
      expect(radvd.exitCode).toBeNull()
      await Promise.all([router.stop(), radvd.stop(), dump.stop()])
    },
  )
})
