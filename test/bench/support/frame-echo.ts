// The ceiling's other end, a child process of the bench (forked, driven over IPC): a LinkSocket
// opened as the router's LinkPool opens one (same kernel filter, default ring and queue) on
// the router's visited-link interface, sending every frame from the generator straight back
// with the MAC addresses swapped. No decoding, no engine: only the I/O path.
//
// argv[2]: JSON { netns, ifname }.
import { InterfaceWatcher, LinkSocket } from '@mip6/netio'
import { POOL_FILTER } from '../../../firmware/src/link-pool'
import { type ChildReply, type ChildRequest, MAC } from './bu-traffic'

const { netns, ifname } = JSON.parse(process.argv[2] ?? '{}') as { netns: string; ifname: string }
const OPEN_TIMEOUT_MS = 10_000
const MAC_BYTES = 6

const send = (reply: ChildReply) => process.send!(reply)

async function main(): Promise<void> {
  const watcher = new InterfaceWatcher({ netns })
  await watcher.start()
  const socket = new LinkSocket({
    ifname,
    watcher,
    netns,
    filter: `ether src ${MAC.generator} and ${POOL_FILTER}`,
  })
  socket.on('frame', ({ frame }) => {
    const back = new Uint8Array(frame.length)
    back.set(frame.subarray(MAC_BYTES, 2 * MAC_BYTES), 0)
    back.set(frame.subarray(0, MAC_BYTES), MAC_BYTES)
    back.set(frame.subarray(2 * MAC_BYTES), 2 * MAC_BYTES)
    socket.send(back)
  })
  await socket.whenOpen(OPEN_TIMEOUT_MS)
  process.on('message', (m: ChildRequest) => {
    if (m.op === 'stats') send({ op: 'stats', stats: { ...socket.stats } })
    else if (m.op === 'close')
      void socket
        .close()
        .then(() => watcher.close())
        .then(() => process.exit(0))
  })
  send({ op: 'ready' })
}

process.on('disconnect', () => process.exit(0))
main().catch((e: Error) => {
  send({ op: 'error', message: e.stack ?? String(e) })
  process.exit(1)
})
