// The router on MQTT: what the RA engine and the Home Agent report goes to the telemetry
// client, which never waits on the broker. Health is kept per subsystem so that one fault
// (an RA interface down, the console's port taken) never reads as the router being offline.
import type { RouterConfig } from '@mip6/config'
import type { HaAction } from '@mip6/home-agent'
import {
  type CommandHandler,
  type HealthState,
  type RouterInfo,
  type Subsystem,
  Telemetry,
  type TelemetryOptions,
} from '@mip6/telemetry'
import { formatPrefix } from '@mip6/wire'
import type { HomeAgentDataPlane } from '../dataplane/home-agent-dataplane'
import { monotonicMs } from '../runtime/engine-driver'
import type { Logger } from '../runtime/logger'
import { VERSION } from '../version'
import { boardModel } from './board-model'

export interface RouterTelemetryOptions {
  telemetry: TelemetryOptions
  logger: Logger
  /** Figures for `stats`, read when it is published. */
  stats: () => Record<string, unknown>
  commands: Record<string, CommandHandler>
}

export class RouterTelemetry {
  private readonly client: Telemetry
  private readonly raDown = new Set<string>()
  private raInterfaces = 0

  constructor(options: RouterTelemetryOptions) {
    const { telemetry, logger, stats, commands } = options
    this.client = new Telemetry({
      ...telemetry,
      commands: { ...telemetry.commands, handlers: commands },
      statsSource: stats,
      logger,
      // The Home Agent's `now` is this clock: binding expiry times are on it.
      clock: { monotonicMs, wallMs: Date.now },
    })
  }

  /** Throws TelemetryConfigError (its `setting` names the config key) for a setting that cannot work. */
  async start(): Promise<void> {
    await this.client.start()
  }

  /** `offline` on `status` before the client disconnects: a clean stop sends no will. */
  async stop(): Promise<void> {
    await this.client.stop()
  }

  get embeddedBrokerPort(): number | undefined {
    return this.client.embeddedBrokerPort
  }

  get prefix(): string {
    return this.client.topics.base.split('/')[0]!
  }

  /** `info` and the health of what the configuration turns on. */
  async configured(
    config: RouterConfig,
    homeAgentInterfaces: string[],
    dataplane: HomeAgentDataPlane | undefined,
  ): Promise<void> {
    const home = new Set(homeAgentInterfaces)
    this.raInterfaces = config.interfaces.length
    const info: RouterInfo = {
      version: VERSION,
      board: await boardModel(),
      interfaces: config.interfaces.map((i) => ({
        name: i.name,
        role: home.has(i.name) ? 'home' : 'advertised',
      })),
      prefixes: config.interfaces.flatMap((i) => i.ra.prefixes.map((p) => formatPrefix(p.prefix))),
      dataplane: dataplane?.kind ?? 'none',
    }
    this.client.info(info)
    this.raHealth()
    this.health(
      'home-agent',
      config.homeAgent ? 'ok' : 'off',
      config.homeAgent ? undefined : 'no Home Agent in the configuration',
    )
    if (dataplane) {
      const { state, detail } = dataplane.health()
      this.health('dataplane', state, detail)
    } else this.health('dataplane', 'off', 'no Home Agent: nothing to tunnel')
    this.health('ess', 'off', 'no radios configured')
  }

  health(subsystem: Subsystem, state: HealthState, detail?: string): void {
    this.client.health(subsystem, state, detail)
  }

  raInterface(ifname: string, up: boolean): void {
    if (up) this.raDown.delete(ifname)
    else this.raDown.add(ifname)
    this.client.event({ kind: up ? 'ra-interface-up' : 'ra-interface-down', ifname })
    this.raHealth()
  }

  homeAgent(action: HaAction): void {
    this.client.fromHomeAgent(action)
  }

  private raHealth(): void {
    const down = [...this.raDown].sort()
    if (down.length === 0) this.health('ra', 'ok')
    else {
      const state = down.length >= this.raInterfaces ? 'down' : 'degraded'
      this.health('ra', state, `not advertising on ${down.join(', ')}: link down`)
    }
  }
}
