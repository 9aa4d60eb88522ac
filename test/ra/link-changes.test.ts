// Links come and go under a running router, and it follows without a restart: RAs resume
// on a link set down and up again (here or at the far end, as a radio losing its station
// would), on an interface deleted and created again, and start on one absent at start-up.
import { NetnsLab } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { links, seedLikeConf } from './support/configs'
import { Radvdump } from './support/radvdump'
import { OurRouter } from './support/routers'
import { requireRaTools } from './support/tools'
import { addLink, type Pair, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA link changes'
const OK = requireRaTools(SUITE, ['radvdump', 'stdbuf'])

const [WLAN0, WLAN1, WLAN2] = links(3)
/** The RA after a link change is immediate, rate limited by MinDelayBetweenRAs 1 s. */
const RA_AGAIN_MS = 5_000

describe.runIf(OK)('link changes under a running router', () => {
  const lab = new NetnsLab('links')
  const tmp = new TempDir()
  let pair: Pair
  let router: OurRouter
  let dump: Radvdump

  beforeAll(async () => {
    // wlan2 is configured but does not exist yet.
    pair = await routerAndHost(lab, 'l', [WLAN0!, WLAN1!])
    dump = await Radvdump.start(lab, pair.host)
    router = OurRouter.start(lab, pair.router, [
      '--radvd-conf',
      tmp.write('three.conf', seedLikeConf(['wlan0', 'wlan1', 'wlan2'])),
      '--log-level',
      'debug',
    ])
    await dump.next((a) => a.iface === 'h0', 'first RA on h0', { timeoutMs: 15_000 })
    await dump.next((a) => a.iface === 'h1', 'first RA on h1', { timeoutMs: 15_000 })
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  /** Runs `change`, then waits for an RA on `hostIf` received after it. */
  async function raAfter(hostIf: string, change: () => Promise<void>): Promise<void> {
    await change()
    const after = dump.adverts.length
    await dump.next((a) => a.iface === hostIf, `an RA on ${hostIf} after the change`, {
      after,
      timeoutMs: RA_AGAIN_MS,
    })
  }

  it('a link set down and up on the router gets RAs again', { timeout: 20_000 }, async () => {
    const logsBefore = router.logs.length
    await lab.ip(pair.router, ['link', 'set', 'wlan0', 'down'])
    await router.waitLog(
      (l) => l.msg === 'ra-interface-down' && l.ifname === 'wlan0',
      'wlan0 down',
      5_000,
      logsBefore,
    )
    await raAfter('h0', () => lab.ip(pair.router, ['link', 'set', 'wlan0', 'up']).then(() => undefined))
    await router.waitLog(
      (l) => l.msg === 'ra-interface-up' && l.ifname === 'wlan0',
      'wlan0 up',
      5_000,
      logsBefore,
    )
    expect(router.events('wlan0').slice(-3)).toEqual([
      'ra-interface-up',
      'ra-interface-down',
      'ra-interface-up',
    ])
  })

  it('a carrier lost at the far end and back gets RAs again', { timeout: 20_000 }, async () => {
    const logsBefore = router.logs.length
    await lab.ip(pair.host, ['link', 'set', 'h1', 'down'])
    await router.waitLog(
      (l) => l.msg === 'ra-interface-down' && l.ifname === 'wlan1',
      'wlan1 no carrier',
      5_000,
      logsBefore,
    )
    await raAfter('h1', () => lab.ip(pair.host, ['link', 'set', 'h1', 'up']).then(() => undefined))
  })

  it('an interface deleted and created again gets RAs again', { timeout: 20_000 }, async () => {
    const logsBefore = router.logs.length
    await lab.ip(pair.router, ['link', 'del', 'wlan1'])
    await router.waitLog(
      (l) => l.msg === 'ra-interface-down' && l.ifname === 'wlan1',
      'wlan1 gone',
      5_000,
      logsBefore,
    )
    await raAfter('h1', () => addLink(lab, pair, WLAN1!))
    const up = await router.waitLog(
      (l) => l.msg === 'ra-interface-up' && l.ifname === 'wlan1',
      'wlan1 up',
      5_000,
      logsBefore,
    )
    expect(up.level).toBe('info')
  })

  it('an interface absent at start gets RAs when it appears', { timeout: 20_000 }, async () => {
    expect(router.events('wlan2')).toEqual([])
    expect(dump.on('h2')).toEqual([])
    await raAfter('h2', () => addLink(lab, pair, WLAN2!))
    const ra = dump.on('h2')[0]!
    expect(ra.sections.map((s) => s.value)).toEqual(['2001:db8:2::/64'])
    await router.waitLog((l) => l.msg === 'ra-interface-up' && l.ifname === 'wlan2', 'wlan2 up', 5_000)
    expect(router.events('wlan2')).toEqual(['ra-interface-up'])
  })

  it('kept running through all of it, with no error logged', () => {
    expect(router.exitCode).toBeNull()
    expect(router.logs.filter((l) => l.level === 'error' || l.text !== undefined)).toEqual([])
  })
})
