// The userspace data plane on seed 002's lab: the home host's packets for a mobile node away
// from home reach it inside an IPv6-in-IPv6 tunnel (RFC 6275 §10.4.2, RFC 2473), its
// reverse-tunnelled packets reach the home host, and what fails the ingress check of
// RFC 6275 §10.4.5 is dropped and counted. The mobile node is scapy, the home host its own
// kernel (ping); tshark decodes what the mobile node receives.
import { waitUntil } from '@mip6/netio/testing'
import { formatAddress } from '@mip6/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsharkDecode } from '../../packages/wire/src/testing/tshark'
import { HaLab, parseStats, requireHaTools } from '../ha/support/ha-lab'
import {
  bindingUpdate,
  HA,
  HOME_HOST,
  isBindingAck,
  MAC,
  nextFrame,
  type Seen,
  seen,
} from '../ha/support/packets'
import { framesSince, innerEcho, type Tunnelled, tunnelled } from './support/tunnel-frames'

const SUITE = 'userspace data plane (scapy mobile node, kernel home host)'
const OK = requireHaTools(SUITE)

const HOA = '2001:db8::beef'
const COA = '2001:db8:1::2'
/** The tunnel MTU: the visited link's 1500 less the 40-octet tunnel header (RFC 2473 §6.7). */
const TUNNEL_MTU = 1460

/** The reverse tunnel, as the mobile node sends it: from the care-of address to the Home Agent. */
function reverseTunnelled(innerSource: string, careOf: string, id: number): string {
  return (
    `Ether(src="${MAC.mobile}", dst="${MAC.routerVisited}")/IPv6(src="${careOf}", dst="${HA}")/` +
    `IPv6(src="${innerSource}", dst="${HOME_HOST}", hlim=64)/ICMPv6EchoRequest(id=${id}, seq=1)`
  )
}

describe.runIf(OK)('the userspace data plane', () => {
  let lab: HaLab

  beforeAll(async () => {
    lab = await HaLab.create('dpus', { routerArgs: () => ['--dataplane', 'userspace'] })
    await lab.register(COA, HOA, 100)
  })
  afterAll(async () => {
    await lab?.cleanup()
  })

  /** The home host's ping of `target` (one echo, `size` octets of data). */
  const ping = (target: string, size = 56) =>
    lab.lab
      .exec(lab.homeHostNs, [
        'ping',
        '-6',
        '-n',
        '-c',
        '1',
        '-W',
        '1',
        '-I',
        HOME_HOST,
        '-s',
        String(size),
        target,
      ])
      .catch(() => '')

  /** Waits for a tunnel packet on the mobile node's link that `match` takes. */
  async function arrival(after: number, match: (t: Tunnelled) => boolean, what: string): Promise<Tunnelled> {
    const deadline = Date.now() + 5_000
    while (Date.now() < deadline) {
      const found = framesSince(lab.mobileCapture, after)
        .map(tunnelled)
        .find((t) => t && match(t))
      if (found) return found
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`${what}: no such tunnel packet reached the mobile node`)
  }

  it('logs its choice and routes the home address into the tunnel', async () => {
    const choice = lab.router.logs.find(
      (l) => l.subsystem === 'dataplane' && l.msg === 'data plane: userspace',
    )
    expect(choice?.why).toBe('configured')
    const route = await lab.lab.ip(lab.routerNs, ['-6', 'route', 'show', `${HOA}/128`])
    expect(route).toContain('dev mip6dp0')
  })

  it("tunnels the home host's ping from the Home Agent to the care-of address; tshark decodes it", async () => {
    const after = lab.mobileCapture.records.length
    await ping(HOA)
    const t = await arrival(after, (t) => innerEcho(t)?.type === 128, 'the echo request')
    expect({ outerSource: t.outerSource, outerDestination: t.outerDestination }).toEqual({
      outerSource: HA,
      outerDestination: COA,
    })
    expect({ innerSource: t.innerSource, innerDestination: t.innerDestination }).toEqual({
      innerSource: HOME_HOST,
      innerDestination: HOA,
    })
    // The home host's kernel sent hop limit 64; the router forwarded it once (RFC 2473 §3.1).
    expect(t.innerHopLimit).toBe(63)
    const [decoded] = tsharkDecode([t.frame], { ethernet: true })
    expect(decoded!.malformed).toBe(false)
    expect(decoded!.badChecksums).toEqual([])
    // ping's payload is tshark's `data`.
    expect(decoded!.protocols).toBe('eth:ethertype:ipv6:ipv6:icmpv6:data')
  })

  it('decapsulates a reverse-tunnelled packet to the home host, and tunnels the answer back', async () => {
    const homeAfter = lab.homeCapture.records.length
    const mobileAfter = lab.mobileCapture.records.length
    await lab.mobile.send(reverseTunnelled(HOA, COA, 7))
    const request = await nextFrame(lab.homeCapture, (s) => echoOf(s, 128, HOA), 'the inner echo request', {
      after: homeAfter,
    })
    expect(request).toBeDefined()
    const reply = await arrival(mobileAfter, (t) => innerEcho(t)?.type === 129, 'the echo reply')
    expect(reply.innerSource).toBe(HOME_HOST)
    expect(reply.innerDestination).toBe(HOA)
  })

  it('drops a spoofed inner source and an unregistered care-of address, and counts both', async () => {
    const before = parseStats(await lab.console('stats'))
    const homeAfter = lab.homeCapture.records.length
    await lab.mobile.send(reverseTunnelled('2001:db8::99', COA, 8))
    await lab.mobile.send(reverseTunnelled(HOA, '2001:db8:1::77', 9))
    await new Promise((r) => setTimeout(r, 500))
    const stats = parseStats(await lab.console('stats'))
    expect(delta(stats, before, 'dataplane drops spoofed-inner-source')).toBe(1)
    expect(delta(stats, before, 'dataplane drops unregistered-care-of')).toBe(1)
    const leaked = framesSince(lab.homeCapture, homeAfter)
      .map(seen)
      .filter((s) => echoOf(s, 128, '2001:db8::99') || echoOf(s, 128, HOA))
    expect(leaked).toEqual([])
  })

  it('answers a packet too big for the tunnel with Packet Too Big, MTU 1460', async () => {
    const after = lab.homeCapture.records.length
    // 1452 octets of echo data make a 1500-octet packet: 40 more than the tunnel carries whole.
    await ping(HOA, 1452)
    const ptb = await nextFrame(
      lab.homeCapture,
      (s) => s.decoded?.message?.kind === 'icmpv6' && s.decoded.message.msg.kind === 'packet-too-big',
      'the Packet Too Big',
      { after },
    )
    const msg = ptb.decoded!.message!.msg as { kind: 'packet-too-big'; mtu: number }
    expect(msg.mtu).toBe(TUNNEL_MTU)
    expect(formatAddress(ptb.decoded!.packet.header.destination)).toBe(HOME_HOST)
  })

  it('reinstalls the tunnel of a restored binding after a restart', async () => {
    expect(await lab.stopRouter()).toBe(0)
    expect(await lab.lab.ip(lab.routerNs, ['-6', 'route', 'show', `${HOA}/128`])).toBe('')
    await lab.startRouter()
    await lab.router.waitLog((l) => l.msg === 'restored 1 of 1 bindings', 'the binding restored', 5_000)
    const after = lab.mobileCapture.records.length
    await waitUntil(
      async () => (await lab.lab.ip(lab.routerNs, ['-6', 'route', 'show', `${HOA}/128`])) !== '',
      5_000,
      'the route back',
    )
    await ping(HOA)
    const t = await arrival(after, (t) => innerEcho(t)?.type === 128, 'the echo request after the restart')
    expect(t.outerDestination).toBe(COA)
  })

  it('removes the route when the binding ends, and everything when the router stops', async () => {
    await lab.ask(
      'mobile',
      bindingUpdate({ coa: COA, hoa: HOA, seq: 101, lifetimeUnits: 0 }),
      isBindingAck(),
      'the deregistration BA',
    )
    const route = () => lab.lab.ip(lab.routerNs, ['-6', 'route', 'show', `${HOA}/128`])
    await waitUntil(async () => (await route()) === '', 5_000, 'the route to be removed')
    expect(await lab.stopRouter()).toBe(0)
    const links = await lab.lab.ip(lab.routerNs, ['-o', 'link', 'show'])
    expect(links).not.toContain('mip6dp')
  })
})

function delta(now: Record<string, number>, before: Record<string, number>, key: string): number {
  return (now[key] ?? 0) - (before[key] ?? 0)
}

function echoOf(s: Seen, type: number, from: string): boolean {
  const d = s.decoded
  if (d?.message?.kind !== 'icmpv6') return false
  const kind = type === 128 ? 'echo-request' : 'echo-reply'
  return d.message.msg.kind === kind && formatAddress(d.packet.header.source) === from
}
