// Network namespaces for system tests (netns-lab.ts), and the rule for suites that need root.
export {
  type NamespaceOptions,
  NetnsLab,
  type NetnsLabOptions,
  sweepStaleNamespaces,
  type VethEnd,
  waitUntil,
} from '../netns-lab'

/**
 * True when the suite may build namespaces. Otherwise prints `SKIP <suite>: ...` and returns
 * false; under CI (which runs as root) a non-root run is a broken setup, so it throws.
 */
export function requireRoot(suite: string): boolean {
  if (process.getuid?.() === 0) return true
  if (process.env.CI) throw new Error(`${suite}: needs root (network namespaces), and CI runs as root`)
  console.warn(`SKIP ${suite}: needs root (network namespaces)`)
  return false
}
