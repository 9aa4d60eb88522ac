// `mip6-router run`: the router in the foreground until SIGTERM or SIGINT, which send the
// final RAs first. SIGHUP re-reads the configuration: a bad one is reported and the running
// one kept; a good one is applied for what changed only.
import { formatDiagnostic, hasErrors, type RouterConfig } from '@mip6/config'
import { ConsoleServer } from '@mip6/console'
import { InterfaceWatcher } from '@mip6/netio'
import { CONFIG_FLAGS, parseFlags, UsageError } from '../cli-args'
import { type ConfigFlags, loadConfigFiles } from '../config-files'
import { raCommands } from '../console-commands'
import { RaService } from '../ra-service'
import { monotonicMs } from '../runtime/engine-driver'
import { createLogger, isLogLevel, type Logger } from '../runtime/logger'

const DEFAULT_CONSOLE_PORT = 7777

export const RUN_USAGE = `Usage: mip6-router run [--config FILE] [--radvd-conf FILE] [--log-level LEVEL]
                       [--console-port N]

Runs the router in the foreground: Router Advertisements on every configured interface.
SIGTERM/SIGINT send final RAs (router lifetime 0) and exit; SIGHUP reloads the configuration.
Logs go to stderr, one JSON object per line when stderr is not a terminal.
LEVEL: debug, info, warn, error (default: the config's logLevel, else info).
The console listens on 127.0.0.1 port 7777 (--console-port N; 0 turns it off):
mip6-router console ra.`

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { ...CONFIG_FLAGS, 'console-port': { type: 'string' } })
  if (values.help) {
    console.log(RUN_USAGE)
    return 0
  }
  const levelFlag = values['log-level']
  if (levelFlag !== undefined && !isLogLevel(levelFlag))
    throw new UsageError(`--log-level: unknown level "${levelFlag}"`)
  const consolePort = Number(values['console-port'] ?? DEFAULT_CONSOLE_PORT)
  if (!Number.isInteger(consolePort) || consolePort < 0 || consolePort > 65535) {
    throw new UsageError(`--console-port: "${values['console-port']}" is not a port number (0..65535)`)
  }
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
  const consoleServer =
    consolePort === 0
      ? undefined
      : new ConsoleServer({ commands: raCommands(ra, monotonicMs), port: consolePort, logger })
  // A console that cannot listen (port taken) is reported; the router routes on without it.
  await consoleServer?.listen().catch((e: Error) => logger.log('error', 'console', e.message))
  logger.log('info', 'router', 'started', { interfaces: config.interfaces.map((i) => i.name) })

  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.log('info', 'router', `stopping on ${signal}`)
      await ra.stop()
      await consoleServer?.close()
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
