// Diagnostics (what `mip6-router check` prints) and the source map that ties schema paths
// such as "interfaces[0].ra.minRtrAdvIntervalS" to FILE:LINE:COL in whichever file set them.

export type Severity = 'error' | 'warning'

/** Which file format a location is in; decides how a setting is spelled in messages. */
export type Dialect = 'radvd' | 'mip6d' | 'yaml'

export interface SourceLocation {
  file: string
  /** 1-based; 0 when unknown. */
  line: number
  /** 1-based column. */
  col: number
  dialect: Dialect
  /** The setting as the user wrote it (`MinRtrAdvInterval`, `minRtrAdvInterval`). */
  name?: string
}

/** Schema path -> where it was set. Paths: `interfaces[0]`, `interfaces[0].ra.prefixes[1].advValidLifetimeS`. */
export type SourceMap = Map<string, SourceLocation>

export interface Diagnostic {
  severity: Severity
  file: string
  line: number
  col: number
  message: string
  /** The setting as the user wrote it, or as their file format spells it when defaulted. */
  setting?: string
  interface?: string
  value?: string
  /** The allowed values, e.g. `3..7.5` or `0 or 1280..`. */
  allowed?: string
}

/** `FILE:LINE:COL: error: message (setting X, value V, allowed R)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}: ` : d.file ? `${d.file}: ` : ''
  const extras = [
    d.setting !== undefined ? `setting ${d.setting}` : undefined,
    d.value !== undefined ? `value ${d.value}` : undefined,
    d.allowed !== undefined ? `allowed ${d.allowed}` : undefined,
  ].filter((x) => x !== undefined)
  return `${where}${d.severity}: ${d.message}${extras.length ? ` (${extras.join(', ')})` : ''}`
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.line - b.line || a.col - b.col
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** The location of `path`, or of its closest enclosing path that has one. */
export function locate(map: SourceMap | undefined, path: string): SourceLocation | undefined {
  if (!map) return undefined
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const loc = map.get(p)
    if (loc) return loc
  }
  return undefined
}

export function parentPath(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['))
  return cut > 0 ? path.slice(0, cut) : undefined
}

/** Renames `interfaces[from]...` paths to `interfaces[to]...` while copying into `into`. */
export function copyInterfacePaths(
  from: SourceMap,
  fromIndex: number,
  toIndex: number,
  into: SourceMap,
): void {
  const head = `interfaces[${fromIndex}]`
  for (const [path, loc] of from) {
    if (path === head || path.startsWith(`${head}.`) || path.startsWith(`${head}[`)) {
      into.set(`interfaces[${toIndex}]${path.slice(head.length)}`, loc)
    }
  }
}

/** Numbers as people write them: up to 3 decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(3)))
}
