// The Home Agent on the home link (RFC 6275 §10.4.1): Duplicate Address Detection for a home
// address before its first registration, proxy Neighbor Discovery while the mobile node is
// away, and the mobile node's return home (§11.5.4). The home host is a plain Linux host: its
// kernel defends its addresses and resolves others'; the mobile node is scapy, on the visited
// link and then at home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bcAddress, HaLab, requireHaTools } from './support/ha-lab'
import {
  bindingAck,
  bindingUpdate,
  destination,
  framesSince,
  isBindingAck,
  MAC,
  ndFor,
  nextFrame,
  source,
  sourceMac,
  targetLla,
} from './support/packets'

const SUITE = 'Home Agent on the home link (DAD, proxy ND, returning home)'
const OK = requireHaTools(SUITE)

/** RFC 6275 §6.1.8 */
const STATUS_ACCEPTED = 0
const STATUS_DAD_FAILED = 134

describe.runIf(OK)('the Home Agent on the home link', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('hahome')
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('refuses a home address that a host on the home link already owns (status 134)', async () => {
    const coa = '2001:db8:1::21'
    const hoa = '2001:db8::beef'
    await lab.addCareOfAddress(coa)
    await lab.lab.addAddress(lab.homeHostNs, 'hh0', `${hoa}/64`)
    await lab.lab.waitDad(lab.homeHostNs, 'hh0')
    try {
      const homeAfter = lab.homeCapture.records.length
      const logsBefore = lab.router.logs.length

      const { reply } = await lab.ask('mobile', bindingUpdate({ coa, hoa, seq: 1 }), isBindingAck(), 'the BA')
      expect(bindingAck(reply)).toMatchObject({ status: STATUS_DAD_FAILED, sequence: 1, lifetimeUnits4s: 0 })

      // On the home link: the router's probe (RFC 4862 §5.4.2: from the unspecified address)
      // and the home host's kernel defending its address.
      const probe = await nextFrame(
        lab.homeCapture,
        (s) => ndFor(s, 'neighbor-solicit', hoa) !== undefined,
        'probe',
        {
          after: homeAfter,
        },
      )
      expect(source(probe)).toBe('::')
      expect(sourceMac(probe)).toBe(MAC.routerHome)
      const defence = await nextFrame(
        lab.homeCapture,
        (s) => ndFor(s, 'neighbor-advert', hoa) !== undefined,
        'NA',
        {
          after: homeAfter,
        },
      )
      expect(sourceMac(defence)).toBe(MAC.homeHost)
      expect(defence.atMs).toBeLessThan(reply.atMs)

      expect((await lab.bindingCache()).some((b) => b.hoa === bcAddress(hoa))).toBe(false)
      expect(await lab.homeAgentEvent('binding-rejected', hoa, logsBefore)).toMatchObject({
        coa,
        status: 134,
      })
    } finally {
      await lab.lab.ip(lab.homeHostNs, ['addr', 'del', `${hoa}/64`, 'dev', 'hh0'])
    }
  })

  it('answers NSs for a registered home address with its own MAC, and no longer after deregistration', async () => {
    const coa = '2001:db8:1::22'
    const hoa = '2001:db8::b0b:4'
    await lab.register(coa, hoa, 40)

    // The home host's kernel resolves the mobile node's home address to the router.
    const homeAfter = lab.homeCapture.records.length
    expect(await lab.resolveFromHomeHost(hoa)).toBe(MAC.routerHome)
    const ns = await nextFrame(
      lab.homeCapture,
      (s) => ndFor(s, 'neighbor-solicit', hoa) !== undefined && sourceMac(s) === MAC.homeHost,
      "the home host's NS",
      { after: homeAfter },
    )
    const na = await nextFrame(
      lab.homeCapture,
      (s) => ndFor(s, 'neighbor-advert', hoa) !== undefined && destination(s) !== 'ff02::1',
      'the proxy NA',
      { after: homeAfter },
    )
    // RFC 4861 §7.2.4 and §7.2.8: a solicited proxy answer, Override clear, not a router,
    // with the router's own link-layer address as the target's.
    expect(ndFor(na, 'neighbor-advert', hoa)).toMatchObject({
      router: false,
      solicited: true,
      override: false,
    })
    expect(targetLla(na)).toBe(MAC.routerHome)
    expect(sourceMac(na)).toBe(MAC.routerHome)
    expect(destination(na)).toBe(source(ns))
    expect(na.atMs).toBeGreaterThanOrEqual(ns.atMs)
    expect(na.decoded!.packet.header.hopLimit).toBe(255)

    const { reply } = await lab.ask(
      'mobile',
      bindingUpdate({ coa, hoa, seq: 41, lifetimeUnits: 0 }),
      isBindingAck(),
      'the deregistration BA',
    )
    expect(bindingAck(reply)).toMatchObject({ status: STATUS_ACCEPTED, sequence: 41, lifetimeUnits4s: 0 })
    const afterDeregistration = lab.homeCapture.records.length
    expect(await lab.resolveFromHomeHost(hoa)).toBeUndefined()
    const answers = framesSince(
      lab.homeCapture,
      (s) => ndFor(s, 'neighbor-advert', hoa) !== undefined,
      afterDeregistration,
    )
    expect(answers).toEqual([])
    expect((await lab.bindingCache()).some((b) => b.hoa === bcAddress(hoa))).toBe(false)
  })
})
