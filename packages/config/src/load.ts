// loadConfig(): decode every source the firmware was given, merge them into one RouterConfig
// with one SourceMap, then validate. Sans-I/O: the caller reads the files.
//
// Merging: the YAML config gives the router settings and any interfaces; each imported file
// (radvd.conf now, mip6d.conf later) contributes the sections it knows. An interface's RA
// settings come from exactly one file: an interface that the YAML lists without `ra` takes
// them from radvd.conf; one with `ra` in both is an error.
import {
  compareDiagnostics,
  copyInterfacePaths,
  type Diagnostic,
  hasErrors,
  type SourceMap,
} from './diagnostic'
import { defaultRouterConfig } from './draft'
import { parseRadvdConf } from './radvd-conf-parser'
import type { RouterConfig } from './schema'
import { validate } from './validate'
import { decodeYamlConfig } from './yaml-config'

export interface SourceText {
  /** The name diagnostics use, e.g. the path as given on the command line. */
  file: string
  text: string
}

export interface ConfigSources {
  /** The native YAML config. */
  config?: SourceText
  /** A radvd.conf (radvd 2.19 syntax) for the RA settings. */
  radvdConf?: SourceText
}

export interface LoadResult {
  /** Undefined when any diagnostic is an error. */
  config: RouterConfig | undefined
  /** Errors and warnings of every source, in file and line order. */
  diagnostics: Diagnostic[]
  sourceMap: SourceMap
}

export function loadConfig(sources: ConfigSources): LoadResult {
  const diagnostics: Diagnostic[] = []
  let config = defaultRouterConfig()
  let sourceMap: SourceMap = new Map()
  /** Every source decoded without errors. */
  let readable = true

  if (sources.config) {
    const yaml = decodeYamlConfig(sources.config.text, sources.config.file)
    diagnostics.push(...yaml.diagnostics)
    if (yaml.config) {
      config = yaml.config
      sourceMap = yaml.sourceMap
    }
    if (!yaml.config || hasErrors(yaml.diagnostics)) readable = false
  }

  if (sources.radvdConf) {
    const radvd = parseRadvdConf(sources.radvdConf.text, sources.radvdConf.file)
    diagnostics.push(...radvd.diagnostics)
    if (hasErrors(radvd.diagnostics)) readable = false
    const fromYaml = config.interfaces.length
    radvd.config.interfaces.forEach((iface, i) => {
      let at = config.interfaces.slice(0, fromYaml).findIndex((x) => x.name === iface.name)
      if (at >= 0 && sourceMap.has(`interfaces[${at}].ra`)) {
        const mine = radvd.sourceMap.get(`interfaces[${i}]`)
        const theirs = sourceMap.get(`interfaces[${at}].ra`)!
        diagnostics.push({
          severity: 'error',
          file: mine?.file ?? sources.radvdConf!.file,
          line: mine?.line ?? 0,
          col: mine?.col ?? 0,
          message: `interface ${iface.name} has RA settings here and in ${theirs.file}:${theirs.line}:${theirs.col}; keep one`,
          interface: iface.name,
        })
        return
      }
      if (at < 0) {
        at = config.interfaces.length
        config.interfaces.push(iface)
      } else config.interfaces[at] = { ...config.interfaces[at]!, ra: iface.ra }
      copyInterfacePaths(radvd.sourceMap, i, at, sourceMap)
    })
  }

  // Settings that failed to decode would show up here as defaults; validate once they read.
  if (readable) diagnostics.push(...validate(config, sourceMap))
  diagnostics.sort(compareDiagnostics)
  return { config: readable && !hasErrors(diagnostics) ? config : undefined, diagnostics, sourceMap }
}
