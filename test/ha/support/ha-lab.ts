// The seed's lab in namespaces, for the Home Agent system tests:
//
//   home host (hh0, 2001:db8::2) ─┐
//                                 ├─ br0 (switch) ── wlan0 [router "denali", 2001:db8::/64]
//   mobile node at home (mnh0) ───┘                  wlan1 [2001:db8:1::/64] ── mn0 (mobile node)
//
// The router runs `mip6-router run` with the seed's radvd.conf and mip6d.conf. The mobile
// node is scapy in its own namespace, its home-link interface down until it returns home; the
// home host is scapy and its own kernel. dumpcap captures on mn0 and hh0 all along, and at the
// end the lab checks that the router never sent the mobile node an ICMPv6 Parameter Problem
// (what a kernel without IPV6_MIP6 answers a Home Address option with, DESIGN.md rule 3).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetnsLab, requireRoot } from '@mip6/netio/testing'
import { type BindingAck, mustParse } from '@mip6/wire'
import { hasCommand, hasScapy, requireTool } from '@mip6/wire/testing'
import { Capture } from '../../ra/support/capture'
import { OurRouter } from '../../ra/support/routers'
import { BIN, FIXTURES } from '../../ra/support/tools'
import {
  bindingAck,
  bindingUpdate,
  HOME_HOST,
  icmpv6,
  isBindingAck,
  MAC,
  nextFrame,
  type Seen,
  seen,
  sentCopy,
  sourceMac,
} from './packets'
import { ScapyNode } from './scapy-node'

export const RADVD_CONF = join(FIXTURES, 'seed-002-radvd.conf')
export const MIP6D_CONF = join(FIXTURES, 'seed-002-mip6d-ha.conf')
const ROUTER_START_TIMEOUT_MS = 20_000

/** Root, python3-scapy, dumpcap, tshark and nft, else a printed skip (a failure under CI). */
export function requireHaTools(suite: string): boolean {
  if (!requireRoot(suite)) return false
  return (
    requireTool(hasScapy(), suite) &&
    requireTool(hasCommand('dumpcap', 'wireshark-common'), suite) &&
    requireTool(hasCommand('tshark', 'tshark'), suite) &&
    requireTool(hasCommand('nft', 'nftables'), suite)
  )
}

/**
 * The mobile node's own Mobile IPv6 stack is scapy: its kernel (no IPV6_MIP6) must not answer
 * the Home Agent's BAs, Binding Errors or type 2 routing headers with Parameter Problems.
 */
const MOBILE_NODE_GUARD = `table ip6 mobile_node {
  chain prerouting {
    type filter hook prerouting priority raw; policy accept;
    rt type 2 drop
    meta l4proto mobility-header drop
  }
}
`

export interface HaLabOptions {
  /** More `mip6-router run` flags (e.g. `--mqtt URL`), at every start of the router. */
  routerArgs?: (lab: HaLab) => string[]
  /** Runs once the namespaces exist, before the router starts (a broker in its namespace). */
  beforeRouter?: (lab: HaLab) => Promise<void>
}

export class HaLab {
  readonly lab: NetnsLab
  readonly dir: string
  readonly stateDir: string
  router!: OurRouter
  routerNs!: string
  mobileNs!: string
  homeHostNs!: string
  mobile!: ScapyNode
  homeHost!: ScapyNode
  /** Everything on the mobile node's visited-link interface, both ways. */
  mobileCapture!: Capture
  /** Everything on the home host's interface. */
  homeCapture!: Capture

  private constructor(
    tag: string,
    private readonly options: HaLabOptions,
  ) {
    this.lab = new NetnsLab(tag)
    this.dir = mkdtempSync(join(tmpdir(), 'mip6-ha-test-'))
    this.stateDir = join(this.dir, 'state')
  }

  /** Builds the lab and starts the router; on failure, removes what it built. */
  static async create(tag: string, options: HaLabOptions = {}): Promise<HaLab> {
    const h = new HaLab(tag, options)
    try {
      await h.build()
    } catch (e) {
      await h.lab.cleanup()
      rmSync(h.dir, { recursive: true, force: true })
      throw e
    }
    return h
  }

  private async build(): Promise<void> {
    const { lab } = this
    this.routerNs = await lab.namespace('r', { dad: false })
    const sw = await lab.namespace('sw', { dad: false })
    this.mobileNs = await lab.namespace('mn', { dad: false })
    this.homeHostNs = await lab.namespace('hh', { dad: false })
    await lab.sysctl(this.routerNs, { 'net.ipv6.conf.all.forwarding': 1 })

    // The home link: a switch with the router, the home host and the mobile node's home port.
    await lab.ip(sw, ['link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0'])
    await lab.ip(sw, ['link', 'set', 'br0', 'up'])
    await lab.veth({ ns: this.routerNs, ifname: 'wlan0', mac: MAC.routerHome }, { ns: sw, ifname: 'p0' })
    await lab.veth({ ns: this.homeHostNs, ifname: 'hh0', mac: MAC.homeHost }, { ns: sw, ifname: 'p1' })
    await lab.veth(
      { ns: this.mobileNs, ifname: 'mnh0', mac: MAC.mobileAtHome },
      { ns: sw, ifname: 'p2' },
      { up: false },
    )
    for (const port of ['p0', 'p1', 'p2']) {
      await lab.ip(sw, ['link', 'set', port, 'master', 'br0'])
      await lab.ip(sw, ['link', 'set', port, 'up'])
    }
    // The visited link: the router's wlan1 and the mobile node.
    await lab.veth(
      { ns: this.routerNs, ifname: 'wlan1', mac: MAC.routerVisited },
      { ns: this.mobileNs, ifname: 'mn0', mac: MAC.mobile },
    )

    // Seed 002, listing 2: the router's addresses.
    await lab.addAddress(this.routerNs, 'wlan0', '2001:db8::/64', { nodad: true })
    await lab.addAddress(this.routerNs, 'wlan1', '2001:db8:1::/64', { nodad: true })
    await lab.addAddress(this.homeHostNs, 'hh0', `${HOME_HOST}/64`, { nodad: true })
    await this.nft(this.mobileNs, MOBILE_NODE_GUARD)

    const [mobile, homeHost, mobileCapture, homeCapture] = await Promise.all([
      ScapyNode.start(lab, this.mobileNs, 'mn0', join(this.dir, 'mn.sock')),
      ScapyNode.start(lab, this.homeHostNs, 'hh0', join(this.dir, 'hh.sock')),
      Capture.start(lab, this.mobileNs, 'mn0', 'ip6'),
      Capture.start(lab, this.homeHostNs, 'hh0', 'ip6'),
      this.options.beforeRouter
        ? this.options.beforeRouter(this).then(() => this.startRouter())
        : this.startRouter(),
    ])
    Object.assign(this, { mobile, homeHost, mobileCapture, homeCapture })
  }

  /** `mip6-router run` with the seed's configuration files and this lab's state directory. */
  async startRouter(): Promise<OurRouter> {
    const router = OurRouter.start(this.lab, this.routerNs, [
      '--radvd-conf',
      RADVD_CONF,
      '--mip6d-conf',
      MIP6D_CONF,
      '--state-dir',
      this.stateDir,
      ...(this.options.routerArgs?.(this) ?? []),
    ])
    this.router = router
    await router.waitLog((l) => l.msg === 'started', 'router started', ROUTER_START_TIMEOUT_MS)
    for (const ifname of ['wlan0', 'wlan1'])
      await router.waitLog(
        (l) => l.msg === 'ra-interface-up' && l.ifname === ifname,
        `${ifname} up`,
        ROUTER_START_TIMEOUT_MS,
      )
    return router
  }

  /** SIGTERM, as systemd stops it; resolves with the exit code. */
  async stopRouter(): Promise<number | null> {
    this.router.signal('SIGTERM')
    return this.router.waitExit(10_000)
  }

  /** `mip6-router console COMMAND` inside the router's namespace, as a user there types it. */
  console(command: string): Promise<string> {
    return this.lab.exec(this.routerNs, [process.execPath, BIN, 'console', command])
  }

  /**
   * Sends what `expr` builds from the mobile node (or the home host) and waits for the first
   * frame after it, on the same interface, that `reply` matches.
   */
  async ask(
    from: 'mobile' | 'homeHost',
    expr: string,
    reply: (s: Seen) => boolean,
    what: string,
    timeoutMs = 5_000,
  ): Promise<{ sent: Seen; reply: Seen }> {
    const capture = from === 'mobile' ? this.mobileCapture : this.homeCapture
    const after = capture.records.length
    const [frame] = await this[from].send(expr)
    const sent = await sentCopy(capture, frame!, `${what}: the request`)
    const answer = await nextFrame(capture, (s) => s.atMs >= sent.atMs && reply(s), what, {
      after,
      timeoutMs,
    })
    return { sent, reply: answer }
  }

  /**
   * Registers `hoa` at `coa` from the visited link and returns the BA, throwing with the
   * status when it is not accepted (RFC 6275 §6.1.8 status 0).
   */
  async register(coa: string, hoa: string, seq: number): Promise<BindingAck> {
    await this.addCareOfAddress(coa)
    const { reply } = await this.ask(
      'mobile',
      bindingUpdate({ coa, hoa, seq }),
      isBindingAck(),
      `BA for ${hoa}`,
    )
    const ba = bindingAck(reply)
    if (ba?.status !== 0) throw new Error(`BA for ${hoa}: status ${ba?.status ?? 'none'}, expected 0`)
    return ba
  }

  /** The `bc` console command's entries. */
  async bindingCache(): Promise<BcEntry[]> {
    return parseBindingCache(await this.console('bc'))
  }

  /** Gives the mobile node a care-of address on the visited link. */
  async addCareOfAddress(coa: string): Promise<void> {
    await this.lab.addAddress(this.mobileNs, 'mn0', `${coa}/64`, { nodad: true })
  }

  /**
   * What the home host's own kernel resolves `target` to (RFC 4861 §7.2): its neighbour entry
   * is flushed, a ping makes the kernel solicit, and `ip -6 neigh` shows the link-layer address
   * it learned, or undefined when nobody answered. (ndisc6 1.0.5 only accepts an NA whose
   * source is the target itself, which a proxy's answer never is: RFC 4861 §7.2.8.)
   */
  async resolveFromHomeHost(target: string): Promise<string | undefined> {
    const ns = this.homeHostNs
    await this.lab.ip(ns, ['-6', 'neigh', 'flush', 'to', target, 'dev', 'hh0'])
    // No echo reply comes back (the router has no data plane to the mobile node): ping fails.
    await this.lab.exec(ns, ['ping', '-6', '-n', '-c', '1', '-W', '1', '-I', 'hh0', target]).catch(() => {})
    const entry = await this.lab.ip(ns, ['-6', 'neigh', 'show', 'to', target, 'dev', 'hh0'])
    return /lladdr (\S+) (?:REACHABLE|STALE|DELAY|PROBE)/.exec(entry)?.[1]
  }

  /** Waits until the router's log has a Home Agent event for `hoa` after log line `after`. */
  homeAgentEvent(msg: string, hoa: string, after = 0): Promise<Record<string, unknown>> {
    return this.router.waitLog(
      (l) => l.subsystem === 'home-agent' && l.msg === msg && l.hoa === hoa,
      `${msg} for ${hoa}`,
      5_000,
      after,
    )
  }

  /** ICMPv6 Parameter Problems the router sent to the mobile node's interface so far. */
  parameterProblems(): Seen[] {
    return this.mobileCapture.records
      .map(seen)
      .filter((s) => icmpv6(s)?.kind === 'parameter-problem' && sourceMac(s) === MAC.routerVisited)
  }

  async nft(ns: string, ruleset: string): Promise<void> {
    const file = join(this.dir, `${ns}.nft`)
    writeFileSync(file, ruleset)
    await this.lab.exec(ns, ['nft', '-f', file])
  }

  /** Stops everything; throws if the mobile node ever got a Parameter Problem from the router. */
  async cleanup(): Promise<void> {
    const problems = this.mobileCapture ? this.parameterProblems() : []
    this.mobile?.close()
    this.homeHost?.close()
    await this.lab.cleanup()
    rmSync(this.dir, { recursive: true, force: true })
    if (problems.length > 0)
      throw new Error(
        `the router sent the mobile node ${problems.length} ICMPv6 Parameter Problem(s): ` +
          problems.map((p) => JSON.stringify(icmpv6(p))).join('; '),
      )
  }
}

/** One binding as `bc` prints it (mip6d's layout, seed 002). */
export interface BcEntry {
  hoa: string
  status: string
  coa: string
  flags: string
  local: string
  remainingS: number
  grantedS: number
  seq: number
}

const BC_ENTRY =
  /^hoa (\S+) status (\S+)\n coa (\S+) flags (\S+)\n local (\S+)\n lifetime (-?\d+) \/ (\d+) seq (\d+) /gm

/** Addresses stay as printed: eight uncompressed groups (mip6d's NIP6ADDR). */
export function parseBindingCache(text: string): BcEntry[] {
  return [...text.matchAll(BC_ENTRY)].map((m) => ({
    hoa: m[1]!,
    status: m[2]!,
    coa: m[3]!,
    flags: m[4]!,
    local: m[5]!,
    remainingS: Number(m[6]),
    grantedS: Number(m[7]),
    seq: Number(m[8]),
  }))
}

/** An address as `bc` prints it: 2001:db8::beef is 2001:db8:0:0:0:0:0:beef. */
export function bcAddress(text: string): string {
  const a = mustParse(text)
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((a[i]! << 8) | a[i + 1]!).toString(16))
  return groups.join(':')
}

/**
 * The `stats` console command as numbers: `ha received: mobility: 3, ...` gives
 * `ha received mobility`, `ha bindings: 1` gives `ha bindings`; `frames malformed 0, failed 0` gives `frames malformed` and
 * `frames failed`; `ra solicitations received 1, ignored 0, invalid 0` gives
 * `ra solicitations received`, `ra ignored`, `ra invalid`.
 */
export function parseStats(text: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const labelled = /^((?:ha|dataplane) [a-z ]+): (.*)$/.exec(line)
    if (labelled) {
      const [, label, rest] = labelled
      if (/^\d+$/.test(rest!)) out[label!] = Number(rest)
      for (const part of rest!.split(', ')) {
        const m = /^(.+): (\d+)$/.exec(part)
        if (m) out[`${label} ${m[1]}`] = Number(m[2])
      }
      continue
    }
    const [head, ...rest] = line.split(', ')
    const first = /^(.*) (\d+)$/.exec(head ?? '')
    if (!first) continue
    out[first[1]!] = Number(first[2])
    const subject = first[1]!.split(' ')[0]
    for (const part of rest) {
      const m = /^(.*) (\d+)$/.exec(part)
      if (m) out[`${subject} ${m[1]}`] = Number(m[2])
    }
  }
  return out
}
