// Every check that needs the VM's kernel, run in ONE boot by ../kernel-features.test.ts.
// A later issue adds its checks in a module beside this one and lists them in VM_CHECKS; it
// does not add a test file that boots its own VM (a boot costs ~12 s of TCG).
import type { CheckResult, RunResult, VmCheck } from '../harness'
import { kernelDataPlane } from './kernel-dataplane'
import { KERNEL_FEATURES } from './kernel-features'

export interface SuiteCheck extends VmCheck {
  /** The test's name. */
  title: string
  /** Asserts on the check's result (vitest `expect`); runs only when the script exited 0. */
  verify(result: CheckResult, run: RunResult): void
  /** Host commands the check uses, with their Debian package (the guest sees the host root). */
  tools?: ReadonlyArray<readonly [command: string, debianPackage: string]>
}

export const VM_CHECKS: readonly SuiteCheck[] = [...KERNEL_FEATURES, kernelDataPlane]
