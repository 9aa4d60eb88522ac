// The zero-config broker: aedes on 127.0.0.1 only, in a worker thread (broker-worker.mjs) so
// the RA timers never share its event loop. Supervised: a worker that dies is started again
// on the same port.
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { TelemetryLogger } from './logger'
import { DEFAULT_BROKER_PORT } from './options'

/** The worker's file; a bundle ships it beside itself (with aedes resolvable from there). */
export const BROKER_WORKER = fileURLToPath(new URL('./broker-worker.mjs', import.meta.url))
export const EMBEDDED_BROKER_HOST = '127.0.0.1'

export interface EmbeddedBrokerOptions {
  /** This port and no other (0: a free one). */
  port?: number
  /** Without `port`: this one (default 1883), or a free one when it is taken. */
  preferredPort?: number
  logger?: TelemetryLogger
  workerFile?: string
  /** Before a dead worker is started again. Default 1000. */
  restartDelayMs?: number
}

export class EmbeddedBrokerError extends Error {
  override name = 'EmbeddedBrokerError'
}

type WorkerMessage =
  | { type: 'listening'; port: number }
  | { type: 'error'; code?: string; message: string }
  | { type: 'closed' }

export class EmbeddedBroker {
  private worker: Worker | undefined
  private stopping = false
  private restartTimer: NodeJS.Timeout | undefined

  private constructor(
    private boundPort: number,
    private readonly options: EmbeddedBrokerOptions,
  ) {}

  static async start(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
    const wanted = options.port ?? options.preferredPort ?? DEFAULT_BROKER_PORT
    let started: { worker: Worker; port: number }
    try {
      started = await startWorker(options.workerFile ?? BROKER_WORKER, wanted)
    } catch (e) {
      const inUse = e instanceof EmbeddedBrokerError && e.message.includes('EADDRINUSE')
      if (!(inUse && options.port === undefined)) throw e
      started = await startWorker(options.workerFile ?? BROKER_WORKER, 0)
      options.logger?.log(
        'warn',
        'telemetry',
        `embedded broker: ${EMBEDDED_BROKER_HOST}:${wanted} is taken (another broker?), listening on port ${started.port} instead`,
        { port: started.port },
      )
    }
    const broker = new EmbeddedBroker(started.port, options)
    broker.adopt(started.worker)
    options.logger?.log('info', 'telemetry', `embedded broker listening on ${broker.url}`, {
      port: started.port,
    })
    return broker
  }

  get port(): number {
    return this.boundPort
  }

  get url(): string {
    return `mqtt://${EMBEDDED_BROKER_HOST}:${this.boundPort}`
  }

  /** The worker thread's id, for a test that checks where the broker runs. */
  get threadId(): number | undefined {
    return this.worker?.threadId
  }

  async stop(): Promise<void> {
    this.stopping = true
    clearTimeout(this.restartTimer)
    const worker = this.worker
    this.worker = undefined
    if (!worker) return
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    worker.postMessage({ type: 'close' })
    const timer = setTimeout(() => void worker.terminate(), 2000)
    await exited
    clearTimeout(timer)
  }

  private adopt(worker: Worker): void {
    this.worker = worker
    worker.on('error', (e) =>
      this.options.logger?.log('error', 'telemetry', `embedded broker failed: ${e.message}`),
    )
    worker.once('exit', (code) => {
      if (this.stopping || this.worker !== worker) return
      this.worker = undefined
      this.options.logger?.log(
        'error',
        'telemetry',
        `embedded broker stopped (exit ${code}); starting it again`,
      )
      this.restartTimer = setTimeout(() => this.restart(), this.options.restartDelayMs ?? 1000)
    })
  }

  private restart(): void {
    if (this.stopping) return
    startWorker(this.options.workerFile ?? BROKER_WORKER, this.boundPort).then(
      ({ worker }) => {
        if (this.stopping) void worker.terminate()
        else this.adopt(worker)
      },
      (e: Error) => {
        this.options.logger?.log('error', 'telemetry', `embedded broker: ${e.message}; trying again`)
        this.restartTimer = setTimeout(() => this.restart(), this.options.restartDelayMs ?? 1000)
      },
    )
  }
}

function startWorker(file: string, port: number): Promise<{ worker: Worker; port: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { host: EMBEDDED_BROKER_HOST, port } })
    const fail = (message: string) => {
      void worker.terminate()
      reject(new EmbeddedBrokerError(message))
    }
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'listening') {
        worker.off('message', onMessage)
        worker.off('exit', onExit)
        resolve({ worker, port: m.port })
      } else if (m.type === 'error') {
        const why = m.code === 'EADDRINUSE' ? 'the port is taken (EADDRINUSE)' : m.message
        fail(`embedded broker cannot listen on ${EMBEDDED_BROKER_HOST}:${port}: ${why}`)
      }
    }
    const onExit = (code: number) => fail(`embedded broker worker exited (${code}) before listening`)
    worker.on('message', onMessage)
    worker.once('exit', onExit)
    worker.once('error', (e) => fail(`embedded broker worker failed: ${e.message}`))
  })
}
