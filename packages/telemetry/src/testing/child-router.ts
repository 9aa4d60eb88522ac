// Test support: a process that uses the telemetry client as the router does, so a test can
// SIGKILL it (the broker must publish the will) or SIGTERM it (it must publish `offline`
// itself before it disconnects). argv[2]: JSON TelemetryOptions. Prints `connected` once the
// broker has it and `stopped` after a clean stop.
import { Telemetry, type TelemetryOptions } from '../index'

const options = JSON.parse(process.argv[2] ?? '{}') as TelemetryOptions
const telemetry = new Telemetry({
  ...options,
  logger: { log: (level, _s, message) => process.stderr.write(`${level} ${message}\n`) },
})
const keepAlive = setInterval(() => {}, 60_000)
process.on('SIGTERM', () => {
  void telemetry.stop().then(() => {
    clearInterval(keepAlive)
    process.stdout.write('stopped\n')
    process.exit(0)
  })
})
telemetry.info({ version: 'test', board: 'test', interfaces: [], prefixes: [], dataplane: 'userspace' })
await telemetry.start()
if (await telemetry.whenConnected(10_000)) process.stdout.write('connected\n')
else process.stdout.write(`not connected: ${telemetry.status().lastError}\n`)
