// SIGHUP re-reads radvd.conf: a change shows in the next RA, sent at once (RFC 4861 §6.2.4
// lets changed information go out as if the interface had just started); an unchanged file
// sends nothing extra; a broken file is reported with FILE:LINE:COL and the running
// configuration keeps advertising as before.
import { NetnsLab, waitUntil } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { links, mobileIpv6Conf, slowConf } from './support/configs'
import { Radvdump } from './support/radvdump'
import { OurRouter } from './support/routers'
import { requireRaTools } from './support/tools'
import { type Pair, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA SIGHUP reload'
const OK = requireRaTools(SUITE, ['radvdump', 'stdbuf'])

/** MinDelayBetweenRAs of slowConf (radvd's default, 3 s): an extra RA could wait this long. */
const MIN_DELAY_BETWEEN_RAS_MS = 3_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.runIf(OK)('SIGHUP', () => {
  const lab = new NetnsLab('sighup')
  const tmp = new TempDir()
  let slow: Pair
  let fast: Pair

  beforeAll(async () => {
    ;[slow, fast] = await Promise.all([routerAndHost(lab, 's', links(1)), routerAndHost(lab, 'f', links(1))])
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  it(
    'with the same file sends no extra RA; with AdvManagedFlag on sends one RA with M set',
    {
      timeout: 40_000,
    },
    async () => {
      const conf = tmp.write('slow.conf', slowConf())
      const dump = await Radvdump.start(lab, slow.host)
      const router = OurRouter.start(lab, slow.router, ['--radvd-conf', conf])
      const first = await dump.next((a) => a.iface === 'h0', 'the initial RA', { timeoutMs: 15_000 })
      expect(first.fields.AdvManagedFlag).toBe('off')

      // Unchanged: reloaded, and no RA until the next periodic one (16 s after the first).
      let logsBefore = router.logs.length
      router.signal('SIGHUP')
      await router.waitLog(
        (l) => l.msg === 'configuration reloaded',
        'reload of the same file',
        10_000,
        logsBefore,
      )
      const windowEnd = Math.max(Date.now() + 1_000, first.seenAt + MIN_DELAY_BETWEEN_RAS_MS + 500)
      await sleep(windowEnd - Date.now())
      expect(dump.on('h0')).toHaveLength(1)

      // Changed: one RA at once, with the new flag.
      tmp.write('slow.conf', slowConf('wlan0', '\tAdvManagedFlag on;'))
      logsBefore = router.logs.length
      router.signal('SIGHUP')
      await router.waitLog(
        (l) => l.msg === 'configuration reloaded',
        'reload of the changed file',
        10_000,
        logsBefore,
      )
      const changed = await dump.next((a) => a.iface === 'h0', 'the RA after the change', {
        after: 1,
        timeoutMs: 5_000,
      })
      expect(changed.fields.AdvManagedFlag).toBe('on')
      expect({ ...changed.fields, AdvManagedFlag: 'off' }).toEqual(first.fields)
      expect(changed.sections).toEqual(first.sections)
      expect(dump.on('h0')).toHaveLength(2)
      await Promise.all([router.stop(), dump.stop()])
    },
  )

  it(
    'with a broken file logs FILE:LINE:COL, keeps the running config, and RAs go on unchanged',
    {
      timeout: 40_000,
    },
    async () => {
      const conf = tmp.write('fast.conf', mobileIpv6Conf())
      const dump = await Radvdump.start(lab, fast.host)
      const router = OurRouter.start(lab, fast.router, ['--radvd-conf', conf])
      const before = await dump.next((a) => a.iface === 'h0', 'an RA', { timeoutMs: 15_000 })

      // AdvManagedFlag on, and the prefix block's "{" lost: nothing of it may be applied.
      const broken = mobileIpv6Conf({ extra: '\tAdvManagedFlag on;' }).replace('/64\n\t{\n', '/64\n')
      tmp.write('fast.conf', broken)
      const logsBefore = router.logs.length
      router.signal('SIGHUP')
      await router.waitLog(
        (l) => l.msg === 'new configuration refused; the running one stays',
        'refusal',
        10_000,
        logsBefore,
      )
      const errors = router.logs
        .slice(logsBefore)
        .filter((l) => l.level === 'error' && l.subsystem === 'config')
      expect(
        errors.some((l) => new RegExp(`^${conf}:\\d+:\\d+: error: missing "\\{"`).test(l.msg ?? '')),
      ).toBe(true)

      const afterError = dump.adverts.length
      await waitUntil(() => dump.on('h0').length >= afterError + 10, 5_000, '10 more RAs')
      for (const ra of dump.adverts.slice(afterError)) {
        expect(ra.fields).toEqual(before.fields)
        expect(ra.sections).toEqual(before.sections)
      }
      expect(router.logs.slice(logsBefore).some((l) => l.msg === 'configuration reloaded')).toBe(false)
      expect(router.exitCode).toBeNull()
      await Promise.all([router.stop(), dump.stop()])
    },
  )
})
