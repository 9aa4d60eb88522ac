// Finds the independent tools the cross-checks run, and decides what a missing one means:
// a printed skip on a developer machine, a failure under CI (where .ci/run installs them all).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const DEBIAN_PYTHON = '/usr/bin/python3'

export interface ToolCheck {
  available: boolean
  reason: string
}

export function hasScapy(): ToolCheck {
  if (!existsSync(DEBIAN_PYTHON)) return { available: false, reason: `${DEBIAN_PYTHON} not found` }
  const r = spawnSync(DEBIAN_PYTHON, ['-c', 'import scapy'], { encoding: 'utf8' })
  return r.status === 0
    ? { available: true, reason: '' }
    : { available: false, reason: 'python3-scapy is not installed (apt-get install python3-scapy)' }
}

export function hasCommand(name: string, debianPackage: string): ToolCheck {
  const r = spawnSync('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name}`], { encoding: 'utf8' })
  return r.status === 0
    ? { available: true, reason: '' }
    : { available: false, reason: `${name} is not installed (apt-get install ${debianPackage})` }
}

/**
 * Returns true when the suite may run. Without the tool it prints why it skips; under CI a
 * missing tool is an install step that .ci/run forgot, so it throws instead.
 */
export function requireTool(check: ToolCheck, suite: string): boolean {
  if (check.available) return true
  if (process.env.CI) throw new Error(`${suite}: ${check.reason}; CI must install it (.ci/run)`)
  console.warn(`SKIP ${suite}: ${check.reason}`)
  return false
}
