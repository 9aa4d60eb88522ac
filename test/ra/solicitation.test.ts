// A host that asks gets an answer: rdisc6 (ndisc6) solicits on a link where our router
// advertises at slow intervals, so the RA it prints is the solicited one, not the next
// unsolicited one (16 s away, RFC 4861 §6.2.4).
import { NetnsLab } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Capture } from './support/capture'
import { slowConf } from './support/configs'
import { Radvdump } from './support/radvdump'
import { OurRouter } from './support/routers'
import { requireRaTools, tool } from './support/tools'
import { type LinkSpec, linkLocalOf, type Pair, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA solicitation (rdisc6)'
const OK = requireRaTools(SUITE, ['rdisc6', 'radvdump', 'stdbuf', 'dumpcap'])

const LINK: LinkSpec = {
  router: 'wlan0',
  host: 'h0',
  routerMac: '02:00:00:00:00:01',
  hostMac: '02:00:00:00:01:01',
  addresses: ['2001:db8::1/64'],
}
/** RFC 4861 §10 MAX_RA_DELAY_TIME. */
const MAX_RA_DELAY_TIME_MS = 500
const ICMPV6_ROUTER_SOLICIT = 133

describe.runIf(OK)('a Router Solicitation', () => {
  const lab = new NetnsLab('rs')
  const tmp = new TempDir()
  let pair: Pair

  beforeAll(async () => {
    pair = await routerAndHost(lab, 's', [LINK])
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  it('gets a unicast answer that rdisc6 prints with the prefix', { timeout: 30_000 }, async () => {
    const dump = await Radvdump.start(lab, pair.host)
    const capture = await Capture.start(lab, pair.host, 'h0')
    const router = OurRouter.start(lab, pair.router, ['--radvd-conf', tmp.write('slow.conf', slowConf())])
    // The first unsolicited RA goes out at start; the next is 16 s later.
    await dump.next((a) => a.iface === 'h0', 'the initial RA', { timeoutMs: 15_000 })

    const out = await lab.exec(pair.host, [tool('rdisc6'), '-1', 'h0'])
    expect(out).toMatch(/^ Prefix\s+: 2001:db8::\/64$/m)
    expect(out).toMatch(/^Router lifetime\s+:\s+1800 /m)
    expect(out).toMatch(new RegExp(`^ from ${linkLocalOf(LINK.routerMac)}$`, 'm'))

    // On the wire: the RS, then one RA to the host's own addresses (AdvRASolicitedUnicast,
    // radvd's default), within MAX_RA_DELAY_TIME (RFC 4861 §6.2.6).
    const host = linkLocalOf(LINK.hostMac)
    await capture.waitFor((a) => a.some((x) => x.destination === host), 3_000, 'the unicast answer')
    await capture.stop()
    const rs = capture.records.find((r) => r.frame[14 + 40] === ICMPV6_ROUTER_SOLICIT)!
    const answers = capture.adverts().filter((a) => a.destination === host)
    const unsolicited = capture.adverts().filter((a) => a.destination === 'ff02::1')
    expect(answers).toHaveLength(1)
    expect(answers[0]!.destinationMac).toBe(LINK.hostMac)
    expect(unsolicited.every((a) => a.atMs < rs.atMs)).toBe(true)
    const delayMs = answers[0]!.atMs - rs.atMs
    console.log(
      `solicited RA ${delayMs.toFixed(1)} ms after the RS (RFC 4861 §6.2.6: 0..${MAX_RA_DELAY_TIME_MS} ms)`,
    )
    expect(delayMs).toBeGreaterThanOrEqual(0)
    // Generous: the delay is random up to 500 ms, and a loaded test machine adds to it.
    expect(delayMs).toBeLessThan(MAX_RA_DELAY_TIME_MS + 500)
    await Promise.all([router.stop(), dump.stop()])
  })
})
