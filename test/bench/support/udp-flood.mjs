// A UDP sender: SIZE-octet datagrams to DST:PORT for SECONDS, at RATE a second (0: as fast as
// one Node thread goes), with a bounded number in flight so that the socket's buffer, not our
// memory, sets the pace. Prints {"sent": N, "seconds": S} when done. Plain JavaScript, started
// with `node` alone.
import { createSocket } from 'node:dgram'

const [dst, port, seconds, size, rate] = process.argv.slice(2)
const IN_FLIGHT = 256
const TICK_MS = 1
const payload = Buffer.alloc(Number(size), 0x5a)
const perSecond = Number(rate ?? 0)
const socket = createSocket({ type: 'udp6', sendBufferSize: 4 * 1024 * 1024 })
let started = 0
let end = 0
let sent = 0
let queued = 0
let pending = 0

/** How many the schedule allows by now: all of them when unpaced. */
function due() {
  return perSecond === 0 ? Number.POSITIVE_INFINITY : ((performance.now() - started) * perSecond) / 1000
}

function pump() {
  while (pending < IN_FLIGHT && queued < due() && performance.now() < end) {
    pending++
    queued++
    socket.send(payload, () => {
      pending--
      sent++
      if (performance.now() >= end && pending === 0) done()
      else if (perSecond === 0) pump()
    })
  }
}

function done() {
  clearInterval(ticker)
  console.log(JSON.stringify({ sent, seconds: (performance.now() - started) / 1000 }))
  socket.close()
}

// A connected socket hears the ICMP errors of its peer (port unreachable): they change nothing.
socket.on('error', () => {})

let ticker
socket.connect(Number(port), dst, () => {
  started = performance.now()
  end = started + Number(seconds) * 1000
  ticker = setInterval(() => {
    if (performance.now() >= end) {
      if (pending === 0) done()
      return
    }
    pump()
  }, TICK_MS)
  pump()
})
