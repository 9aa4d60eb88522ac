import { NetnsLab, requireRoot } from '@mip6/netio/testing'
import { hasScapy, requireTool } from '@mip6/wire/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CommandRunner, runTool } from './command'
import { guardCounters, installGuard, removeGuard } from './nft-guard'

// A mobile node (scapy) on one side of a veth sends a BU with a Home Address option to the
// router's address; we look at what the router's kernel answers.
const SEND_BU = `
import sys
from scapy.all import *
from scapy.layers.inet6 import *
conf.verb = 0
bu = IPv6(src="2001:db8:1::2", dst="2001:db8:1::1")/IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8::beef")])/MIP6MH_BU(seq=1, flags="AH", mhtime=10)
ans = sr1(bu, iface="mn0", timeout=2)
print(ans.summary() if ans else "no answer")
`

describe.runIf(requireRoot('nftables guard') && requireTool(hasScapy(), 'nftables guard'))(
  'the nftables guard against the kernel answering Mobile IPv6',
  () => {
    const lab = new NetnsLab('nftguard')
    let router: string
    let mn: string
    let inRouter: CommandRunner

    beforeAll(async () => {
      router = await lab.namespace('rtr', { dad: false })
      mn = await lab.namespace('mn', { dad: false })
      await lab.veth({ ns: router, ifname: 'home0' }, { ns: mn, ifname: 'mn0' })
      await lab.addAddress(router, 'home0', '2001:db8:1::1/64', { nodad: true })
      await lab.addAddress(mn, 'mn0', '2001:db8:1::2/64', { nodad: true })
      inRouter = (argv, stdin) => runTool(['ip', 'netns', 'exec', router, ...argv], stdin)
    })
    afterAll(() => lab.cleanup())

    const sendBu = () => lab.exec(mn, ['/usr/bin/python3', '-c', SEND_BU])

    it('without it, the kernel answers a BU with a Parameter Problem', async () => {
      expect(await sendBu()).toContain('ICMPv6ParamProblem')
    })

    it('with it, the kernel stays silent, and the drop is counted', async () => {
      await installGuard(
        { mobilityHeader: true, destinationOptions: true, ipInIp: false, dhaadPrefixes: [] },
        { run: inRouter },
      )
      expect((await sendBu()).trim()).toBe('no answer')
      // The BU carries both: the first matching rule counts it.
      expect(await guardCounters({ run: inRouter })).toMatchObject({
        'mobility-header': 1,
        'destination-options': 0,
      })
    })

    it('is replaced, not duplicated, by a second install, and removed cleanly', async () => {
      const spec = {
        mobilityHeader: true,
        destinationOptions: true,
        ipInIp: true,
        dhaadPrefixes: ['2001:db8::/64'],
      }
      await installGuard(spec, { run: inRouter })
      await installGuard(spec, { run: inRouter })
      expect(Object.keys(await guardCounters({ run: inRouter }))).toEqual([
        'mobility-header',
        'destination-options',
        'ipv6-in-ipv6',
        'dhaad 2001:db8::/64',
      ])
      await removeGuard({ run: inRouter })
      expect(await inRouter(['nft', 'list', 'tables'])).not.toContain('mip6_router')
    })
  },
)
