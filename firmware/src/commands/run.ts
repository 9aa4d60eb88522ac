// `mip6-router run`: the router in the foreground until SIGTERM or SIGINT, which send the
// final RAs first. SIGHUP re-reads the configuration: a bad one is reported and the running
// one kept; a good one is applied for what changed only.
import { formatDiagnostic, hasErrors, type RouterConfig } from '@mip6/config'
import { InterfaceWatcher } from '@mip6/netio'
import { CONFIG_FLAGS, parseFlags, UsageError } from '../cli-args'
import { type ConfigFlags, loadConfigFiles } from '../config-files'
import { RaService } from '../ra-service'
import { createLogger, isLogLevel, type Logger } from '../runtime/logger'

export const RUN_USAGE = `Usage: mip6-router run [--config FILE] [--radvd-conf FILE] [--log-level LEVEL]

Runs the router in the foreground: Router Advertisements on every configured interface.
SIGTERM/SIGINT send final RAs (router lifetime 0) and exit; SIGHUP reloads the configuration.
Logs go to stderr, one JSON object per line when stderr is not a terminal.
LEVEL: debug, info, warn, error (default: the config's logLevel, else info).`

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, CONFIG_FLAGS)
  if (values.help) {
    console.log(RUN_USAGE)
    return 0
  }
  const levelFlag = values['log-level']
  if (levelFlag !== undefined && !isLogLevel(levelFlag))
    throw new UsageError(`--log-level: unknown level "${levelFlag}"`)
  const files: ConfigFlags = { config: values.config, radvdConf: values['radvd-conf'] }
  const loaded = await loadConfigFiles(files)
  for (const d of loaded.diagnostics) console.error(formatDiagnostic(d))
  if (!loaded.config || hasErrors(loaded.diagnostics)) return 1
  let config: RouterConfig = loaded.config

  const logger = createLogger({ level: levelFlag ?? config.router.logLevel, json: !process.stderr.isTTY })
  const watcher = new InterfaceWatcher()
  watcher.on('problem', (e) => logger.log('warn', 'netio', e.message))
  await watcher.start()
  const ra = new RaService({ watcher, logger })
  await ra.start(config)
  logger.log('info', 'router', 'started', { interfaces: config.interfaces.map((i) => i.name) })

  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.log('info', 'router', `stopping on ${signal}`)
      await ra.stop()
      await watcher.close()
      resolve(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
    process.on(
      'SIGHUP',
      () =>
        void reload(files, logger).then((next) => {
          if (!next || stopping) return
          config = next
          ra.apply(config)
          logger.log('info', 'router', 'configuration reloaded')
        }),
    )
  })
}

async function reload(files: ConfigFlags, logger: Logger): Promise<RouterConfig | undefined> {
  const loaded = await loadConfigFiles(files)
  for (const d of loaded.diagnostics) {
    logger.log(d.severity === 'error' ? 'error' : 'warn', 'config', formatDiagnostic(d))
  }
  if (!loaded.config || hasErrors(loaded.diagnostics)) {
    logger.log('error', 'config', 'new configuration refused; the running one stays')
    return undefined
  }
  return loaded.config
}
