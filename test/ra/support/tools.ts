// The independent tools the RA system tests check our router with, found by absolute path
// (radvd and radvdump live in /usr/sbin, which a non-login PATH may lack), and the gate that
// turns a missing one into a printed skip, or a failure under CI.
import { execFile, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { requireRoot } from '@mip6/netio/testing'
import { requireTool, type ToolCheck } from '../../../packages/wire/src/testing/tools'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
export const BIN = join(ROOT, 'bin', 'mip6-router.mjs')
/** The esbuild bundle, as a board runs it (`npm run build` makes it). */
export const BUNDLE = join(ROOT, 'image', 'dist', 'mip6-router.mjs')
export const FIXTURES = join(ROOT, 'packages', 'config', 'fixtures')

/** The tools, with the Debian package that ships each. */
const PACKAGES = {
  radvd: 'radvd',
  radvdump: 'radvdump',
  rdisc6: 'ndisc6',
  tshark: 'tshark',
  dumpcap: 'wireshark-common',
  stdbuf: 'coreutils',
} as const

export type Tool = keyof typeof PACKAGES

const found = new Map<Tool, string | undefined>()

/** Absolute path of a tool, or undefined when it is not installed. */
export function toolPath(tool: Tool): string | undefined {
  if (!found.has(tool)) {
    const r = spawnSync(
      'sh',
      ['-c', `command -v ${tool} || { test -x /usr/sbin/${tool} && echo /usr/sbin/${tool}; }`],
      {
        encoding: 'utf8',
      },
    )
    found.set(tool, r.status === 0 ? r.stdout.trim() || undefined : undefined)
  }
  return found.get(tool)
}

/** The path of a tool that requireRaTools() already checked. */
export function tool(name: Tool): string {
  const path = toolPath(name)
  if (!path) throw new Error(`${name} is not installed (apt-get install ${PACKAGES[name]})`)
  return path
}

function check(name: Tool): ToolCheck {
  return toolPath(name)
    ? { available: true, reason: '' }
    : { available: false, reason: `${name} is not installed (apt-get install ${PACKAGES[name]})` }
}

/** Root and every named tool, else `SKIP <suite>: <reason>` (a failure under CI=true). */
export function requireRaTools(suite: string, tools: readonly Tool[]): boolean {
  if (!requireRoot(suite)) return false
  return tools.every((t) => requireTool(check(t), suite))
}

export interface Completed {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to completion, resolving with its exit status whatever it is. */
export function runToCompletion(argv: readonly string[], timeoutMs = 30_000): Promise<Completed> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ code, stdout, stderr })
    })
  })
}
