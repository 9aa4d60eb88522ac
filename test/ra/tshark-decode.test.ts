// Wireshark's dissectors read every RA we send: a few seconds of a Mobile IPv6 home link at
// 0.05/0.07 s, and the final RA, captured on the host side and decoded by tshark, with no
// frame flagged malformed and every checksum verified good.
import { NetnsLab } from '@mip6/netio/testing'
import { decodeFrame } from '@mip6/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsharkDecode } from '../../packages/wire/src/testing/tshark'
import { Capture, raLikeFrames } from './support/capture'
import { mobileIpv6Conf } from './support/configs'
import { OurRouter } from './support/routers'
import { requireRaTools } from './support/tools'
import { type LinkSpec, type Pair, routerAndHost, TempDir } from './support/topology'

const SUITE = 'RA tshark decode'
const OK = requireRaTools(SUITE, ['tshark', 'dumpcap'])

const LINK: LinkSpec = {
  router: 'wlan0',
  host: 'h0',
  routerMac: '02:00:00:00:00:01',
  hostMac: '02:00:00:00:01:01',
  addresses: ['2001:db8::1/64'],
}
const RUN_MS = Number(process.env.RA_TSHARK_RUN_MS ?? 3_000)
/** tshark's checksum status: 1 is "Good" (0 "Bad", 2 "Unverified"). */
const CHECKSUM_GOOD = '1'

describe.runIf(OK)('tshark', () => {
  const lab = new NetnsLab('tshark')
  const tmp = new TempDir()
  let pair: Pair

  beforeAll(async () => {
    pair = await routerAndHost(lab, 't', [LINK])
  })

  afterAll(async () => {
    await lab.cleanup()
    tmp.remove()
  })

  it(
    'decodes every RA of a 0.05/0.07 s link and its final RA as well-formed',
    { timeout: 40_000 },
    async () => {
      const capture = await Capture.start(lab, pair.host, 'h0')
      const router = OurRouter.start(lab, pair.router, [
        '--radvd-conf',
        tmp.write('mipv6.conf', mobileIpv6Conf()),
      ])
      await capture.waitFor((a) => a.length > 0, 15_000, 'the first RA')
      await new Promise((resolve) => setTimeout(resolve, RUN_MS))
      router.signal('SIGTERM')
      expect(await router.waitExit(10_000)).toBe(0)
      await capture.waitFor((a) => a.some((x) => x.ra.routerLifetimeS === 0), 3_000, 'the final RA')
      await capture.stop()

      // Every ICMPv6 type 134 frame on the link, whether our own decoder takes it or not.
      const frames = raLikeFrames(capture.records).map((r) => r.frame)
      const minimum = Math.floor(RUN_MS / 70 / 2)
      expect(frames.length).toBeGreaterThanOrEqual(minimum)
      const decoded = tsharkDecode(frames, { ethernet: true })
      expect(decoded).toHaveLength(frames.length)
      const problems = decoded.flatMap((d, i) => [
        ...(d.malformed ? [`frame ${i}: malformed`] : []),
        ...d.badChecksums.map((c) => `frame ${i}: bad ${c}`),
        ...(d.fields['icmpv6.checksum.status']?.[0] === CHECKSUM_GOOD
          ? []
          : [`frame ${i}: checksum not verified good`]),
        ...(d.protocols.endsWith(':icmpv6') ? [] : [`frame ${i}: protocols ${d.protocols}`]),
      ])
      expect(problems).toEqual([])
      // tshark read the options we meant to send, in each RA.
      for (const d of decoded) {
        expect(d.fields['icmpv6.opt.advertisement_interval']).toEqual(['70'])
        expect(d.fields['icmpv6.opt.home_agent_preference']).toEqual(['20'])
        expect(d.fields['icmpv6.opt.mtu']).toEqual(['1400'])
      }
      const lifetimes = decoded.map((d) => d.fields['icmpv6.nd.ra.router_lifetime']?.[0])
      expect(lifetimes.at(-1)).toBe('0')
      expect(lifetimes.slice(0, -1).every((l) => l === '1')).toBe(true)
      // Our decoder agrees frame by frame (checksum verified there too).
      expect(frames.every((f) => decodeFrame(f).ok)).toBe(true)
      console.log(
        `tshark decoded ${frames.length} RAs (${frames.length - 1} periodic + final), none malformed`,
      )
    },
  )
})
