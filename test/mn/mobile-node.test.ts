// `mip6-router mn` as the mobile node of seed 002's lab, against our router (`mip6-router
// run`, the Home Agent on wlan0 2001:db8::/64, the visited link wlan1 2001:db8:1::/64, the
// userspace data plane): what a user checks. The router's `bc` and the mobile node's `bul`
// show the binding with the care-of address, tshark decodes the BU and BA cleanly, the
// correspondent's ping reaches the home address through the tunnel, returning home
// deregisters, and stop leaves the mobile node's host as it found it.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InterfaceWatcher, LinkSocket, NetnsLab } from '@mip6/netio'
import { requireRoot, waitUntil } from '@mip6/netio/testing'
import { hasCommand, requireTool } from '@mip6/wire/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_RAS, MIP6D_HA_CONF, MN_CONF, radvdConf } from '../../firmware/src/lab/lab-configs'
import { LAB_ADDRESSES, LabNetwork } from '../../firmware/src/lab/lab-network'
import { followLog, type LogLine } from '../../firmware/src/lab/log-lines'
import { tsharkDecode } from '../../packages/wire/src/testing/tshark'
import { BIN } from '../ra/support/tools'

const SUITE = 'mip6-router mn'
const OK =
  requireRoot(SUITE) &&
  requireTool(hasCommand('nft', 'nftables'), SUITE) &&
  requireTool(hasCommand('tshark', 'tshark'), SUITE) &&
  requireTool(hasCommand('ping', 'iputils-ping'), SUITE)

/** The lab's station MAC 02:00:00:00:01:02 makes this care-of address by EUI-64 (RFC 4291). */
const COA = '2001:db8:1::ff:fe00:102'
const COA_UNCOMPRESSED = '2001:db8:1:0:0:ff:fe00:102'
const MN_CONSOLE = '7778'
/** Not the kernel's default of 1, so that the test sees stop restore it rather than reset it. */
const ACCEPT_RA_BEFORE = '0'

describe.runIf(OK)('mip6-router mn against mip6-router run', () => {
  const net = new LabNetwork(new NetnsLab('mn'))
  const dir = mkdtempSync(join(tmpdir(), 'mip6-mn-'))
  const mnLog: LogLine[] = []
  const routerLog: LogLine[] = []
  const frames: Uint8Array[] = []
  let mn: ChildProcess
  let capture: LinkSocket
  let watcher: InterfaceWatcher

  const spawnLogged = (ns: string, args: string[], into: LogLine[]) => {
    const child = net.lab.spawn(ns, [process.execPath, BIN, ...args])
    followLog(
      child,
      (l) => into.push(l),
      () => {},
    )
    return child
  }
  const mnEvents = (name: string) => mnLog.filter((l) => l.subsystem === 'mn' && l.msg === name)
  const waitForEvent = (name: string, after: number, timeoutMs = 15_000) =>
    waitUntil(() => mnEvents(name).length > after, timeoutMs, `the mobile node's ${name}`)
  const consoleOf = (ns: string, port: string, command: string) =>
    net.lab.exec(ns, [process.execPath, BIN, 'console', '--port', port, command])
  const inMobile = (argv: string[]) => net.lab.exec(net.ns.mobile, argv)

  beforeAll(async () => {
    await net.build()
    // The kernel's own router discovery off before the router starts, as on a host whose
    // network manager does it: what stop leaves behind can then only be ours.
    await inMobile(['sysctl', '-w', `net.ipv6.conf.wlan0.accept_ra=${ACCEPT_RA_BEFORE}`])
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    }
    spawnLogged(
      net.ns.router,
      [
        'run',
        '--radvd-conf',
        file('radvd.conf', radvdConf(FAST_RAS)),
        '--mip6d-conf',
        file('mip6d-ha.conf', MIP6D_HA_CONF),
        '--state-dir',
        join(dir, 'state'),
        '--dataplane',
        'userspace',
        '--mqtt',
        'none',
      ],
      routerLog,
    )
    await waitUntil(() => routerLog.some((l) => l.msg === 'started'), 20_000, 'the router')
    // Everything on the mobile node's link, both ways: BUs out, BAs in.
    watcher = new InterfaceWatcher({ netns: net.ns.mobile })
    await watcher.start()
    capture = new LinkSocket({
      ifname: 'wlan0',
      watcher,
      netns: net.ns.mobile,
      filter: 'ip6 and (ip6[6] == 60 or ip6[6] == 43 or ip6[6] == 135)',
      includeOutgoing: true,
    })
    capture.on('frame', (f) => frames.push(f.frame))
    await capture.whenOpen(5_000)
    mn = spawnLogged(net.ns.mobile, ['mn', '--mip6d-conf', file('mn.conf', MN_CONF)], mnLog)
    await waitForEvent('returned-home', 0, 20_000)
  }, 60_000)

  afterAll(async () => {
    await capture?.close()
    await watcher?.close()
    await net.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts at home: the home address on wlan0, its own nftables table, no binding at the router', async () => {
    expect(mnLog.find((l) => l.msg === 'started')).toMatchObject({
      homeAddress: '2001:db8::beef',
      homeAgent: '2001:db8::',
    })
    const addresses = await inMobile(['ip', '-6', 'addr', 'show', 'dev', 'wlan0'])
    expect(addresses).toContain(`${LAB_ADDRESSES.homeAddress}/64`)
    expect(await inMobile(['nft', 'list', 'tables', 'ip6'])).toContain('table ip6 mip6_mn')
    expect(await consoleOf(net.ns.router, '7777', 'bc')).toContain('binding cache is empty')
    // Each event one JSON line: its name, the monotonic clock.
    const e = mnEvents('returned-home')[0]!
    expect(e).toMatchObject({ level: 'info', subsystem: 'mn', event: 'returned-home' })
    expect(typeof e.monotonicMs).toBe('number')
  })

  it('registers from the visited link: bc at the router and bul at the mobile node show the care-of address', async () => {
    const before = mnEvents('registered').length
    await net.move('visited')
    await waitForEvent('registered', before)
    expect(mnEvents('registered').at(-1)).toMatchObject({ careOf: COA, homeAgent: '2001:db8::' })
    const bc = await consoleOf(net.ns.router, '7777', 'bc')
    expect(bc).toContain('hoa 2001:db8:0:0:0:0:0:beef status registered')
    expect(bc).toContain(`coa ${COA_UNCOMPRESSED}`)
    const bul = await consoleOf(net.ns.mobile, MN_CONSOLE, 'bul')
    expect(bul).toContain('2001:db8:0:0:0:0:0:beef')
    expect(bul).toContain(COA_UNCOMPRESSED)
    // Away: the home address on the tunnel's veth end, everything from it into the tunnel.
    expect(await inMobile(['ip', '-6', 'addr', 'show', 'dev', 'mip6mn0'])).toContain('2001:db8::beef/128')
    expect(await inMobile(['ip', '-6', 'route', 'show', 'default'])).toContain(
      'dev mip6mn0 src 2001:db8::beef',
    )
  }, 30_000)

  it('sends a BU and gets a BA that tshark decodes without a malformed field or a bad checksum', () => {
    const decoded = tsharkDecode(frames, { ethernet: true }).filter((f) =>
      f.protocols.split(':').includes('mipv6'),
    )
    const types = decoded.map((f) => f.fields['mip6.mhtype']?.[0])
    expect(types, JSON.stringify(decoded.map((f) => f.protocols))).toContain('5')
    expect(types).toContain('6')
    for (const f of decoded) {
      expect(f.malformed, f.protocols).toBe(false)
      expect(f.badChecksums).toEqual([])
    }
    // From the visited link: the BU carries the Home Address option, the BA a type 2 routing header.
    const bu = decoded.find((f) => f.fields['mip6.mhtype']?.[0] === '5' && f.fields['ipv6.src']?.[0] === COA)
    expect(bu?.fields['ipv6.opt.mipv6.home_address']).toEqual(['2001:db8::beef'])
    const ba = decoded.find((f) => f.fields['mip6.mhtype']?.[0] === '6' && f.fields['ipv6.dst']?.[0] === COA)
    expect(ba?.fields['ipv6.routing.mipv6.home_address']).toEqual(['2001:db8::beef'])
    expect(ba?.fields['mip6.ba.status']).toEqual(['0'])
  })

  it("answers the correspondent's ping from its home address through the tunnel", async () => {
    const out = await net.lab.exec(net.ns.correspondent, [
      'ping',
      '-6',
      '-n',
      '-c',
      '3',
      '-i',
      '0.2',
      '-W',
      '2',
      LAB_ADDRESSES.homeAddress,
    ])
    expect(out).toMatch(/3 packets transmitted, 3 received/)
    expect(out).toContain(`bytes from ${LAB_ADDRESSES.homeAddress}`)
    expect(await consoleOf(net.ns.mobile, MN_CONSOLE, 'stats')).toMatch(
      /tunnel: encapsulated [1-9]\d*, decapsulated [1-9]/,
    )
  }, 20_000)

  it('returning home deregisters: the binding is gone at the router, the home address back on wlan0', async () => {
    const before = mnEvents('returned-home').length
    await net.move('home')
    await waitForEvent('returned-home', before)
    expect(mnEvents('returned-home').at(-1)).toMatchObject({ deregistered: true })
    await waitUntil(
      async () => (await consoleOf(net.ns.router, '7777', 'bc')).includes('binding cache is empty'),
      5_000,
      'the binding to go',
    )
    expect(await inMobile(['ip', '-6', 'addr', 'show', 'dev', 'wlan0'])).toContain(
      `${LAB_ADDRESSES.homeAddress}/64`,
    )
    expect(await inMobile(['ip', '-6', 'addr', 'show', 'dev', 'mip6mn0'])).not.toContain('beef')
  }, 30_000)

  it('on SIGTERM away from home takes its addresses, routes, veth pair and nftables table away, and gives router discovery back', async () => {
    const before = mnEvents('registered').length
    await net.move('visited')
    await waitForEvent('registered', before)
    // SIGTERM to its process group; SIGKILL only after the grace period.
    await net.lab.stop(mn)
    expect(mnLog.some((l) => l.msg === 'stopping on SIGTERM')).toBe(true)
    await waitUntil(
      async () => !(await inMobile(['ip', 'link'])).includes('mip6mn'),
      5_000,
      'the veth pair to go',
    )
    const addresses = await inMobile(['ip', '-6', 'addr'])
    expect(addresses).not.toContain('2001:db8::beef')
    expect(addresses).not.toContain(COA)
    const routes = await inMobile(['ip', '-6', 'route'])
    expect(routes).not.toContain('default')
    expect(routes).not.toContain('2001:db8')
    expect(await inMobile(['nft', 'list', 'tables', 'ip6'])).not.toContain('mip6_mn')
    expect((await inMobile(['sysctl', '-n', 'net.ipv6.conf.all.forwarding'])).trim()).toBe('0')
    expect((await inMobile(['sysctl', '-n', 'net.ipv6.conf.wlan0.accept_ra'])).trim()).toBe(ACCEPT_RA_BEFORE)
  }, 30_000)
})
