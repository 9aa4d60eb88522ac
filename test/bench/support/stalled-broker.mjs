// A broker that accepts the router's connection, says CONNACK, and then never reads again:
// the worst peer for a publisher, as its socket fills and stays full. argv[2]: the port on
// 127.0.0.1. Answers in the protocol the CONNECT asked for (MQTT 5 §3.2 or 3.1.1 §3.2).
import { createServer } from 'node:net'

const CONNACK_V5 = Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00])
const CONNACK_V4 = Buffer.from([0x20, 0x02, 0x00, 0x00])
const PROTOCOL_NAME = Buffer.from('\x00\x04MQTT', 'latin1')

const server = createServer((socket) => {
  socket.once('data', (connect) => {
    const at = connect.indexOf(PROTOCOL_NAME)
    const level = at < 0 ? 4 : connect[at + PROTOCOL_NAME.length]
    socket.write(level === 5 ? CONNACK_V5 : CONNACK_V4)
    socket.pause()
  })
  socket.on('error', () => {})
})
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('listening\n'))
