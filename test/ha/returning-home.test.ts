// A mobile node that comes back to its home link deregisters from there (RFC 6275 §11.5.4):
// a Binding Update from its home address, without a Home Address option, lifetime 0. The Home
// Agent acknowledges it, stops defending the address, and forgets the binding; the mobile
// node's own kernel answers for its address again. The mobile node is seed 002's "raven"
// (home address 2001:db8::beef, care-of address 2001:db8:1:0:205:5dff:fef2:db2b), played by
// scapy, with one interface on each link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Capture } from '../ra/support/capture'
import { HaLab, requireHaTools } from './support/ha-lab'
import {
  bindingAck,
  bindingUpdate,
  destination,
  framesSince,
  HA,
  isBindingAck,
  MAC,
  ndFor,
  nextFrame,
  sentCopy,
  source,
  sourceMac,
} from './support/packets'

const SUITE = 'Home Agent: returning home'
const OK = requireHaTools(SUITE)

const STATUS_ACCEPTED = 0

describe.runIf(OK)('a mobile node returning home', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('hareturn')
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('takes a deregistration from a mobile node back home: BA, proxying stops, bc forgets it', async () => {
    const coa = '2001:db8:1:0:205:5dff:fef2:db2b'
    const hoa = '2001:db8::beef'
    await lab.register(coa, hoa, 19428)
    expect(await lab.resolveFromHomeHost(hoa)).toBe(MAC.routerHome)

    // The mobile node moves: off the visited link, onto the home link with its home address.
    const { lab: netns, mobileNs } = lab
    await netns.ip(mobileNs, ['link', 'set', 'mn0', 'down'])
    await netns.ip(mobileNs, ['link', 'set', 'mnh0', 'up'])
    await netns.addAddress(mobileNs, 'mnh0', `${hoa}/64`, { nodad: true })
    const atHome = await Capture.start(netns, mobileNs, 'mnh0', 'ip6')
    try {
      const logsBefore = lab.router.logs.length
      // RFC 6275 §11.5.4: from the home address, no Home Address option, lifetime 0.
      const [frame] = await lab.mobile.sendVia(
        'mnh0',
        bindingUpdate({
          coa: hoa,
          hoa,
          seq: 19429,
          lifetimeUnits: 0,
          withoutHao: true,
          srcMac: MAC.mobileAtHome,
          dstMac: MAC.routerHome,
        }),
      )
      const sent = await sentCopy(atHome, frame!, 'the BU from home')
      const reply = await nextFrame(atHome, (s) => s.atMs >= sent.atMs && isBindingAck()(s), 'the BA at home')
      expect(bindingAck(reply)).toMatchObject({
        status: STATUS_ACCEPTED,
        sequence: 19429,
        lifetimeUnits4s: 0,
      })
      expect(source(reply)).toBe(HA)
      expect(destination(reply)).toBe(hoa)
      expect(reply.decoded!.packet.extensions).toEqual([])
      expect(sourceMac(reply)).toBe(MAC.routerHome)
      expect(await lab.homeAgentEvent('binding-deregistered', hoa, logsBefore)).toMatchObject({ status: 0 })

      // The mobile node's own kernel answers for its address now; the router stays quiet.
      const homeAfter = lab.homeCapture.records.length
      expect(await lab.resolveFromHomeHost(hoa)).toBe(MAC.mobileAtHome)
      const fromRouter = framesSince(
        lab.homeCapture,
        (s) => ndFor(s, 'neighbor-advert', hoa) !== undefined && sourceMac(s) === MAC.routerHome,
        homeAfter,
      )
      expect(fromRouter).toEqual([])
      expect(await lab.console('bc')).toMatch(/binding cache is empty/)
    } finally {
      await atHome.stop()
      await netns.ip(mobileNs, ['addr', 'del', `${hoa}/64`, 'dev', 'mnh0'])
      await netns.ip(mobileNs, ['link', 'set', 'mnh0', 'down'])
      await netns.ip(mobileNs, ['link', 'set', 'mn0', 'up'])
    }
  })
})
