// `mip6-router mn`: a mobile node (RFC 6275 §11) in the foreground until SIGTERM or SIGINT,
// which take away everything it installed. Its configuration is the mobile node's mip6d.conf
// (NodeConfig MN, as seed 002's raven) or the YAML config's mobileNode section.
import { formatDiagnostic, hasErrors, locate, type RouterConfig, type SourceMap } from '@mip6/config'
import { parseFlags, UsageError } from '../cli-args'
import { loadConfigFiles } from '../config-files'
import { MnService } from '../mn/mn-service'
import { roamingInterface } from '../mn/mn-settings'
import { createLogger, isLogLevel } from '../runtime/logger'

export const DEFAULT_MN_CONSOLE_PORT = 7778

export const MN_USAGE = `Usage: mip6-router mn [--config FILE] [--mip6d-conf FILE] [--log-level LEVEL]
                      [--console-port N]

Runs a mobile node in the foreground on the interface the configuration names (mip6d.conf
NodeConfig MN with Interface and MnHomeLink, or the YAML mobileNode section): movement
detection from Router Advertisements, a care-of address, home registration with the home
agent, the tunnel for the home address while away, and returning home.
SIGTERM/SIGINT remove its addresses, routes, tunnel interfaces and nftables table, and exit.
Logs go to stderr, one JSON object per line when stderr is not a terminal; each event of the
mobile node (movement-detected, bu-sent, ba-received, registered, returned-home, ...) is one
line named after it, with monotonicMs.
The console listens on 127.0.0.1 port ${DEFAULT_MN_CONSOLE_PORT} (--console-port N; 0 turns it off):
mip6-router console --port ${DEFAULT_MN_CONSOLE_PORT} bul.`

export async function mn(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    config: { type: 'string' },
    'mip6d-conf': { type: 'string' },
    'log-level': { type: 'string' },
    'console-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    console.log(MN_USAGE)
    return 0
  }
  const levelFlag = values['log-level']
  if (levelFlag !== undefined && !isLogLevel(levelFlag))
    throw new UsageError(`--log-level: unknown level "${levelFlag}"`)
  const portText = values['console-port']
  const port = portText === undefined ? DEFAULT_MN_CONSOLE_PORT : Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--console-port: "${portText}" is not a port number (0..65535)`)
  if (values.config === undefined && values['mip6d-conf'] === undefined)
    throw new UsageError('give --config FILE or --mip6d-conf FILE')

  const loaded = await loadConfigFiles({ config: values.config, mip6dConf: values['mip6d-conf'] })
  for (const d of loaded.diagnostics) console.error(formatDiagnostic(d))
  if (!loaded.config || hasErrors(loaded.diagnostics)) return 1
  const problem = notAMobileNode(loaded.config, loaded.sourceMap, values['mip6d-conf'] ?? values.config!)
  if (problem) {
    console.error(problem)
    return 1
  }
  const config = loaded.config
  const mobile = config.mobileNode!
  const logger = createLogger({ level: levelFlag ?? config.router.logLevel, json: !process.stderr.isTTY })
  const service = new MnService({
    ifname: roamingInterface(mobile)!,
    config: mobile,
    logger,
    consolePort: port,
  })
  try {
    await service.start()
  } catch (e) {
    logger.log('error', 'mn', `cannot start: ${(e as Error).message}`)
    await service.stop()
    return 1
  }
  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.log('info', 'mn', `stopping on ${signal}`)
      await service.stop()
      resolve(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
  })
}

/** FILE:LINE:COL: error: ... when the configuration is no mobile node's. */
function notAMobileNode(config: RouterConfig, map: SourceMap, file: string): string | undefined {
  const at = (path: string) => locate(map, path) ?? { file, line: 1, col: 1 }
  const error = (path: string, message: string) =>
    formatDiagnostic({ severity: 'error', ...at(path), message })
  if (config.nodeConfig !== 'mn' || !config.mobileNode)
    return error(
      'nodeConfig',
      `this configuration is for a ${config.nodeConfig === 'ha' ? 'home agent' : 'correspondent node'}: mip6-router mn needs NodeConfig MN (mip6d.conf) or nodeConfig: mn (YAML)`,
    )
  if (config.mobileNode.homeLinks.length === 0)
    return error(
      'mobileNode',
      'no home link: add MnHomeLink "IFNAME" { HomeAddress ADDRESS/LEN; ... } (YAML: mnHomeLink)',
    )
  if (config.mobileNode.homeLinks.length > 1)
    return error(
      'mobileNode.homeLinks[1]',
      'mip6-router mn takes one home link (one home address); the first one is used',
    )
  return undefined
}
