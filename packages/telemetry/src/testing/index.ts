// Test support for telemetry: mosquitto, certificates, a probe subscriber, a child router.
import { fileURLToPath } from 'node:url'

export { type Certs, findTool, freePort, Mosquitto, type MosquittoOptions, makeCerts } from './mosquitto'
export { Probe, retainedSnapshot, type Seen } from './probe'

/** Run with `node --import tsx CHILD_ROUTER '<json options>'` from the repository root. */
export const CHILD_ROUTER = fileURLToPath(new URL('./child-router.ts', import.meta.url))
