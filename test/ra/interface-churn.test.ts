// A configured interface created and deleted 100 times under a running router (a radio whose
// driver comes and goes, a USB adapter replugged): the router follows every round, keeps
// advertising and answering on its other link, leaves no capture helper behind, and its
// resident memory stays flat after a warm-up.
import { NetnsLab, waitUntil } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { links, seedLikeConf } from './support/configs'
import { Radvdump } from './support/radvdump'
import { commandLine, descendants, OurRouter, vmRssKiB } from './support/routers'
import { requireRaTools, tool } from './support/tools'
import { addLink, type Pair, percentile, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA interface churn'
const OK = requireRaTools(SUITE, ['radvdump', 'stdbuf', 'rdisc6'])

const ROUNDS = Number(process.env.RA_CHURN_ROUNDS ?? 100)
const WARM_UP_ROUNDS = 10
/** VmRSS growth allowed between the end of the warm-up and the last round. */
const RSS_GROWTH_BOUND_KIB = 10 * 1024
const SAMPLE_ROUNDS = 10
const [WLAN0, WLAN1] = links(2)

describe.runIf(OK)('interface churn', () => {
  const lab = new NetnsLab('churn')
  const tmp = new TempDir()
  let pair: Pair
  let router: OurRouter
  let dump: Radvdump

  beforeAll(async () => {
    pair = await routerAndHost(lab, 'c', [WLAN0!, WLAN1!])
    dump = await Radvdump.start(lab, pair.host)
    router = OurRouter.start(lab, pair.router, [
      '--radvd-conf',
      tmp.write('two.conf', seedLikeConf(['wlan0', 'wlan1'])),
    ])
    await dump.next((a) => a.iface === 'h0', 'first RA on h0', { timeoutMs: 15_000 })
    await dump.next((a) => a.iface === 'h1', 'first RA on h1', { timeoutMs: 15_000 })
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  it(
    `follows wlan1 deleted and created ${ROUNDS} times, with flat memory`,
    { timeout: 120_000 },
    async () => {
      const events = () => router.events('wlan1').length
      const rss: number[] = []
      const startedAt = Date.now()
      for (let round = 1; round <= ROUNDS; round++) {
        const before = events()
        await lab.ip(pair.router, ['link', 'del', 'wlan1'])
        await waitUntil(() => events() >= before + 1, 5_000, `round ${round}: wlan1 down`)
        await addLink(lab, pair, WLAN1!)
        await waitUntil(() => events() >= before + 2, 5_000, `round ${round}: wlan1 up`)
        if (round >= WARM_UP_ROUNDS) rss.push(vmRssKiB(router.pid))
      }
      const churnMs = Date.now() - startedAt
      // Medians of the first and last SAMPLE_ROUNDS readings: V8's heap breathes by more
      // than a leak of a few objects per round would show in one reading.
      const rssAfterWarmUp = percentile(rss.slice(0, SAMPLE_ROUNDS), 50)
      const rssEnd = percentile(rss.slice(-SAMPLE_ROUNDS), 50)
      const growth = rssEnd - rssAfterWarmUp
      const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`
      console.log(
        `${ROUNDS} rounds in ${(churnMs / 1000).toFixed(1)} s; router VmRSS (median of ${SAMPLE_ROUNDS} rounds) ` +
          `after ${WARM_UP_ROUNDS} rounds ${mib(rssAfterWarmUp)}, at the end ${mib(rssEnd)}, growth ` +
          `${mib(growth)} (bound ${mib(RSS_GROWTH_BOUND_KIB)}); range ${mib(Math.min(...rss))}..${mib(Math.max(...rss))}`,
      )
      expect(router.events('wlan1').slice(-2)).toEqual(['ra-interface-down', 'ra-interface-up'])
      expect(growth).toBeLessThan(RSS_GROWTH_BOUND_KIB)

      // Still advertising: an RA on the last wlan1, and an answer to a solicitation on wlan0.
      const after = dump.adverts.length
      await dump.next((a) => a.iface === 'h1', 'an RA on the last wlan1', { after, timeoutMs: 12_000 })
      const out = await lab.exec(pair.host, [tool('rdisc6'), '-1', 'h0'])
      expect(out).toMatch(/^ Prefix\s+: 2001:db8::\/64$/m)
      // One capture helper per existing link: none outlived its interface.
      const helpers = descendants(router.pid).filter((p) => commandLine(p.pid).includes('capture-helper'))
      expect(helpers).toHaveLength(2)
      expect(router.exitCode).toBeNull()
    },
  )
})
