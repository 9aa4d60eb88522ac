// The kernel features the development and CI kernel lacks, proven where they exist: in ONE
// qemu boot of Debian's own kernel (or on the host when it runs one). Every check of
// ./checks/index.ts runs in that boot; each test here asserts one check's result.
import { requireRoot } from '@mip6/netio/testing'
import { hasCommand, requireTool, type ToolCheck } from '@mip6/wire/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { VM_CHECKS } from './checks/index'
import { chooseBackend, type RunResult, runChecks } from './harness'

const SUITE = 'VM kernel features'
/**
 * Measured ~32 s (boot ~8 s, checks ~24 s, of which the kernel data plane ~9 s); the limit
 * allows a loaded CI machine.
 */
const HARD_TIMEOUT_MS = 180_000

function prerequisites(): ToolCheck[] {
  const backend = chooseBackend()
  const tools = new Map<string, string>([['timeout', 'coreutils']])
  for (const check of VM_CHECKS) for (const [command, pkg] of check.tools ?? []) tools.set(command, pkg)
  return [
    ...(backend.kind === 'none' ? backend.missing : []),
    ...[...tools].map(([command, pkg]) => hasCommand(command, pkg)),
  ]
}

const OK = requireRoot(SUITE) && prerequisites().every((check) => requireTool(check, SUITE))

describe.runIf(OK)("kernel features on Debian's kernel", () => {
  let run: RunResult

  beforeAll(async () => {
    run = await runChecks(VM_CHECKS, { hardTimeoutMs: HARD_TIMEOUT_MS })
    const each = [...run.results.values()].map((r) => `${r.name} ${r.ms ?? '?'} ms`).join(', ')
    const boot = run.bootMs === null ? '' : `, boot ${run.bootMs} ms`
    console.info(`${SUITE}: ran on the ${run.path} (${run.reason}); wall ${run.wallMs} ms${boot}; ${each}`)
  }, HARD_TIMEOUT_MS + 30_000)

  it('runs every check to its end and powers the guest off', () => {
    expect(run.timedOut, `the hard timeout killed the run; console:\n${run.console}`).toBe(false)
    if (run.path === 'vm') expect(run.exitCode, `qemu's exit status; console:\n${run.console}`).toBe(0)
  })

  for (const check of VM_CHECKS) {
    it(check.title, () => {
      const r = run.results.get(check.name)!
      const console = r.code === null ? `\n--- guest console\n${run.console}` : ''
      expect(
        r.code,
        `${check.name}: exit status\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}${console}`,
      ).toBe(0)
      check.verify(r, run)
    })
  }
})
