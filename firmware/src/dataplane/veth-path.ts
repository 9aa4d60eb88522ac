// The userspace data plane's way into and out of the kernel's forwarding path: a veth pair
// whose kernel end routes each home address to a fake neighbour that is really our end.
// The kernel keeps routing and neighbour discovery on every real link; we only see what it
// forwards to a mobile node away from home, and what we hand it comes in as if received.
import { writeFile } from 'node:fs/promises'
import type { CommandRunner } from '@mip6/kernel'
import { formatAddress, type Ipv6Address, ipv6Frame, type MacAddress, parseMac } from '@mip6/wire'

export interface VethNames {
  /** The kernel's end: routes to home addresses point here. */
  kernel: string
  /** Ours: captured and injected through libpcap, with IPv6 off so the kernel never routes it. */
  ours: string
}

export const DEFAULT_VETH_NAMES: VethNames = { kernel: 'mip6dp0', ours: 'mip6dp1' }

/** The next hop of every home-address route: our end's MAC answers for it, permanently. */
const GATEWAY = 'fe80::1'

export class VethPath {
  private macs: { kernel: string; ours: string } | undefined
  private frameMacs: { kernel: MacAddress; ours: MacAddress } | undefined

  constructor(
    readonly names: VethNames,
    private readonly run: CommandRunner,
    private readonly procRoot = '/proc',
  ) {}

  get kernelMac(): string | undefined {
    return this.macs?.kernel
  }

  get ourMac(): string | undefined {
    return this.macs?.ours
  }

  /** Replaces a pair left by a run that crashed, so a restart always starts clean. */
  async create(): Promise<void> {
    const { kernel, ours } = this.names
    await this.remove()
    await this.run(['ip', 'link', 'add', kernel, 'type', 'veth', 'peer', 'name', ours])
    // Before the links come up: our end must never get an address or forward what it hears.
    await this.sysctl(ours, 'disable_ipv6', 1)
    await this.sysctl(kernel, 'accept_ra', 0)
    await this.sysctl(kernel, 'accept_dad', 0)
    for (const name of [ours, kernel]) await this.run(['ip', 'link', 'set', name, 'up'])
    this.macs = { kernel: await this.macOf(kernel), ours: await this.macOf(ours) }
    this.frameMacs = { kernel: mustMac(this.macs.kernel), ours: mustMac(this.macs.ours) }
    await this.run([
      'ip',
      '-6',
      'neigh',
      'replace',
      GATEWAY,
      'lladdr',
      this.macs.ours,
      'dev',
      kernel,
      'nud',
      'permanent',
    ])
  }

  /** `packet` as a frame from our end to the kernel's: it comes in there as if received. */
  framed(packet: Uint8Array): Uint8Array | undefined {
    return this.frameMacs && ipv6Frame(packet, this.frameMacs.ours, this.frameMacs.kernel)
  }

  async route(homeAddress: Ipv6Address): Promise<void> {
    await this.run([
      'ip',
      '-6',
      'route',
      'replace',
      `${formatAddress(homeAddress)}/128`,
      'via',
      GATEWAY,
      'dev',
      this.names.kernel,
    ])
  }

  async unroute(homeAddress: Ipv6Address): Promise<void> {
    await this.run([
      'ip',
      '-6',
      'route',
      'del',
      `${formatAddress(homeAddress)}/128`,
      'dev',
      this.names.kernel,
    ])
  }

  /** Deleting one end deletes the pair, its neighbour entry and every route through it. */
  async remove(): Promise<void> {
    await this.run(['ip', 'link', 'del', this.names.kernel]).catch(() => {})
    this.macs = undefined
    this.frameMacs = undefined
  }

  private async macOf(name: string): Promise<string> {
    const [link] = JSON.parse(await this.run(['ip', '-j', 'link', 'show', name])) as { address?: string }[]
    if (!link?.address) throw new Error(`${name}: no MAC address`)
    return link.address
  }

  private async sysctl(ifname: string, key: string, value: number): Promise<void> {
    await writeFile(`${this.procRoot}/sys/net/ipv6/conf/${ifname}/${key}`, `${value}\n`)
  }
}

function mustMac(text: string): MacAddress {
  const mac = parseMac(text)
  if (!mac.ok) throw new Error(`bad MAC ${text}`)
  return mac.value
}
