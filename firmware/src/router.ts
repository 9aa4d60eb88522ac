// The running router: telemetry, the interface watcher, one link pool, the RA engine, the
// Home Agent when the configuration has one, and the console, started and stopped in the
// right order. Telemetry comes up first and goes last, so that the broker sees every event
// and `offline` is the final word.
import type { Dataplane, RouterConfig } from '@mip6/config'
import { ConsoleServer } from '@mip6/console'
import { InterfaceWatcher } from '@mip6/netio'
import type { TelemetryOptions } from '@mip6/telemetry'
import { raCommands } from './console-commands'
import { createDataPlane } from './dataplane/create-dataplane'
import type { HomeAgentDataPlane } from './dataplane/home-agent-dataplane'
import { HaService } from './ha-service'
import { LinkPool } from './link-pool'
import { RaService } from './ra-service'
import { monotonicMs } from './runtime/engine-driver'
import type { Logger } from './runtime/logger'
import { commandHandlers } from './telemetry/command-handlers'
import { RouterTelemetry } from './telemetry/router-telemetry'

export interface RouterOptions {
  logger: Logger
  /** 0: no console. */
  consolePort: number
  stateDir: string
  /** Undefined: no telemetry. */
  telemetry?: TelemetryOptions | undefined
  /** Overrides the configuration's `router.dataplane` (--dataplane). */
  dataplane?: Dataplane | undefined
  /** Re-reads the configuration as SIGHUP does (the MQTT `reload` command). */
  reload?: () => Promise<boolean>
}

export class Router {
  private readonly watcher = new InterfaceWatcher()
  private readonly pool: LinkPool
  private readonly ra: RaService
  private ha: HaService | undefined
  private dataplane: HomeAgentDataPlane | undefined
  private console: ConsoleServer | undefined
  private readonly telemetry: RouterTelemetry | undefined

  constructor(
    private config: RouterConfig,
    private readonly options: RouterOptions,
  ) {
    this.pool = new LinkPool(this.watcher, options.logger)
    this.telemetry = options.telemetry && this.createTelemetry(options.telemetry)
    this.ra = new RaService({
      watcher: this.watcher,
      pool: this.pool,
      logger: options.logger,
      onHomeAgentHeard: (a) => this.ha?.heard(a),
      onInterface: (ifname, up) => this.telemetry?.raInterface(ifname, up),
    })
  }

  /** The embedded broker's port, when telemetry runs one. */
  get embeddedBrokerPort(): number | undefined {
    return this.telemetry?.embeddedBrokerPort
  }

  get telemetryPrefix(): string | undefined {
    return this.telemetry?.prefix
  }

  /** Rejects with TelemetryConfigError for a telemetry setting that cannot work, before anything else starts. */
  async start(): Promise<void> {
    const { logger } = this.options
    await this.telemetry?.start()
    this.watcher.on('problem', (e) => logger.log('warn', 'netio', e.message))
    await this.watcher.start()
    await this.ra.start(this.config)
    if (this.config.homeAgent) {
      this.dataplane = await this.startDataPlane()
      this.ha = new HaService({
        watcher: this.watcher,
        pool: this.pool,
        logger,
        stateDir: this.options.stateDir,
        onReport: (a) => this.telemetry?.homeAgent(a),
        ...(this.dataplane ? { dataplane: this.dataplane } : {}),
      })
      await this.ha.start(this.config, this.config.homeAgent)
    }
    this.keepLinks()
    await this.telemetry?.configured(this.config, this.ha?.interfaces() ?? [], this.dataplane)
    await this.startConsole()
    logger.log('info', 'router', 'started', {
      interfaces: this.config.interfaces.map((i) => i.name),
      homeAgent: this.ha?.interfaces() ?? [],
    })
  }

  /** A validated new configuration: each part applies what changed. */
  async apply(config: RouterConfig): Promise<void> {
    this.config = config
    this.ra.apply(config)
    if (this.ha && config.homeAgent) await this.ha.apply(config, config.homeAgent)
    else if (config.homeAgent || this.ha) {
      this.options.logger.log('warn', 'config', 'turning the Home Agent on or off takes a restart')
    }
    this.keepLinks()
    await this.telemetry?.configured(config, this.ha?.interfaces() ?? [], this.dataplane)
  }

  /** Bindings saved, final RAs out, then the sockets closed (they drain first), `offline` last. */
  async stop(): Promise<void> {
    await this.ha?.stop()
    await this.dataplane?.stop().catch((e: Error) => {
      this.options.logger.log('error', 'dataplane', `not all removed: ${e.message}`)
    })
    this.ra.stop()
    await this.pool.close()
    await this.console?.close()
    await this.watcher.close()
    await this.telemetry?.stop()
  }

  /**
   * Before the Home Agent, so that restored bindings find their tunnels. One that cannot start
   * is reported and left out: bindings are still kept and answered, packets not tunnelled.
   */
  private async startDataPlane(): Promise<HomeAgentDataPlane | undefined> {
    const { logger } = this.options
    const requested = this.options.dataplane ?? this.config.router.dataplane
    try {
      const dataplane = await createDataPlane(requested, {
        watcher: this.watcher,
        pool: this.pool,
        logger,
        homeLinks: this.config.homeAgent?.interfaces ?? [],
      })
      await dataplane.start()
      return dataplane
    } catch (e) {
      logger.log('error', 'dataplane', `no data plane: ${(e as Error).message}`)
      this.telemetry?.health('dataplane', 'down', (e as Error).message)
      return undefined
    }
  }

  private createTelemetry(options: TelemetryOptions): RouterTelemetry {
    return new RouterTelemetry({
      telemetry: options,
      logger: this.options.logger,
      stats: () => {
        const ra = this.ra.engine.counters
        return {
          // Home Assistant's "RAs sent" sensor reads this one figure.
          rasSent: ra.unsolicitedSent + ra.solicitedSent + ra.finalSent,
          ra: { ...ra },
          ...(this.ha ? { homeAgent: { ...this.ha.engine.counters } } : {}),
        }
      },
      commands: commandHandlers({
        dropBinding: (hoa) => this.ha?.dropBinding(hoa) ?? false,
        ...(this.options.reload ? { reload: this.options.reload } : {}),
      }),
    })
  }

  private keepLinks(): void {
    this.pool.keep([...this.ra.interfaces(), ...(this.ha?.interfaces() ?? [])])
  }

  private async startConsole(): Promise<void> {
    const { consolePort, logger } = this.options
    if (consolePort === 0) {
      this.telemetry?.health('console', 'off', 'console port 0')
      return
    }
    const commands = {
      ...raCommands(this.ra, this.pool, monotonicMs, () => [
        ...(this.ha?.statsLines() ?? []),
        ...(this.dataplane?.statsLines() ?? []),
      ]),
      ...this.ha?.consoleCommands(monotonicMs),
    }
    const bindAddress = this.config.console?.bindAddress
    this.console = new ConsoleServer({
      commands,
      port: consolePort,
      ...(bindAddress ? { host: bindAddress } : {}),
      allowCommands: this.config.console?.allowCommands ?? false,
      logger,
    })
    // A console that cannot listen (port taken) is reported; the router routes on without it.
    await this.console.listen().then(
      () => this.telemetry?.health('console', 'ok', `listening on port ${consolePort}`),
      (e: Error) => {
        logger.log('error', 'console', e.message)
        this.telemetry?.health('console', 'down', e.message)
      },
    )
  }
}
