// Test support: an independent MQTT client that records what a subscriber sees.
import { randomBytes } from 'node:crypto'
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt'

export interface Seen {
  topic: string
  payload: string
  retain: boolean
  at: number
}

export class Probe {
  readonly seen: Seen[] = []
  private waiters: Array<() => void> = []

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.seen.push({
        topic,
        payload: payload.toString('utf8'),
        retain: packet.retain,
        at: performance.now(),
      })
      for (const w of this.waiters) w()
    })
  }

  /** Connects and subscribes (QoS 1); resolves after the SUBACK. */
  static async open(url: string, filters: string[], options: IClientOptions = {}): Promise<Probe> {
    const client = await connectAsync(url, {
      clientId: `probe-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 100,
      connectTimeout: 5000,
      ...options,
    })
    const probe = new Probe(client)
    await client.subscribeAsync(filters, { qos: 1 })
    return probe
  }

  /** The first message (already seen or to come) that matches, or a rejection after timeoutMs. */
  waitFor(match: (m: Seen) => boolean, timeoutMs = 5000, what = 'a message'): Promise<Seen> {
    return this.waitUntil(() => this.seen.find(match), timeoutMs, what)
  }

  waitUntil<T>(check: () => T | undefined, timeoutMs = 5000, what = 'a condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const tryNow = () => {
        const v = check()
        if (v === undefined || v === false) return false
        cleanup()
        resolve(v)
        return true
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw:\n${this.describe()}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters = this.waiters.filter((w) => w !== waiter)
      }
      const waiter = () => void tryNow()
      this.waiters.push(waiter)
      tryNow()
    })
  }

  on(topic: string): Seen[] {
    return this.seen.filter((m) => m.topic === topic)
  }

  describe(): string {
    return this.seen.map((m) => `${m.retain ? 'R ' : '  '}${m.topic} ${m.payload.slice(0, 160)}`).join('\n')
  }

  async close(): Promise<void> {
    await this.client.endAsync(true)
  }
}

/**
 * The retained messages under `filter`, as a fresh subscriber gets them: subscribe, then
 * publish a marker and stop at its arrival (the broker sends the retained messages first).
 */
export async function retainedSnapshot(
  url: string,
  filter: string,
  options: IClientOptions = {},
): Promise<Map<string, string>> {
  const marker = `probe-marker/${randomBytes(6).toString('hex')}`
  const probe = await Probe.open(url, [filter, marker], options)
  try {
    await probe.client.publishAsync(marker, 'end', { qos: 1 })
    await probe.waitFor((m) => m.topic === marker, 5000, 'the marker')
    return new Map(probe.seen.filter((m) => m.retain).map((m) => [m.topic, m.payload]))
  } finally {
    await probe.close()
  }
}
