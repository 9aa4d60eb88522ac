// Debian's mosquitto and mosquitto_sub inside a lab namespace, where the router's loopback
// is: the broker a router's config points at, and the subscriber a lab user would run.
import type { ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { type NetnsLab, waitUntil } from '@mip6/netio/testing'
import { findTool } from '@mip6/telemetry/testing'

export const BROKER_PORT = 1883

export interface Login {
  username: string
  password: string
}

export interface Message {
  retained: boolean
  topic: string
  payload: string
}

function loginArgs(login: Login | undefined): string[] {
  return login ? ['-u', login.username, '-P', login.password] : []
}

/** mosquitto on 127.0.0.1 in `ns`; with `users`, only they may connect. */
export class NamespaceMosquitto {
  private child: ChildProcess | undefined
  output = ''

  private constructor(
    private readonly lab: NetnsLab,
    private readonly ns: string,
    private readonly configFile: string,
    private readonly login: Login | undefined,
  ) {}

  static async start(
    lab: NetnsLab,
    ns: string,
    dir: string,
    users?: Record<string, string>,
  ): Promise<NamespaceMosquitto> {
    const lines = [
      `listener ${BROKER_PORT} 127.0.0.1`,
      // As root, mosquitto would drop to the user "mosquitto", who cannot read the test's files.
      `user ${userInfo().username}`,
      'log_dest stderr',
      'persistence false',
    ]
    if (users) {
      const file = join(dir, 'mosquitto.passwords')
      writeFileSync(file, '')
      for (const [user, password] of Object.entries(users))
        execFileSync(findTool('mosquitto_passwd'), ['-b', file, user, password])
      lines.push('allow_anonymous false', `password_file ${file}`)
    } else lines.push('allow_anonymous true')
    const configFile = join(dir, 'mosquitto.conf')
    writeFileSync(configFile, `${lines.join('\n')}\n`)
    const first = users ? Object.entries(users)[0] : undefined
    const login = first && { username: first[0], password: first[1] }
    const m = new NamespaceMosquitto(lab, ns, configFile, login)
    await m.run()
    return m
  }

  get url(): string {
    return `mqtt://127.0.0.1:${BROKER_PORT}`
  }

  /** Starts (again) and resolves once a client can subscribe. */
  async run(): Promise<void> {
    const child = this.lab.spawn(this.ns, [findTool('mosquitto'), '-c', this.configFile])
    this.child = child
    child.stderr!.on('data', (d) => {
      this.output += d
    })
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}):\n${this.output}`)
        return (await runIn(this.lab, this.ns, subArgs(['-t', 'probe', '-E'], this.login))).code === 0
      },
      10_000,
      `mosquitto in ${this.ns}`,
    )
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = undefined
    if (child) await this.lab.stop(child)
  }
}

function subArgs(args: string[], login: Login | undefined): string[] {
  return [
    findTool('mosquitto_sub'),
    '-h',
    '127.0.0.1',
    '-p',
    String(BROKER_PORT),
    ...loginArgs(login),
    ...args,
  ]
}

/** `mosquitto_sub -v` in `ns` for as long as the test needs, each message with its retain flag. */
export class Subscriber {
  readonly messages: Message[] = []
  private partial = ''

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (d: string) => {
      const lines = (this.partial + d).split('\n')
      this.partial = lines.pop() ?? ''
      for (const line of lines) this.messages.push(parseLine(line))
    })
  }

  static async start(lab: NetnsLab, ns: string, filter: string, login?: Login): Promise<Subscriber> {
    // mosquitto_sub prints nothing once subscribed: a message on a marker topic of its own says it is.
    const marker = `mip6-test/ready-${process.pid}-${Math.random().toString(16).slice(2)}`
    const s = new Subscriber(lab.spawn(ns, subArgs(['-t', filter, '-t', marker, '-F', FORMAT], login)))
    await waitUntil(
      async () => {
        await publish(lab, ns, marker, 'ready', login)
        return s.messages.some((m) => m.topic === marker)
      },
      10_000,
      `mosquitto_sub on ${filter}`,
    )
    return s
  }

  on(topic: string): Message[] {
    return this.messages.filter((m) => m.topic === topic)
  }

  /** The first message, seen already or to come, that `match` accepts. */
  async waitFor(match: (m: Message) => boolean, what: string, timeoutMs = 10_000): Promise<Message> {
    let found: Message | undefined
    try {
      await waitUntil(
        () => {
          found = this.messages.find(match)
          return found !== undefined
        },
        timeoutMs,
        what,
      )
    } catch (e) {
      throw new Error(`${(e as Error).message}; seen:\n${this.describe()}`)
    }
    return found!
  }

  describe(): string {
    return this.messages
      .map((m) => `${m.retained ? 'R' : ' '} ${m.topic} ${m.payload.slice(0, 200)}`)
      .join('\n')
  }

  close(): void {
    this.child.kill('SIGKILL')
  }
}

// mosquitto_sub -F: the retain flag, the topic, the payload.
const FORMAT = '%r %t %p'

function parseLine(line: string): Message {
  const [flag, topic, ...rest] = line.split(' ')
  return { retained: flag === '1', topic: topic ?? '', payload: rest.join(' ') }
}

/** What a fresh subscriber gets as retained under `filter`: topic -> payload. */
export async function retainedUnder(
  lab: NetnsLab,
  ns: string,
  filter: string,
  login?: Login,
): Promise<Map<string, string>> {
  // --retained-only stops at the first live message; -W ends the wait when none comes.
  const r = await runIn(lab, ns, subArgs(['-t', filter, '--retained-only', '-W', '1', '-F', FORMAT], login))
  const messages = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map(parseLine)
  return new Map(messages.filter((m) => m.retained).map((m) => [m.topic, m.payload]))
}

/** `mosquitto_pub` in `ns`: one message, not retained. */
export async function publish(
  lab: NetnsLab,
  ns: string,
  topic: string,
  payload: string,
  login?: Login,
): Promise<void> {
  const args = ['-h', '127.0.0.1', '-p', String(BROKER_PORT), ...loginArgs(login), '-t', topic, '-m', payload]
  const r = await runIn(lab, ns, [findTool('mosquitto_pub'), ...args])
  if (r.code !== 0) throw new Error(`mosquitto_pub -t ${topic}: exit ${r.code}`)
}

function runIn(lab: NetnsLab, ns: string, argv: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = lab.spawn(ns, argv)
  let stdout = ''
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (d: string) => {
    stdout += d
  })
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })))
}
