// `mip6-router run`: the router in the foreground until SIGTERM or SIGINT, which send the
// final RAs first. SIGHUP re-reads the configuration: a bad one is reported and the running
// one kept; a good one is applied for what changed only.
import {
  formatDiagnostic,
  hasErrors,
  isDataplane,
  locate,
  type RouterConfig,
  type SourceMap,
} from '@mip6/config'
import { TelemetryConfigError } from '@mip6/telemetry'
import { CONFIG_FLAGS, parseFlags, UsageError } from '../cli-args'
import { type ConfigFlags, loadConfigFiles } from '../config-files'
import { Router } from '../router'
import { createLogger, isLogLevel, type Logger } from '../runtime/logger'
import { type MqttFlag, parseMqttFlag, telemetryOptionsFrom } from '../telemetry/telemetry-options'

const DEFAULT_CONSOLE_PORT = 7777

export const RUN_USAGE = `Usage: mip6-router run [--config FILE] [--radvd-conf FILE] [--log-level LEVEL]
                       [--mip6d-conf FILE] [--console-port N] [--state-dir DIR]
                       [--mqtt URL|none] [--dataplane auto|kernel|userspace]

Runs the router in the foreground: Router Advertisements on every configured interface, and
the Home Agent when the configuration has one (mip6d.conf NodeConfig HA, or homeAgent:).
Its binding cache is kept in DIR (default: the config's stateDir) across restarts.
SIGTERM/SIGINT send final RAs (router lifetime 0) and exit; SIGHUP reloads the configuration.
Logs go to stderr, one JSON object per line when stderr is not a terminal.
LEVEL: debug, info, warn, error (default: the config's logLevel, else info).
The console listens on 127.0.0.1 port 7777 (--console-port N; 0 turns it off):
mip6-router console ra.
Telemetry goes to the config's mqtt broker, or to URL (mqtt://, mqtts://, ws://, wss://);
with neither, to an embedded broker on 127.0.0.1 (port 1883, or a free one): watch it with
mosquitto_sub -h 127.0.0.1 -p PORT -t 'mip6/#' -v. --mqtt none turns telemetry off.
--dataplane overrides the config's router.dataplane: how the Home Agent tunnels packets to its
mobile nodes (kernel: ip6_tunnel; userspace: our own; auto: the kernel's when it has one).`

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    ...CONFIG_FLAGS,
    'console-port': { type: 'string' },
    'state-dir': { type: 'string' },
    mqtt: { type: 'string' },
    dataplane: { type: 'string' },
  })
  if (values.help) {
    console.log(RUN_USAGE)
    return 0
  }
  const levelFlag = values['log-level']
  if (levelFlag !== undefined && !isLogLevel(levelFlag))
    throw new UsageError(`--log-level: unknown level "${levelFlag}"`)
  const portFlag = values['console-port'] === undefined ? undefined : Number(values['console-port'])
  if (portFlag !== undefined && (!Number.isInteger(portFlag) || portFlag < 0 || portFlag > 65535)) {
    throw new UsageError(`--console-port: "${values['console-port']}" is not a port number (0..65535)`)
  }
  const dataplane = values.dataplane
  if (dataplane !== undefined && !isDataplane(dataplane)) {
    throw new UsageError(`--dataplane: "${dataplane}" is none of auto, kernel, userspace`)
  }
  const files: ConfigFlags = {
    config: values.config,
    radvdConf: values['radvd-conf'],
    mip6dConf: values['mip6d-conf'],
  }
  const loaded = await loadConfigFiles(files)
  for (const d of loaded.diagnostics) console.error(formatDiagnostic(d))
  if (!loaded.config || hasErrors(loaded.diagnostics)) return 1
  let config: RouterConfig = loaded.config

  const logger = createLogger({ level: levelFlag ?? config.router.logLevel, json: !process.stderr.isTTY })
  const consolePort = portFlag ?? config.console?.port ?? DEFAULT_CONSOLE_PORT
  const mqttFlag = parseMqttFlag(values.mqtt)
  let stopping = false
  const reloadNow = async (): Promise<boolean> => {
    const next = await reload(files, logger)
    if (!next || stopping) return false
    config = next
    await router?.apply(config)
    logger.log('info', 'router', 'configuration reloaded')
    return true
  }
  let router: Router | undefined
  try {
    router = new Router(config, {
      logger,
      consolePort,
      stateDir: values['state-dir'] ?? config.router.stateDir,
      telemetry: telemetryOptionsFrom(config.mqtt, mqttFlag, config.router.id),
      reload: reloadNow,
      dataplane,
    })
    await router.start()
  } catch (e) {
    if (!(e instanceof TelemetryConfigError)) throw e
    console.error(telemetryProblem(e, mqttFlag, loaded.sourceMap))
    await router?.stop()
    return 1
  }
  const port = router.embeddedBrokerPort
  if (port !== undefined) {
    logger.log('info', 'telemetry', 'embedded broker up', {
      watch: `mosquitto_sub -h 127.0.0.1 -p ${port} -t '${router.telemetryPrefix}/#' -v`,
    })
  }

  return new Promise<number>((resolve) => {
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      logger.log('info', 'router', `stopping on ${signal}`)
      await router.stop()
      resolve(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
    process.on('SIGHUP', () => void reloadNow())
  })
}

/** `FILE:LINE:COL: mqtt.x: ...` at the setting, or `--mqtt: ...` when the flag set the url. */
function telemetryProblem(e: TelemetryConfigError, flag: MqttFlag, sourceMap: SourceMap): string {
  if (e.setting === 'url' && flag?.kind === 'url') return `--mqtt: ${e.message.replace(/^mqtt\.url: /, '')}`
  const at = locate(sourceMap, `mqtt.${e.setting}`)
  if (!at) return e.message
  return formatDiagnostic({
    severity: 'error',
    file: at.file,
    line: at.line,
    col: at.col,
    message: e.message,
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
