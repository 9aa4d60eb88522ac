// Drives the Home Agent's KernelDataPlane in the router's namespace of the check
// kernel-dataplane (../checks/kernel-dataplane.ts), which built the namespaces: a home host on
// the home link, the router, and a mobile node on the visited link whose kernel ip6ip6 tunnel
// to the HA holds its home address. The engine's changes are applied by hand, as HaService
// would pass them on; each step prints `key: value` lines that the check's verify() reads.
// Usage (in the router's namespace), bundled by ../guest-bundle.ts or through tsx:
//   node kernel-dataplane.mjs HOME_NS MN_NS
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { BindingChange, BindingView, ProxyChange } from '@mip6/home-agent'
import { parseAddress } from '@mip6/wire'
import { KernelDataPlane } from '../../../firmware/src/dataplane/kernel-dataplane'
import { probeDataPlane } from '../../../firmware/src/dataplane/probe-kernel'
import { createLogger } from '../../../firmware/src/runtime/logger'

const [homeNs, mnNs] = process.argv.slice(2)
if (!homeNs || !mnNs) throw new Error('usage: kernel-dataplane.ts HOME_NS MN_NS')

const HOME_LINK = 'r0'
const HA = '2001:db8::1'
const HOA = '2001:db8::beef'

const addr = (text: string) => {
  const r = parseAddress(text)
  if (!r.ok) throw new Error(text)
  return r.value
}
const view = (careOf: string) =>
  ({
    state: 'registered',
    homeAddress: addr(HOA),
    careOfAddress: addr(careOf),
    haAddress: addr(HA),
    ifname: HOME_LINK,
  }) as BindingView
const binding = (kind: BindingChange['kind'], careOf: string): BindingChange => ({
  kind,
  binding: view(careOf),
  careOfAddressChanged: kind === 'binding-changed',
})
const proxy = (kind: ProxyChange['kind']): ProxyChange => ({
  kind,
  ifname: HOME_LINK,
  address: addr(HOA),
  homeAddress: addr(HOA),
})

const sh = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' })
const inNs = (ns: string, argv: string[]) => sh(['ip', 'netns', 'exec', ns, ...argv])
const oneLine = (text: string) => text.trim().replaceAll('\n', ' | ') || 'none'
const sysctl = (path: string) => readFileSync(`/proc/sys/net/ipv6/conf/${path}`, 'utf8').trim()
/** A device's counter; sysfs shows the devices of the namespace of the process reading it. */
const counter = (ns: string | undefined, dev: string, c: string) => {
  const path = `/sys/class/net/${dev}/statistics/${c}`
  return Number((ns ? inNs(ns, ['cat', path]) : readFileSync(path, 'utf8')).trim())
}

/** What `ip` shows of the data plane in the router's namespace now. */
function show(step: string): void {
  console.log(`${step} at: ${Math.round(performance.now())} ms since node started`)
  const ours = sh(['ip', '-6', 'tunnel', 'show'])
    .split('\n')
    .filter((l) => l.startsWith('mip6t'))
    .join('\n')
  console.log(`${step} tunnels: ${oneLine(ours)}`)
  console.log(`${step} route: ${oneLine(sh(['ip', '-6', 'route', 'show', `${HOA}/128`]))}`)
  console.log(`${step} proxy: ${oneLine(sh(['ip', '-6', 'neigh', 'show', 'proxy']))}`)
}

function sysctls(step: string): void {
  console.log(
    `${step} sysctls: forwarding=${sysctl('all/forwarding')} proxy_ndp=${sysctl(`${HOME_LINK}/proxy_ndp`)}`,
  )
}

/** The home host pings the home address; prints the summary and the tunnel counters' growth. */
function ping(step: string, routerTunnel: string): void {
  const before = {
    mnRx: counter(mnNs, 'mt0', 'rx_packets'),
    haRx: counter(undefined, routerTunnel, 'rx_packets'),
  }
  let out: string
  try {
    out = inNs(homeNs!, ['ping', '-6', '-n', '-c', '3', '-i', '0.2', '-W', '2', HOA])
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e)
  }
  console.log(`${step} ping: ${/^\d+ packets transmitted.*$/m.exec(out)?.[0] ?? oneLine(out)}`)
  console.log(`${step} mn tunnel rx: ${counter(mnNs, 'mt0', 'rx_packets') - before.mnRx}`)
  console.log(`${step} ha tunnel rx: ${counter(undefined, routerTunnel, 'rx_packets') - before.haRx}`)
}

const dp = new KernelDataPlane({
  homeLinks: [HOME_LINK],
  logger: createLogger({ level: 'info', json: false, write: (l) => console.log(`log: ${l}`) }),
})

// What `dataplane: auto` decides here, as the router would log it.
const choice = await probeDataPlane()
console.log(`probe: data plane: ${choice.kind} (${choice.reason})`)
sysctls('before')
await dp.start()
sysctls('started')
show('started')

dp.apply(proxy('proxy-start'))
dp.apply(binding('binding-added', '2001:db8:1::100'))
await dp.settled()
show('added')
ping('added', 'mip6t0')

// Handover: the mobile node takes a second care-of address and moves its tunnel there first.
inNs(mnNs, ['ip', 'addr', 'add', '2001:db8:1::200/64', 'dev', 'm0', 'nodad'])
inNs(mnNs, ['ip', '-6', 'tunnel', 'change', 'mt0', 'local', '2001:db8:1::200'])
dp.apply(binding('binding-changed', '2001:db8:1::200'))
await dp.settled()
show('moved')
ping('moved', 'mip6t0')

dp.apply(proxy('proxy-stop'))
dp.apply(binding('binding-removed', '2001:db8:1::200'))
await dp.settled()
show('removed')

// Registered again, then the router stops with the binding still there.
dp.apply(proxy('proxy-start'))
dp.apply(binding('binding-added', '2001:db8:1::200'))
await dp.settled()
show('readded')
await dp.stop()
show('stopped')
sysctls('stopped')
console.log(`health: ${dp.health().state}`)
