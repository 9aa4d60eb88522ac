// The prerequisites `doctor` checks for a configuration, each with the fix a user can type.
// A check says what is really wrong: a missing capability is not missing kernel support.
import { createRequire } from 'node:module'
import type { RouterConfig } from '@mip6/config'
import { type InterfaceFacts, readIpv6Sysctl, readNetCapabilities } from '@mip6/netio'

export interface CheckResult {
  ok: boolean
  what: string
  /** The command or change that makes a FAIL pass. */
  fix?: string
}

export interface DoctorContext {
  config: RouterConfig
  interfaces: InterfaceFacts[]
  procRoot?: string
}

export async function runChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  return [
    await capabilities(),
    packetCapture(),
    await forwarding(ctx),
    ...ctx.config.interfaces.flatMap((i) => interfaceChecks(i.name, ctx.interfaces)),
  ]
}

async function capabilities(): Promise<CheckResult> {
  const caps = await readNetCapabilities().catch(() => undefined)
  const ok = caps?.netRaw === true && caps.netAdmin
  return {
    ok,
    what: ok
      ? 'raw packet access (CAP_NET_RAW, CAP_NET_ADMIN)'
      : 'raw packet access: CAP_NET_RAW and CAP_NET_ADMIN missing',
    fix: 'run as root, or: setcap cap_net_raw,cap_net_admin+ep "$(readlink -f "$(command -v node)")"',
  }
}

function packetCapture(): CheckResult {
  try {
    createRequire(import.meta.url)('cap')
    return { ok: true, what: 'libpcap binding (cap) loads' }
  } catch (e) {
    return {
      ok: false,
      what: `libpcap binding (cap) does not load: ${(e as Error).message.split('\n')[0]}`,
      fix: 'apt-get install libpcap-dev && npm rebuild cap',
    }
  }
}

async function forwarding(ctx: DoctorContext): Promise<CheckResult> {
  const value = await readIpv6Sysctl('all', 'forwarding', ctx.procRoot).catch(() => undefined)
  return {
    ok: value === 1,
    what:
      value === 1
        ? 'IPv6 forwarding on (net.ipv6.conf.all.forwarding=1)'
        : 'IPv6 forwarding off: RAs would carry router lifetime 0 and nothing is routed',
    fix: 'sysctl -w net.ipv6.conf.all.forwarding=1; to keep it: echo net.ipv6.conf.all.forwarding=1 > /etc/sysctl.d/90-mip6-router.conf',
  }
}

function interfaceChecks(name: string, all: InterfaceFacts[]): CheckResult[] {
  const facts = all.find((f) => f.name === name)
  if (!facts) {
    return [
      {
        ok: false,
        what: `${name}: not present (run waits for it and starts its RAs when it appears)`,
        fix: 'check the name with "ip link"; a radio may need its driver or hostapd first',
      },
    ]
  }
  return [
    { ok: true, what: `${name}: present (index ${facts.ifindex})` },
    {
      ok: facts.adminUp && facts.operUp,
      what: facts.adminUp ? `${name}: ${facts.operUp ? 'up' : 'no carrier'}` : `${name}: down`,
      fix: facts.adminUp ? `connect the link (radio associated, cable in)` : `ip link set ${name} up`,
    },
    {
      ok: facts.linkLocalReady,
      what: facts.linkLocalReady
        ? `${name}: link-local address ${facts.linkLocal?.address} ready`
        : `${name}: no usable link-local address (${facts.linkLocal ? 'DAD not finished or failed' : 'none'})`,
      fix: `ip -6 addr show dev ${name}; enable IPv6 on it (sysctl -w net.ipv6.conf.${name}.disable_ipv6=0)`,
    },
  ]
}
