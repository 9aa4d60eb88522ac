// One libpcap handle (the `cap` addon) in a process of its own, spoken to over stdio.
//
// Why a separate process: cap asserts `status == 0` in its poll callback, and the kernel
// flags a packet socket with ENETDOWN (POLLERR) when its interface goes down or is deleted,
// so libuv hands cap an error status and the assert aborts the whole process. Here that
// abort ends only this helper; LinkSocket sees the exit and reopens when the link is back.
// Plain JavaScript so plain `node` starts it in ~0.1 s, with no TypeScript loader.
//
// argv[2]: JSON {ifname, filter, bufferSize, dropOwn}. Records both ways are a 4-byte
// big-endian length, then the body. stdin bodies are frames to inject. stdout bodies start
// with a kind:
//   1 ready   u32 ifindex, u8 MAC length, MAC (the one dropOwn filtered), utf8 link type
//   2 frame   u8 flags (bit 0: truncated), u64 receive time (CLOCK_MONOTONIC ns), frame
//   3 error   utf8 message of a failed injection (the helper keeps running)
//   4 fatal   utf8 message of a failed open (the helper exits 2)
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const { Cap } = createRequire(import.meta.url)('cap')

// Ctrl-C in a terminal and systemd's KillMode=control-group signal the whole process group.
// The router answers a stop with final RAs that go out through this helper, so the helper
// ignores the signal and leaves when the router closes its stdin.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => {})

const KIND_READY = 1
const KIND_FRAME = 2
const KIND_ERROR = 3
const KIND_FATAL = 4
const LENGTH_BYTES = 4
const FRAME_HEAD_BYTES = 1 + 1 + 8
// Frames the parent has not read yet, beyond which new ones are dropped here: under a flood
// the parent would otherwise work through an ever older backlog, every frame too late.
const MAX_UNREAD_BYTES = 4 * 1024 * 1024

const { ifname, filter, bufferSize, dropOwn } = JSON.parse(process.argv[2] ?? '{}')
const out = process.stdout

function record(kind, body) {
  const rec = Buffer.allocUnsafe(LENGTH_BYTES + 1 + body.length)
  rec.writeUInt32BE(1 + body.length, 0)
  rec[LENGTH_BYTES] = kind
  rec.set(body, LENGTH_BYTES + 1)
  return rec
}

// cap exposes neither; sysfs is this process's namespace (ip netns exec remounts it).
function sysfs(name, attribute) {
  try {
    return readFileSync(`/sys/class/net/${name}/${attribute}`, 'utf8').trim()
  } catch {
    return ''
  }
}
const ifindexOf = (name) => Number(sysfs(name, 'ifindex'))
const ETHERNET_ARPHRD = '1'

// Frames this host sends (the kernel's, this handle's, other sockets') carry the interface's
// MAC as source; dropping them in the kernel gives pcap's PCAP_D_IN, which cap cannot set.
// Not `inbound`: libpcap runs the new filter in userland on the first ring slot after
// setfilter, where the PACKET_OUTGOING test always fails, and the first frame is lost.
const mac = dropOwn && sysfs(ifname, 'type') === ETHERNET_ARPHRD ? sysfs(ifname, 'address') : ''
const kernelFilter = !mac ? filter : filter ? `not ether src ${mac} and (${filter})` : `not ether src ${mac}`

const cap = new Cap()
// cap copies each packet into this one buffer and emits only its length: copy before use.
const rxBuffer = Buffer.alloc(65535)
let linkType
const ifindexBefore = ifindexOf(ifname)
try {
  linkType = cap.open(ifname, kernelFilter, bufferSize, rxBuffer)
} catch (e) {
  out.write(record(KIND_FATAL, Buffer.from(String(e?.message ?? e))), () => process.exit(2))
}

if (linkType !== undefined) {
  const ifindex = ifindexOf(ifname)
  if (ifindex === 0 || ifindex !== ifindexBefore) {
    // The name moved to another interface while opening: let the parent try again.
    out.write(record(KIND_FATAL, Buffer.from(`${ifname} changed while opening`)), () => process.exit(2))
  } else {
    const macBytes = mac ? Buffer.from(mac.split(':').map((h) => Number.parseInt(h, 16))) : Buffer.alloc(0)
    const ready = Buffer.alloc(4 + 1 + macBytes.length + Buffer.byteLength(linkType))
    ready.writeUInt32BE(ifindex, 0)
    ready[4] = macBytes.length
    macBytes.copy(ready, 5)
    ready.write(linkType, 5 + macBytes.length)
    out.write(record(KIND_READY, ready))
    serve()
  }
}

function serve() {
  let corked = false
  cap.on('packet', (length, truncated) => {
    if (out.writableLength > MAX_UNREAD_BYTES) return
    const rec = Buffer.allocUnsafe(LENGTH_BYTES + FRAME_HEAD_BYTES + length)
    rec.writeUInt32BE(FRAME_HEAD_BYTES + length, 0)
    rec[LENGTH_BYTES] = KIND_FRAME
    rec[LENGTH_BYTES + 1] = truncated ? 1 : 0
    rec.writeBigUInt64BE(process.hrtime.bigint(), LENGTH_BYTES + 2)
    rxBuffer.copy(rec, LENGTH_BYTES + FRAME_HEAD_BYTES, 0, length)
    // cap drains a burst in one poll callback: one pipe write per burst, not per frame.
    if (!corked) {
      corked = true
      out.cork()
      setImmediate(() => {
        corked = false
        out.uncork()
      })
    }
    out.write(rec)
  })

  let pending = Buffer.alloc(0)
  process.stdin.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let at = 0
    while (pending.length - at >= LENGTH_BYTES) {
      const length = pending.readUInt32BE(at)
      if (pending.length - at - LENGTH_BYTES < length) break
      const frame = pending.subarray(at + LENGTH_BYTES, at + LENGTH_BYTES + length)
      at += LENGTH_BYTES + length
      try {
        cap.send(frame, frame.length)
      } catch (e) {
        out.write(record(KIND_ERROR, Buffer.from(String(e?.message ?? e))))
      }
    }
    pending = pending.subarray(at)
  })
  // The parent is gone or closed us: release the handle and leave.
  process.stdin.on('end', () => {
    cap.close()
    process.exit(0)
  })
}
