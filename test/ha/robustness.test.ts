// Bad input loses nothing (DESIGN.md rule 5) and the kernel keeps out of it (rule 3): 5,000
// mutated Mobility Headers and ICMPv6 messages in a few seconds, from the mobile node on the
// visited link and from the host on the home link. The router stays up, counts what reached
// it, and still registers a mobile node afterwards; and no Parameter Problem for a Home
// Address option ever reaches the mobile node, because the nftables guard drops those
// packets before the kernel's IPv6 stack sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HaLab, parseStats, requireHaTools } from './support/ha-lab'
import {
  bindingAck,
  bindingUpdate,
  HA,
  HOME_AGENTS_ANYCAST,
  haadRequest,
  isBindingAck,
  mobilePrefixSolicit,
  neighborSolicit,
  unknownMobilityHeader,
} from './support/packets'

const SUITE = 'Home Agent robustness (mutated packets)'
const OK = requireHaTools(SUITE)

const FROM_MOBILE_NODE = 3_500
const FROM_HOME_HOST = 1_500
const SEND_OVER_MS = 3_000
/** RFC 6275 §13 InitialBindackTimeoutFirstReg. */
const INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS = 1_500

/** Everything the router counts of what it hears: the Home Agent's inputs, the RA engine's, undecodable frames. */
function heard(stats: Record<string, number>): number {
  const keys = [
    'frames malformed',
    'ha received mobility',
    'ha received neighbor-solicit',
    'ha received neighbor-advert',
    'ha received haad-request',
    'ha received mobile-prefix-solicit',
    'ra solicitations received',
    'ra invalid',
    'ra adverts heard from other routers',
  ]
  return keys.reduce((sum, k) => sum + (stats[k] ?? 0), 0)
}

describe.runIf(OK)('mutated Mobility Headers and ICMPv6', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('harobust')
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  it('leave the router up and counted, and a valid BU still gets its BA', { timeout: 60_000 }, async () => {
    const coa = '2001:db8:1::41'
    const hoa = '2001:db8::b0b:41'
    await lab.addCareOfAddress(coa)
    const before = parseStats(await lab.console('stats'))

    // Valid packets to mutate: a BU, a DHAAD Request, a Mobile Prefix Solicitation and an
    // unknown Mobility Header from the visited link; NSs on the home link.
    const [mobile, home] = await Promise.all([
      lab.mobile.fuzz(
        [
          bindingUpdate({ coa, hoa, seq: 100 }),
          bindingUpdate({ coa, hoa, seq: 101, lifetimeUnits: 0 }),
          haadRequest(coa, 7),
          mobilePrefixSolicit(coa, hoa, 8),
          unknownMobilityHeader(coa, hoa, 50),
        ],
        FROM_MOBILE_NODE,
        SEND_OVER_MS,
        6275,
      ),
      lab.homeHost.fuzz(
        [neighborSolicit(hoa), neighborSolicit(HA), neighborSolicit(HOME_AGENTS_ANYCAST)],
        FROM_HOME_HOST,
        SEND_OVER_MS,
        4861,
      ),
    ])
    const sent = mobile.sent + home.sent
    const passFilter = mobile.passFilter + home.passFilter
    expect(sent).toBe(FROM_MOBILE_NODE + FROM_HOME_HOST)
    // Let the router's capture drain.
    await new Promise((resolve) => setTimeout(resolve, 1_000))

    expect(lab.router.exitCode).toBeNull()
    expect(lab.router.signalCode).toBeNull()
    const after = parseStats(await lab.console('stats'))
    const counted = heard(after) - heard(before)
    console.log(
      `sent ${sent} in ${Math.max(mobile.seconds, home.seconds).toFixed(1)} s ` +
        `(${JSON.stringify(mobile.byMutation)} / ${JSON.stringify(home.byMutation)}); ` +
        `${passFilter} pass the router's capture filter, ${counted} counted ` +
        `(malformed ${after['frames malformed']! - before['frames malformed']!}, ` +
        `MH ${(after['ha received mobility'] ?? 0) - (before['ha received mobility'] ?? 0)})`,
    )
    // Every frame the filter lets through is counted once: as undecodable, or as what it
    // decodes to. A few may decode to an upper layer no engine takes (a mutated Next Header).
    expect(counted).toBeGreaterThanOrEqual(Math.floor(passFilter * 0.9))
    expect(after['frames malformed']! - before['frames malformed']!).toBeGreaterThan(0)
    // No frame made a handler throw, and nothing was logged as an error.
    expect(after['frames failed']).toBe(0)
    expect(lab.router.logs.filter((l) => l.level === 'error')).toEqual([])

    // A mobile node that keeps to the rules still registers, on time.
    const fresh = { coa: '2001:db8:1::42', hoa: '2001:db8::b0b:42' }
    await lab.addCareOfAddress(fresh.coa)
    const { sent: bu, reply } = await lab.ask(
      'mobile',
      bindingUpdate({ ...fresh, seq: 1 }),
      isBindingAck(1),
      'the BA',
    )
    expect(bindingAck(reply)?.status).toBe(0)
    expect(reply.atMs - bu.atMs).toBeLessThan(INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS)
  })

  it('never lets the kernel answer a Home Address option: no Parameter Problem reaches the mobile node', async () => {
    // Runs after the mutated packets above, which carried Home Address options by the thousand.
    const guard = await lab.lab.exec(lab.routerNs, ['nft', 'list', 'table', 'ip6', 'mip6_router'])
    const dropped = /counter packets (\d+) bytes \d+ drop comment "destination-options"/.exec(guard)
    expect(Number(dropped?.[1])).toBeGreaterThan(0)
    expect(lab.parameterProblems()).toEqual([])
  })
})
