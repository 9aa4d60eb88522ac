// The embedded MQTT broker (aedes, MQTT 3.1.1) in a worker thread of its own, so that its
// work never runs on the event loop that times the Router Advertisements. Plain JavaScript so
// a worker starts it with no TypeScript loader, from the source tree and beside a bundle.
//
// workerData: {host, port}. Messages to the parent: {type: 'listening', port},
// {type: 'error', code, message} (then the worker ends), {type: 'closed'}.
// From the parent: {type: 'close'}.
import { createServer } from 'node:net'
import { parentPort, workerData } from 'node:worker_threads'
import { Aedes } from 'aedes'

const { host, port } = workerData

const broker = await Aedes.createBroker({
  // A subscriber that stops reading is cut off instead of stalling every other client.
  drainTimeout: 10_000,
  connectTimeout: 10_000,
  heartbeatInterval: 3_600_000,
})
const server = createServer(broker.handle)

server.once('error', (e) => {
  parentPort.postMessage({ type: 'error', code: e.code, message: e.message })
  broker.close(() => parentPort.close())
})
server.listen({ host, port, exclusive: true }, () => {
  server.on('error', () => {})
  parentPort.postMessage({ type: 'listening', port: server.address().port })
})

parentPort.on('message', (m) => {
  if (m?.type !== 'close') return
  server.close()
  broker.close(() => {
    parentPort.postMessage({ type: 'closed' })
    parentPort.close()
  })
})
