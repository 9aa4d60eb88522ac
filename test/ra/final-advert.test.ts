// Stopping the router withdraws it: on SIGTERM, a final RA with router lifetime 0 on every
// link (RFC 4861 §6.2.5), seen by radvdump as AdvDefaultLifetime 0, then exit status 0.
// radvd 2.19 in a twin namespace pair gets the same SIGTERM, and its final RA is compared
// field by field: both withdraw the route, RDNSS and DNSSL (lifetime 0) and keep the prefix.
import { NetnsLab } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { links, mobileIpv6Conf, seedLikeConf } from './support/configs'
import { isFinal, Radvdump } from './support/radvdump'
import { OurRouter, Radvd } from './support/routers'
import { requireRaTools } from './support/tools'
import { type Pair, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA final advert on SIGTERM'
const OK = requireRaTools(SUITE, ['radvd', 'radvdump', 'stdbuf'])

describe.runIf(OK)('SIGTERM', () => {
  const lab = new NetnsLab('final')
  const tmp = new TempDir()
  let ours: Pair
  let theirs: Pair

  beforeAll(async () => {
    ;[ours, theirs] = await Promise.all([
      routerAndHost(lab, 'o', links(2)),
      routerAndHost(lab, 'd', links(2)),
    ])
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  it('sends a final RA with router lifetime 0 on each link, then exits 0', { timeout: 30_000 }, async () => {
    const dump = await Radvdump.start(lab, ours.host)
    const router = OurRouter.start(lab, ours.router, [
      '--radvd-conf',
      tmp.write('two.conf', seedLikeConf(['wlan0', 'wlan1'])),
    ])
    for (const iface of ['h0', 'h1'])
      await dump.next((a) => a.iface === iface, `first RA on ${iface}`, { timeoutMs: 15_000 })

    const before = dump.adverts.length
    router.signal('SIGTERM')
    expect(await router.waitExit(10_000)).toBe(0)
    for (const iface of ['h0', 'h1']) {
      const final = await dump.next((a) => a.iface === iface && isFinal(a), `final RA on ${iface}`, {
        after: before,
      })
      expect(final.fields.AdvDefaultLifetime).toBe('0')
    }
    expect(router.logs.some((l) => l.msg === 'stopping on SIGTERM')).toBe(true)
    await dump.stop()
  })

  it('the final RA says what radvd 2.19 says in its own', { timeout: 30_000 }, async () => {
    const conf = tmp.write('mipv6.conf', mobileIpv6Conf())
    const [dumpOurs, dumpRadvd] = await Promise.all([
      Radvdump.start(lab, ours.host),
      Radvdump.start(lab, theirs.host),
    ])
    const router = OurRouter.start(lab, ours.router, ['--radvd-conf', conf])
    const radvd = Radvd.start(lab, theirs.router, conf, tmp.file('radvd.pid'))
    await dumpOurs.next((a) => a.iface === 'h0', 'an RA of ours', { timeoutMs: 15_000 })
    await dumpRadvd.next((a) => a.iface === 'h0', "an RA of radvd's", { timeoutMs: 15_000 })

    router.signal('SIGTERM')
    radvd.signal('SIGTERM')
    expect(await router.waitExit(10_000)).toBe(0)
    expect(await radvd.waitExit(10_000)).toBe(0)
    const o = await dumpOurs.next((a) => a.iface === 'h0' && isFinal(a), 'our final RA')
    const d = await dumpRadvd.next((a) => a.iface === 'h0' && isFinal(a), "radvd's final RA")
    expect(o.fields).toEqual(d.fields)
    expect(o.sections).toEqual(d.sections)
    expect(
      o.sections.map((s) => Object.entries(s.fields).find(([k]) => k.endsWith('Lifetime'))?.[1]),
    ).toEqual(['86400', '0', '0', '0'])
    await Promise.all([dumpOurs.stop(), dumpRadvd.stop()])
  })
})
