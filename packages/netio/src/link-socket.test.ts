// LinkSocket against a real peer: two namespaces A and B joined by a veth pair, B's kernel
// answering echo requests that A's LinkSocket injects.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { InterfaceWatcher } from './interface-watcher'
import { LinkSocket, type ReceivedFrame } from './link-socket'
import { monotonicNowMs } from './monotonic'
import { echoRequestFrame, icmpv6Of } from './testing/frames'
import { NetnsLab, requireRoot, waitUntil } from './testing/netns'

const ROOT = requireRoot('netio LinkSocket')

const A_MAC = '02:00:00:00:0a:01'
const B_MAC = '02:00:00:00:0b:01'
const A_IP = '2001:db8:1::a'
const B_IP = '2001:db8:1::b'
const ECHO_REPLY = 129
const OPEN_MS = 5_000

describe.runIf(ROOT)('LinkSocket', () => {
  const lab = new NetnsLab('link')
  let nsA = ''
  let nsB = ''
  let watcher: InterfaceWatcher
  let watcherB: InterfaceWatcher
  const sockets: LinkSocket[] = []
  let nextId = 0x4d00

  /** Creates a0 (in A) <-> b0 (in B) with fixed MACs and addresses, usable at once. */
  async function link(aIf = 'a0', bIf = 'b0'): Promise<void> {
    await lab.veth({ ns: nsA, ifname: aIf, mac: A_MAC }, { ns: nsB, ifname: bIf, mac: B_MAC })
    await lab.addAddress(nsA, aIf, `${A_IP}/64`, { nodad: true })
    await lab.addAddress(nsB, bIf, `${B_IP}/64`, { nodad: true })
  }

  /** Link down flushes A's global address (keep_addr_on_down=0); B needs it for the reply. */
  async function restoreAddress(ifname: string): Promise<void> {
    await lab.ip(nsA, ['addr', 'replace', `${A_IP}/64`, 'dev', ifname, 'nodad'])
  }

  function open(
    ifname: string,
    extra: Partial<ConstructorParameters<typeof LinkSocket>[0]> = {},
  ): LinkSocket {
    const s = new LinkSocket({ ifname, watcher, netns: nsA, filter: 'icmp6', ...extra })
    sockets.push(s)
    return s
  }

  function collect(s: LinkSocket): ReceivedFrame[] {
    const frames: ReceivedFrame[] = []
    s.on('frame', (f) => frames.push(f))
    return frames
  }

  /** Injects an echo request to B and resolves with B's reply as LinkSocket received it. */
  async function ping(s: LinkSocket, frames: ReceivedFrame[]): Promise<ReceivedFrame> {
    const identifier = nextId++
    const frame = echoRequestFrame({
      srcMac: A_MAC,
      dstMac: B_MAC,
      src: A_IP,
      dst: B_IP,
      identifier,
      sequence: 1,
    })
    expect(s.send(frame)).toBe(true)
    let reply: ReceivedFrame | undefined
    await waitUntil(
      () => {
        reply = frames.find(
          (f) => icmpv6Of(f.frame)?.type === ECHO_REPLY && icmpv6Of(f.frame)?.identifier === identifier,
        )
        return reply !== undefined
      },
      3_000,
      `echo reply ${identifier}`,
    )
    return reply!
  }

  beforeAll(async () => {
    nsA = await lab.namespace('a', { dad: false })
    nsB = await lab.namespace('b', { dad: false })
    await link()
    watcher = new InterfaceWatcher({ netns: nsA })
    watcherB = new InterfaceWatcher({ netns: nsB })
    await Promise.all([watcher.start(), watcherB.start()])
  })

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()))
  })

  afterAll(async () => {
    await Promise.all([watcher?.close(), watcherB?.close()])
    await lab.cleanup()
  })

  it('receives the echo reply that the peer kernel sends to an injected echo request', async () => {
    const s = open('a0')
    const frames = collect(s)
    await s.whenOpen(OPEN_MS)
    const before = monotonicNowMs()
    const reply = await ping(s, frames)
    const summary = icmpv6Of(reply.frame)!
    expect(summary.srcMac).toBe(B_MAC)
    expect(summary.src).toBe('2001:db8:1:0:0:0:0:b')
    expect(reply.ifindex).toBe(watcher.get('a0')!.ifindex)
    expect(reply.truncated).toBe(false)
    expect(reply.receivedAtMs).toBeGreaterThanOrEqual(before)
    expect(reply.receivedAtMs).toBeLessThanOrEqual(monotonicNowMs())
    expect(s.stats).toMatchObject({ sent: 1, errors: 0, opens: 1 })
    expect(s.stats.received).toBeGreaterThanOrEqual(1)
  })

  it('delivers only what the BPF filter passes', async () => {
    const s = open('a0', { filter: 'icmp6 and ip6[40] == 129' })
    const frames = collect(s)
    await s.whenOpen(OPEN_MS)
    await ping(s, frames)
    // B's neighbor solicitation for A (type 135) went by too, but the filter kept it out.
    expect(frames.map((f) => icmpv6Of(f.frame)?.type)).toEqual(frames.map(() => ECHO_REPLY))
  })

  it('does not deliver frames this host sends, which a socket with includeOutgoing sees', async () => {
    const s = open('a0')
    const observer = open('a0', { includeOutgoing: true })
    const mine = collect(s)
    const seen = collect(observer)
    await Promise.all([s.whenOpen(OPEN_MS), observer.whenOpen(OPEN_MS)])
    // B has to ask for A's MAC again, so A's kernel sends a neighbor advertisement.
    await lab.ip(nsB, ['neigh', 'flush', 'dev', 'b0'])
    const request = await ping(s, mine).then(() => nextId - 1)
    await waitUntil(() => seen.some((f) => icmpv6Of(f.frame)?.identifier === request), 3_000, 'observer')
    const echoRequests = (fs: ReceivedFrame[]) => fs.filter((f) => icmpv6Of(f.frame)?.type === 128)
    expect(echoRequests(mine)).toEqual([])
    expect(echoRequests(seen).length).toBe(1)
    // A's kernel answered B's neighbor solicitation: outgoing too, so only the observer has it.
    await waitUntil(() => seen.some((f) => icmpv6Of(f.frame)?.type === 136), 3_000, 'neighbor advert')
    expect(mine.filter((f) => icmpv6Of(f.frame)?.srcMac === A_MAC)).toEqual([])
  })

  it('drops sends while the interface is down and reopens when it comes back up', async () => {
    const s = open('a0')
    const frames = collect(s)
    await s.whenOpen(OPEN_MS)
    await lab.ip(nsA, ['link', 'set', 'a0', 'down'])
    await waitUntil(() => s.state.state === 'waiting', 3_000, 'waiting')
    expect(s.send(new Uint8Array(60))).toBe(false)
    expect(s.stats.dropped).toBe(1)
    const upAt = Date.now()
    await lab.ip(nsA, ['link', 'set', 'a0', 'up'])
    await s.whenOpen(OPEN_MS)
    console.log(`reopen after link up: ${Date.now() - upAt} ms`)
    await restoreAddress('a0')
    await ping(s, frames)
    expect(s.stats.opens).toBe(2)
  })

  it('reopens on an interface deleted and recreated, with the new ifindex', async () => {
    const s = open('a0')
    const frames = collect(s)
    const oldIndex = await s.whenOpen(OPEN_MS)
    await lab.ip(nsA, ['link', 'del', 'a0'])
    await waitUntil(() => s.state.state === 'waiting', 3_000, 'waiting')
    const createdAt = Date.now()
    await link()
    const newIndex = await s.whenOpen(OPEN_MS)
    console.log(`reopen after recreate: ${Date.now() - createdAt} ms`)
    expect(newIndex).not.toBe(oldIndex)
    expect(newIndex).toBe(watcher.get('a0')!.ifindex)
    expect((await ping(s, frames)).ifindex).toBe(newIndex)
  })

  it('lets go of an interface renamed away and takes it back under its name', async () => {
    const s = open('a0')
    const frames = collect(s)
    await s.whenOpen(OPEN_MS)
    await lab.ip(nsA, ['link', 'set', 'a0', 'down'])
    await lab.ip(nsA, ['link', 'set', 'a0', 'name', 'a0x', 'up'])
    await waitUntil(() => s.state.state === 'waiting', 3_000, 'waiting')
    await lab.ip(nsA, ['link', 'set', 'a0x', 'down'])
    await lab.ip(nsA, ['link', 'set', 'a0x', 'name', 'a0', 'up'])
    await s.whenOpen(OPEN_MS)
    await restoreAddress('a0')
    await ping(s, frames)
  })

  it('waits for an interface that is absent at start and opens it when it appears', async () => {
    const s = open('a9')
    const frames = collect(s)
    expect(s.state).toEqual({ state: 'waiting', reason: 'a9 is absent' })
    await lab.ip(nsA, ['link', 'del', 'a0'])
    await link('a9', 'b9')
    await s.whenOpen(OPEN_MS)
    await ping(s, frames)
    await lab.ip(nsA, ['link', 'del', 'a9'])
    await link()
  })

  it('carries 2000 frames in bursts of 50 from A to B without loss', async () => {
    const count = 2000
    const burst = 50
    const identifier = nextId++
    const tx = open('a0', { filter: 'ip6[40] == 255' })
    const rx = new LinkSocket({
      ifname: 'b0',
      watcher: watcherB,
      netns: nsB,
      filter: `icmp6 and ip6[44:2] == ${identifier}`,
    })
    sockets.push(rx)
    let received = 0
    rx.on('frame', () => {
      received++
    })
    await Promise.all([tx.whenOpen(OPEN_MS), rx.whenOpen(OPEN_MS)])
    const frames = Array.from({ length: count }, (_, sequence) =>
      echoRequestFrame({ srcMac: A_MAC, dstMac: B_MAC, src: A_IP, dst: B_IP, identifier, sequence }),
    )
    // A burst of 50 fits the default ring (64 slots); the next one waits for the receiver, so
    // the test holds however loaded the machine is (rates are the bench's business).
    for (let i = 0; i < count; i += burst) {
      for (const f of frames.slice(i, i + burst)) expect(tx.send(f)).toBe(true)
      await waitUntil(() => received >= i + burst, 10_000, `${i + burst} frames at B (have ${received})`)
    }
    expect(received).toBe(count)
    expect(tx.stats).toMatchObject({ sent: count, errors: 0, dropped: 0 })
  })
})
