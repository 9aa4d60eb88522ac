// The namespace test support must clean up after itself whatever happens, since every later
// system test builds on it.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runCommand } from '../run-command'
import { NetnsLab, requireRoot, sweepStaleNamespaces } from './netns'

const ROOT = requireRoot('netio netns')
const NETNS_MODULE = fileURLToPath(new URL('./netns.ts', import.meta.url))
const exists = (name: string) => existsSync(`/run/netns/${name}`)
/** Running, not merely unreaped: /proc/<pid>/stat's state is not Z. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('requireRoot', () => {
  it('skips with a printed reason when not root, and throws under CI', () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.stubEnv('CI', '')
    expect(requireRoot('suite x')).toBe(false)
    expect(warn).toHaveBeenCalledWith('SKIP suite x: needs root (network namespaces)')
    vi.stubEnv('CI', 'true')
    expect(() => requireRoot('suite x')).toThrow(/suite x: needs root/)
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })
})

describe.runIf(ROOT)('NetnsLab', () => {
  const lab = new NetnsLab('lab')

  afterAll(async () => {
    await lab.cleanup()
  })

  it('names namespaces uniquely with the pid, and joins them with veth pairs', async () => {
    const a = await lab.namespace('a', { dad: false })
    const b = await lab.namespace('a', { dad: false })
    expect(a).not.toBe(b)
    expect(a).toMatch(new RegExp(`^m6t-[0-9a-z]+-${process.pid}-[0-9a-f]{6}-lab-a$`))
    await lab.veth({ ns: a, ifname: 'x0' }, { ns: b, ifname: 'y0' })
    await lab.addAddress(a, 'x0', '2001:db8::1/64')
    await lab.waitDad(a, 'x0')
    expect(await lab.exec(a, ['cat', '/proc/sys/net/ipv6/conf/x0/accept_dad'])).toBe('0\n')
    expect(await lab.ip(b, ['-o', 'link', 'show', 'y0'])).toContain('state UP')
  })

  it('waits for DAD to finish where DAD is on', async () => {
    const a = await lab.namespace('dad')
    const b = await lab.namespace('dadp')
    await lab.veth({ ns: a, ifname: 'x0' }, { ns: b, ifname: 'y0' })
    await lab.addAddress(a, 'x0', '2001:db8::2/64')
    expect(await lab.ip(a, ['-6', 'addr', 'show', 'dev', 'x0', 'tentative'])).toContain('2001:db8::2')
    await lab.waitDad(a, 'x0')
    expect(await lab.ip(a, ['-6', 'addr', 'show', 'dev', 'x0', 'tentative'])).toBe('')
  })

  it('kills spawned process groups and whatever else runs inside, then deletes the namespaces', async () => {
    const own = new NetnsLab('own')
    const ns = await own.namespace('k')
    // A grandchild in the group, and a process the lab did not start itself.
    const child = own.spawn(ns, ['sh', '-c', 'sleep 300 & sleep 300'])
    const stranger = spawn('ip', ['netns', 'exec', ns, 'sleep', '300'], { stdio: 'ignore' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    const pids = (await runCommand(['ip', 'netns', 'pids', ns])).trim().split('\n').map(Number)
    expect(pids.length).toBeGreaterThanOrEqual(4)
    await own.cleanup()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(exists(ns)).toBe(false)
    expect(pids.filter(alive).map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8'))).toEqual([])
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true)
    expect(stranger.pid !== undefined && alive(stranger.pid)).toBe(false)
  })

  it('cleans up on process exit when afterAll never runs', async () => {
    const script = `
      import { NetnsLab } from ${JSON.stringify(NETNS_MODULE)}
      const lab = new NetnsLab('exit')
      const ns = await lab.namespace('e')
      lab.spawn(ns, ['sleep', '300'])
      console.log(ns)
      process.exit(1)`
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    const ns = r.stdout.trim()
    expect(ns).toMatch(/^m6t-.*-exit-e$/)
    expect(exists(ns)).toBe(false)
  })

  it('sweeps leftovers of crashed runs by name and age, and spares live or recent ones', async () => {
    const hoursAgo = (h: number) => Math.floor(Date.now() / 1000 - h * 3600).toString(36)
    const deadPid = 4_194_304 + 1 // above the largest pid_max
    const crashed = `m6t-${hoursAgo(2)}-${deadPid}-abcdef-crash-x`
    const recent = `m6t-${hoursAgo(0)}-${deadPid}-abcdef-crash-y`
    const live = `m6t-${hoursAgo(2)}-${process.pid}-abcdef-crash-z`
    for (const name of [crashed, recent, live]) await runCommand(['ip', 'netns', 'add', name])
    const inside = spawn('ip', ['netns', 'exec', crashed, 'sleep', '300'], { stdio: 'ignore' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    try {
      expect(sweepStaleNamespaces('m6t', 30)).toEqual([crashed])
      expect([crashed, recent, live].map(exists)).toEqual([false, true, true])
      await new Promise((resolve) => inside.once('exit', resolve))
    } finally {
      for (const name of [crashed, recent, live]) spawnSync('ip', ['netns', 'del', name])
    }
  })
})
