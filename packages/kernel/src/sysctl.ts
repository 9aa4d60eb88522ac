// Kernel parameters under /proc/sys. Keys are path segments, not a dotted string: an
// interface name may hold a dot (a VLAN, eth0.100), which `sysctl`'s dotted form cannot say.
import { readFile, writeFile } from 'node:fs/promises'

export type SysctlKey = readonly string[]

export interface Sysctls {
  read(key: SysctlKey): Promise<string>
  write(key: SysctlKey, value: string): Promise<void>
}

export const sysctlPath = (key: SysctlKey): string => `/proc/sys/${key.join('/')}`

export const procSysctls: Sysctls = {
  read: async (key) => (await readFile(sysctlPath(key), 'utf8')).trim(),
  write: (key, value) => writeFile(sysctlPath(key), `${value}\n`),
}

/** Sets each key, remembering its value before; the returned function puts them back, last first. */
export async function setSysctls(
  sysctls: Sysctls,
  values: ReadonlyArray<readonly [SysctlKey, string]>,
): Promise<() => Promise<void>> {
  const before: Array<readonly [SysctlKey, string]> = []
  const restore = async () => {
    const errors: string[] = []
    for (const [key, value] of before.reverse()) {
      await sysctls.write(key, value).catch((e: Error) => errors.push(`${sysctlPath(key)}: ${e.message}`))
    }
    before.length = 0
    if (errors.length) throw new Error(`cannot restore ${errors.join('; ')}`)
  }
  try {
    for (const [key, value] of values) {
      const old = await sysctls.read(key)
      await sysctls.write(key, value)
      before.push([key, old])
    }
  } catch (e) {
    await restore().catch(() => {})
    throw e
  }
  return restore
}
