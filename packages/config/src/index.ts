// @mip6/config: the native configuration schema, its YAML file format, radvd.conf and
// mip6d.conf import, defaults and validation. Sans-I/O: callers pass file names and texts in.
export * from './defaults'
export {
  type Diagnostic,
  type Dialect,
  formatDiagnostic,
  hasErrors,
  locate,
  type Severity,
  type SourceLocation,
  type SourceMap,
} from './diagnostic'
export {
  defaultHomeAgentConfig,
  defaultMobileNodeConfig,
  defaultRaConfig,
  defaultRouterConfig,
} from './draft'
export { type ConfigSources, type LoadResult, loadConfig, type SourceText } from './load'
export { type Mip6dParseResult, parseMip6dConf } from './mip6d-conf-parser'
export { type Mip6dToken, type Mip6dTokenKind, tokenizeMip6dConf } from './mip6d-conf-tokenizer'
export { MOBILITY_OPTIONS, type MobilityOption } from './mobility-options'
export { INTERFACE_OPTIONS, type OptionSpec, PREFIX_OPTIONS } from './options'
export { parseRadvdConf, type RadvdParseResult } from './radvd-conf-parser'
export { type RadvdToken, type RadvdTokenKind, tokenizeRadvdConf } from './radvd-conf-tokenizer'
export * from './schema'
export { closest, editDistance } from './suggest'
export { usesMobileIpv6, validate } from './validate'
export { decodeYamlConfig, type YamlDecodeResult } from './yaml-config'
