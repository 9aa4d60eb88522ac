// InterfaceWatcher against the kernel: every change is made with iproute2 in a namespace of
// its own (DAD on, as on a real router), and the watcher must report it with the right facts.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InterfaceFacts } from './interface-facts'
import { InterfaceWatcher } from './interface-watcher'
import { runCommand } from './run-command'
import { NetnsLab, requireRoot, waitUntil } from './testing/netns'

const ROOT = requireRoot('netio InterfaceWatcher')
const INDEX = fileURLToPath(new URL('./index.ts', import.meta.url))
const WAIT_MS = 5_000

describe.runIf(ROOT)('InterfaceWatcher', () => {
  const lab = new NetnsLab('watch')
  let ns = ''
  let peer = ''
  let watcher: InterfaceWatcher
  const changes: Array<[InterfaceFacts, InterfaceFacts]> = []

  const facts = (name: string) => watcher.get(name)
  const until = (name: string, ok: (f: InterfaceFacts) => boolean) => watcher.waitFor(name, ok, WAIT_MS)
  const address = (f: InterfaceFacts, text: string) => f.addresses.find((a) => a.address === text)

  beforeAll(async () => {
    ns = await lab.namespace('w')
    peer = await lab.namespace('p')
    watcher = new InterfaceWatcher({ netns: ns })
    watcher.on('changed', (before, after) => changes.push([before, after]))
    await watcher.start()
  })

  afterAll(async () => {
    await watcher?.close()
    await lab.cleanup()
  })

  it('starts with a snapshot that has loopback', () => {
    expect(facts('lo')).toMatchObject({ name: 'lo', adminUp: true, operUp: true, mac: undefined })
    expect(address(facts('lo')!, '::1')).toMatchObject({ prefixLength: 128, scope: 'host', permanent: true })
  })

  it('reports a new interface with its facts', async () => {
    const added: InterfaceFacts[] = []
    watcher.on('added', (f) => added.push(f))
    await lab.veth({ ns, ifname: 'w0', mac: '02:00:00:00:77:01' }, { ns: peer, ifname: 'p0' }, { up: false })
    const w0 = await until('w0', () => true)
    expect(added.map((f) => f.name)).toContain('w0')
    expect(w0).toMatchObject({
      name: 'w0',
      kind: 'veth',
      mac: '02:00:00:00:77:01',
      mtu: 1500,
      adminUp: false,
      carrier: false,
      operUp: false,
      addresses: [],
      linkLocal: undefined,
      linkLocalReady: false,
    })
    expect(w0.ifindex).toBeGreaterThan(1)
  })

  it('reports link up without carrier, then carrier, then the link-local address through DAD', async () => {
    await lab.ip(ns, ['link', 'set', 'w0', 'up'])
    const up = await until('w0', (f) => f.adminUp)
    expect(up).toMatchObject({ carrier: false, operUp: false })
    await lab.ip(peer, ['link', 'set', 'p0', 'up'])
    const tentative = await until('w0', (f) => f.carrier && f.linkLocal !== undefined)
    expect(tentative.operUp).toBe(true)
    // EUI-64 from the MAC (RFC 4291 App. A); tentative until DAD ends about a second later.
    expect(tentative.linkLocal).toMatchObject({
      address: 'fe80::ff:fe00:7701',
      prefixLength: 64,
      scope: 'link',
    })
    const ready = await until('w0', (f) => f.linkLocalReady)
    expect(ready.linkLocal).toMatchObject({ tentative: false, permanent: true })
    expect(changes.some(([b, a]) => b.linkLocal?.tentative === true && a.linkLocalReady)).toBe(true)
  })

  it('reports addresses added (tentative, then usable), deprecated, and removed', async () => {
    await lab.ip(ns, ['addr', 'add', '2001:db8:7::1/64', 'dev', 'w0'])
    const tentative = await until('w0', (f) => address(f, '2001:db8:7::1') !== undefined)
    expect(address(tentative, '2001:db8:7::1')).toMatchObject({
      prefixLength: 64,
      scope: 'global',
      tentative: true,
      dadFailed: false,
      deprecated: false,
      permanent: true,
    })
    await until('w0', (f) => address(f, '2001:db8:7::1')?.tentative === false)
    await lab.ip(ns, [
      'addr',
      'add',
      '2001:db8:8::1/80',
      'dev',
      'w0',
      'nodad',
      'valid_lft',
      '600',
      'preferred_lft',
      '0',
    ])
    const old = await until('w0', (f) => address(f, '2001:db8:8::1') !== undefined)
    expect(address(old, '2001:db8:8::1')).toMatchObject({
      prefixLength: 80,
      deprecated: true,
      permanent: false,
    })
    await lab.ip(ns, ['addr', 'del', '2001:db8:7::1/64', 'dev', 'w0'])
    await lab.ip(ns, ['addr', 'del', '2001:db8:8::1/80', 'dev', 'w0'])
    const gone = await until('w0', (f) => f.addresses.every((a) => a.scope === 'link'))
    expect(gone.addresses.map((a) => a.address)).toEqual(['fe80::ff:fe00:7701'])
  })

  it('reports an address whose DAD failed because the peer holds it', async () => {
    await lab.ip(peer, ['addr', 'add', '2001:db8:9::1/64', 'dev', 'p0', 'nodad'])
    await lab.ip(ns, ['addr', 'add', '2001:db8:9::1/64', 'dev', 'w0'])
    const failed = await until('w0', (f) => address(f, '2001:db8:9::1')?.dadFailed === true)
    expect(address(failed, '2001:db8:9::1')).toMatchObject({ tentative: true, dadFailed: true })
    await lab.ip(ns, ['addr', 'del', '2001:db8:9::1/64', 'dev', 'w0'])
  })

  it('reports an MTU change', async () => {
    const before = facts('w0')!
    await lab.ip(ns, ['link', 'set', 'w0', 'mtu', '1400'])
    const after = await until('w0', (f) => f.mtu === 1400)
    expect(after.ifindex).toBe(before.ifindex)
  })

  it('reports link down (no carrier, not operational) and up again', async () => {
    await lab.ip(ns, ['link', 'set', 'w0', 'down'])
    const down = await until('w0', (f) => !f.adminUp)
    expect(down).toMatchObject({ carrier: false, operUp: false })
    await lab.ip(ns, ['link', 'set', 'w0', 'up'])
    await until('w0', (f) => f.operUp)
  })

  it('reports a rename as a change of the same ifindex', async () => {
    const ifindex = facts('w0')!.ifindex
    const count = changes.length
    await lab.ip(ns, ['link', 'set', 'w0', 'down'])
    await lab.ip(ns, ['link', 'set', 'w0', 'name', 'w0new'])
    const renamed = await until('w0new', () => true)
    expect(renamed.ifindex).toBe(ifindex)
    expect(facts('w0')).toBeUndefined()
    expect(watcher.byIndex(ifindex)?.name).toBe('w0new')
    expect(changes.slice(count).some(([b, a]) => b.name === 'w0' && a.name === 'w0new')).toBe(true)
  })

  it('reports a deleted interface as removed', async () => {
    const removed: InterfaceFacts[] = []
    watcher.on('removed', (f) => removed.push(f))
    await lab.ip(ns, ['link', 'del', 'w0new'])
    await waitUntil(() => removed.length > 0, WAIT_MS, 'removed')
    expect(removed.map((f) => f.name)).toEqual(['w0new'])
    expect(facts('w0new')).toBeUndefined()
  })

  it('works in the namespace the process runs in, as the router does under ip netns exec', async () => {
    const script = `
      import { InterfaceWatcher, LinkSocket } from ${JSON.stringify(INDEX)}
      const watcher = new InterfaceWatcher()
      await watcher.start()
      const socket = new LinkSocket({ ifname: 'q0', watcher })
      try {
        const ifindex = await socket.whenOpen(5000)
        const names = watcher.list().map((f) => f.name).sort()
        console.log(JSON.stringify({ names, open: ifindex === watcher.get('q0').ifindex }))
      } finally {
        await socket.close()
        await watcher.close()
      }`
    await lab.ip(peer, ['link', 'add', 'q0', 'up', 'type', 'veth', 'peer', 'name', 'q1'])
    const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script]
    expect(JSON.parse(await lab.exec(peer, node))).toEqual({ names: ['lo', 'q0', 'q1'], open: true })
  })

  it('ends its ip monitor process on close', async () => {
    const pids = async () =>
      (await runCommand(['ip', 'netns', 'pids', peer])).trim().split('\n').filter(Boolean)
    const before = await pids()
    const w = new InterfaceWatcher({ netns: peer })
    await w.start()
    // `ip -n` enters the namespace, so the monitor is one of its processes.
    expect((await pids()).length).toBe(before.length + 1)
    await w.close()
    expect(await pids()).toEqual(before)
  })
})
