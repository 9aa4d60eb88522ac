// Test support: a real mosquitto (Debian's package, installed by scripts/setup-debian.sh) on a
// free loopback port with a config written for the test, and the certificates a TLS test needs.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { userInfo } from 'node:os'
import { join } from 'node:path'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export function findTool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin']))
    if (dir && existsSync(join(dir, name))) return join(dir, name)
  throw new Error(
    `${name} not found: run scripts/setup-debian.sh (it installs mosquitto and mosquitto-clients)`,
  )
}

export interface MosquittoOptions {
  /** A directory of the test's own: config, password file, persistence, log. */
  dir: string
  /** user -> password; absent: anonymous access. */
  users?: Record<string, string>
  /** TLS with client certificates (see makeCerts). */
  tls?: Certs
  /** Keep retained messages and sessions across a restart (saved at SIGTERM). */
  persistence?: boolean
  /** A second, anonymous listener speaking MQTT over WebSockets (see wsPort). */
  websockets?: boolean
}

export class Mosquitto {
  private child: ChildProcess | undefined
  private output = ''

  private constructor(
    readonly port: number,
    private readonly configFile: string,
    readonly wsPort: number | undefined,
  ) {}

  static async start(options: MosquittoOptions): Promise<Mosquitto> {
    const port = await freePort()
    const lines = [
      `listener ${port} 127.0.0.1`,
      // As root, mosquitto would drop to the user "mosquitto", who cannot read the test's files.
      `user ${userInfo().username}`,
      'log_dest stderr',
      'log_type all',
      `persistence ${options.persistence ? 'true' : 'false'}`,
      `persistence_location ${options.dir}/`,
    ]
    if (options.users) {
      const file = join(options.dir, 'passwords')
      writeFileSync(file, '')
      for (const [user, password] of Object.entries(options.users))
        execFileSync(findTool('mosquitto_passwd'), ['-b', file, user, password])
      lines.push('allow_anonymous false', `password_file ${file}`)
    } else if (options.tls) {
      lines.push(
        'allow_anonymous false',
        `cafile ${options.tls.caFile}`,
        `certfile ${options.tls.serverCertFile}`,
        `keyfile ${options.tls.serverKeyFile}`,
        'require_certificate true',
        'use_identity_as_username true',
      )
    } else {
      lines.push('allow_anonymous true')
    }
    const wsPort = options.websockets ? await freePort() : undefined
    if (wsPort !== undefined) lines.push(`listener ${wsPort} 127.0.0.1`, 'protocol websockets')
    const configFile = join(options.dir, 'mosquitto.conf')
    writeFileSync(configFile, `${lines.join('\n')}\n`)
    const m = new Mosquitto(port, configFile, wsPort)
    await m.run()
    return m
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`
  }

  /** Everything mosquitto logged (log_type all). */
  get log(): string {
    return this.output
  }

  /** Starts (again) on the same port and resolves once it accepts connections. */
  async run(): Promise<void> {
    const child = spawn(findTool('mosquitto'), ['-c', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    child.stdout!.on('data', (d) => {
      this.output += d
    })
    child.stderr!.on('data', (d) => {
      this.output += d
    })
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}):\n${this.output}`)
      if (await accepts(this.port)) return
      await new Promise((r) => setTimeout(r, 25))
    }
    throw new Error(`mosquitto did not listen on ${this.port}:\n${this.output}`)
  }

  /** SIGTERM saves persistence; SIGKILL loses what was not saved. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child
    this.child = undefined
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill(signal)
    await exited
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

export interface Certs {
  caFile: string
  serverCertFile: string
  serverKeyFile: string
  clientCertFile: string
  clientKeyFile: string
  /** A CA that signed nothing here: a client trusting only it must refuse the broker. */
  otherCaFile: string
}

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made by openssl. */
export function makeCerts(dir: string, clientName = 'mip6-router-test'): Certs {
  const openssl = (...args: string[]) => execFileSync(findTool('openssl'), args, { cwd: dir, stdio: 'pipe' })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  for (const ca of ['ca', 'other-ca'])
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=mip6 test ${ca}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    )
  const leaf = (name: string, cn: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext)
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    )
  }
  leaf('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n')
  leaf('client', clientName, 'extendedKeyUsage=clientAuth\n')
  return {
    caFile: join(dir, 'ca.crt'),
    serverCertFile: join(dir, 'server.crt'),
    serverKeyFile: join(dir, 'server.key'),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
    otherCaFile: join(dir, 'other-ca.crt'),
  }
}
