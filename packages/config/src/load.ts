// loadConfig(): decode every source the firmware was given, merge them into one RouterConfig
// with one SourceMap, then validate. Sans-I/O: the caller reads the files.
//
// Merging: each part of the configuration comes from exactly one file.
// - router, console, mqtt: the YAML config.
// - interfaces[].ra: the YAML config or radvd.conf, per interface. An interface that the YAML
//   lists without `ra` takes its RA settings from radvd.conf; one with `ra` in both is an error.
// - nodeConfig and the mip6d settings of homeAgent / mobileNode: the YAML config or mip6d.conf.
//   When mip6d.conf is given, the YAML may add to its home agent only the settings mip6d.conf
//   has no keyword for (maxBindings, dad, bindingRefreshRequest, authentication); any other
//   nodeConfig / homeAgent / mobileNode setting in the YAML is an error that names both files.
import {
  compareDiagnostics,
  copyInterfacePaths,
  type Diagnostic,
  hasErrors,
  type SourceMap,
} from './diagnostic'
import { defaultRouterConfig } from './draft'
import { parseMip6dConf } from './mip6d-conf-parser'
import { NATIVE_HOME_AGENT_FIELDS } from './mobility-options'
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
  /** A mip6d.conf (UMIP 1.0 syntax) for nodeConfig and the home agent or mobile node. */
  mip6dConf?: SourceText
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

  if (sources.mip6dConf) {
    const mip6d = parseMip6dConf(sources.mip6dConf.text, sources.mip6dConf.file)
    diagnostics.push(...mip6d.diagnostics)
    if (hasErrors(mip6d.diagnostics)) readable = false
    diagnostics.push(...mergeMip6d(config, sourceMap, mip6d.config, mip6d.sourceMap, sources.mip6dConf.file))
  }

  // Settings that failed to decode would show up here as defaults; validate once they read.
  if (readable) diagnostics.push(...validate(config, sourceMap))
  diagnostics.sort(compareDiagnostics)
  return { config: readable && !hasErrors(diagnostics) ? config : undefined, diagnostics, sourceMap }
}

const MOBILITY_SECTIONS = ['nodeConfig', 'homeAgent', 'mobileNode'] as const

/** Takes nodeConfig, homeAgent and mobileNode from mip6d.conf into `config`, keeping the YAML's
 *  own home agent settings; returns the conflicts. */
function mergeMip6d(
  config: RouterConfig,
  sourceMap: SourceMap,
  mip6d: RouterConfig,
  mip6dMap: SourceMap,
  file: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  const role = mip6dMap.get('nodeConfig')
  const roleText = role ? ` (NodeConfig at ${role.file}:${role.line}:${role.col})` : ''
  const yamlHomeAgent = config.homeAgent
  const reported = new Set<string>()
  for (const [path, loc] of [...sourceMap]) {
    const [section, field] = path.split(/[.[]/, 2) as [string, string | undefined]
    if (!(MOBILITY_SECTIONS as readonly string[]).includes(section)) continue
    sourceMap.delete(path)
    const own = section === 'homeAgent' && field !== undefined && NATIVE_HOME_AGENT_FIELDS.has(field)
    if (own && mip6d.nodeConfig === 'ha') {
      sourceMap.set(path, loc)
      continue
    }
    if (field === undefined && section !== 'nodeConfig') {
      if (section === 'homeAgent' && mip6d.nodeConfig !== 'ha') {
        diagnostics.push({
          severity: 'warning',
          file: loc.file,
          line: loc.line,
          col: loc.col,
          message: `homeAgent is ignored: ${file} makes this node ${mip6d.nodeConfig.toUpperCase()}${roleText}`,
          setting: 'homeAgent',
        })
      }
      continue
    }
    if (own) continue
    const name = section === 'nodeConfig' ? 'nodeConfig' : `${section}.${loc.name ?? field}`
    if (reported.has(`${section}.${field}`)) continue
    reported.add(`${section}.${field}`)
    diagnostics.push({
      severity: 'error',
      file: loc.file,
      line: loc.line,
      col: loc.col,
      message:
        section === 'nodeConfig'
          ? `nodeConfig is given here and in ${file}${roleText}; keep one`
          : `${name} comes from ${file} when it is given; set it there or remove it here (the YAML adds only ${[...NATIVE_HOME_AGENT_FIELDS].join(', ')} to the home agent of a mip6d.conf)`,
      setting: loc.name ?? field ?? section,
    })
  }
  config.nodeConfig = mip6d.nodeConfig
  delete config.homeAgent
  delete config.mobileNode
  if (mip6d.homeAgent) {
    config.homeAgent = mip6d.homeAgent
    if (yamlHomeAgent) {
      for (const field of NATIVE_HOME_AGENT_FIELDS) {
        if (
          [...sourceMap.keys()].some(
            (p) =>
              p === `homeAgent.${field}` ||
              p.startsWith(`homeAgent.${field}.`) ||
              p.startsWith(`homeAgent.${field}[`),
          )
        ) {
          ;(config.homeAgent as unknown as Record<string, unknown>)[field] = (
            yamlHomeAgent as unknown as Record<string, unknown>
          )[field]
        }
      }
    }
  }
  if (mip6d.mobileNode) config.mobileNode = mip6d.mobileNode
  for (const [path, loc] of mip6dMap) sourceMap.set(path, loc)
  return diagnostics
}
