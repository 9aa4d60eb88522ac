// The VM harness itself, without booting: the initramfs it writes, the module order it takes
// from modules.dep, and what it reports when the guest never answers (a stand-in for qemu).
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireTool } from '@mip6/wire/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { chooseBackend, collectResults, commandScript, installedKernel, runChecks } from './harness'
import { buildInitramfs, moduleLoadOrder, newcArchive, staticBusybox } from './initramfs'

const tmp = mkdtempSync(join(tmpdir(), 'mip6-vm-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function write(path: string, text: string, mode = 0o644): string {
  const file = join(tmp, path)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
  chmodSync(file, mode)
  return file
}

/** Alive and not a zombie (an orphan waits for init to reap it). */
function running(pid: string): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

/** The 13 hex fields of the newc header in front of an entry's name. */
function newcHeader(archive: Buffer, path: string): number[] {
  const at = archive.indexOf(`${path}\0`) - 110
  const text = archive.subarray(at, at + 110).toString('ascii')
  expect(text.slice(0, 6)).toBe('070701')
  return Array.from({ length: 13 }, (_, i) => Number.parseInt(text.slice(6 + 8 * i, 14 + 8 * i), 16))
}

/** `busybox cpio -tv` of an archive: one line per entry. */
function cpioList(file: string): string {
  const r = spawnSync(staticBusybox()!, ['cpio', '-itv', '-F', file], { encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout
}

describe('module order from modules.dep', () => {
  it('puts each module after its dependencies, once, and leaves built-ins out', () => {
    const dir = join(tmp, 'modules')
    write(
      'modules/modules.dep',
      [
        'kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko',
        'kernel/net/9p/9pnet.ko:',
        'kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko',
        'kernel/fs/netfs/netfs.ko:',
        'kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio_ring.ko',
        'kernel/drivers/virtio/virtio_ring.ko:',
        'kernel/drivers/some-thing.ko.xz:',
        '',
      ].join('\n'),
    )
    write('modules/modules.builtin', 'kernel/fs/overlayfs/overlay.ko\n')
    expect(moduleLoadOrder(dir, ['9p', '9pnet_virtio', 'overlay', 'some_thing'])).toEqual([
      'kernel/fs/netfs/netfs.ko',
      'kernel/fs/fscache/fscache.ko',
      'kernel/net/9p/9pnet.ko',
      'kernel/fs/9p/9p.ko',
      'kernel/drivers/virtio/virtio_ring.ko',
      'kernel/net/9p/9pnet_virtio.ko',
      'kernel/drivers/some-thing.ko.xz',
    ])
    expect(() => moduleLoadOrder(dir, ['ip6_tunnel'])).toThrow(/ip6_tunnel .* not in .*modules\.dep/)
  })
})

describe('results', () => {
  it('counts a check without an exit status as failed, and 124 as its own timeout', () => {
    const share = join(tmp, 'share-results')
    write('share-results/results/a.code', '0\n')
    write('share-results/results/a.out', 'hello\n')
    write('share-results/results/a.ms', '12\n')
    write('share-results/results/b.out', 'started\n')
    write('share-results/results/c.code', '124\n')
    const r = collectResults(share, ['a', 'b', 'c'])
    expect(r.get('a')).toMatchObject({ code: 0, ok: true, stdout: 'hello\n', ms: 12, timedOut: false })
    expect(r.get('b')).toMatchObject({ code: null, ok: false, stdout: 'started\n', ms: null })
    expect(r.get('b')?.stderr).toMatch(/no exit status/)
    expect(r.get('c')).toMatchObject({ code: 124, ok: false, timedOut: true })
  })

  it('quotes a command for sh', () => {
    const argv = ['printf', '%s|', "it's", 'two words', '$HOME', '']
    const r = spawnSync('sh', ['-c', commandScript(argv)], { encoding: 'utf8' })
    expect(r.stdout).toBe("it's|two words|$HOME||")
  })
})

describe('the initramfs', () => {
  it('is a newc archive with directories, a symlink and /dev/console as device 5,1', () => {
    if (
      !requireTool(
        { available: staticBusybox() !== undefined, reason: 'busybox-static is not installed' },
        'VM harness: newc archive',
      )
    )
      return
    const archive = newcArchive([
      { path: 'bin', mode: 0o040755 },
      { path: 'bin/hello', mode: 0o100755, data: Buffer.from('#!/bin/sh\necho hi\n') },
      { path: 'bin/sh', mode: 0o120777, data: Buffer.from('busybox') },
      { path: 'dev/console', mode: 0o020600, rdev: { major: 5, minor: 1 } },
    ])
    expect(archive.length % 4).toBe(0)
    const [, mode, , , , , size, , , rdevMajor, rdevMinor] = newcHeader(archive, 'dev/console')
    expect({ mode, size, rdevMajor, rdevMinor }).toEqual({
      mode: 0o020600,
      size: 0,
      rdevMajor: 5,
      rdevMinor: 1,
    })
    const file = write('a.cpio', '')
    writeFileSync(file, archive)
    const list = cpioList(file)
    expect(list).toMatch(/^drwxr-xr-x .* bin$/m)
    expect(list).toMatch(/^-rwxr-xr-x .* 18 .* bin\/hello$/m)
    expect(list).toMatch(/^lrwxrwxrwx .* bin\/sh -> busybox$/m)
    expect(list).toMatch(/^crw------- .* dev\/console$/m)
  })

  it("holds busybox, /init and the installed kernel's 9p and overlay modules in insmod order", () => {
    const kernel = installedKernel()
    const SUITE = 'VM harness: initramfs of the installed kernel'
    const prerequisites = [
      { available: kernel !== undefined, reason: 'no kernel in /boot (apt-get install linux-image-amd64)' },
      { available: staticBusybox() !== undefined, reason: 'busybox-static is not installed' },
    ]
    if (!prerequisites.every((p) => requireTool(p, SUITE))) return
    const built = buildInitramfs(kernel!, join(tmp, 'initrd'))
    expect(built.modules.indexOf('virtio.ko')).toBeLessThan(built.modules.indexOf('virtio_pci.ko'))
    expect(built.modules.indexOf('9pnet.ko')).toBeLessThan(built.modules.indexOf('9p.ko'))
    expect(built.modules).toContain('overlay.ko')
    const list = cpioList(built.file)
    for (const path of ['init', 'bin/busybox', 'lib/modules/order', 'lib/modules/9pnet_virtio.ko'])
      expect(list).toMatch(new RegExp(` ${path}$`, 'm'))
  })
})

describe('a guest that does not answer', () => {
  const backend = chooseBackend('vm')
  const OK = (backend.kind === 'none' ? backend.missing : []).every((m) => requireTool(m, 'VM harness: qemu'))
  /** A stand-in for qemu: finds the share directory in its -virtfs arguments. */
  const fakeQemu = (body: string) =>
    write(
      `fake-qemu-${Math.random().toString(36).slice(2)}`,
      `#!/bin/sh
for a; do case "$a" in *mount_tag=share*) share=\${a#*path=}; share=\${share%%,*} ;; esac; done
${body}
`,
      0o755,
    )
  const checks = [
    { name: 'first', script: 'true' },
    { name: 'second', script: 'true' },
  ]

  it.runIf(OK)('is killed at the hard timeout, with every check failed', async () => {
    const pidFile = join(tmp, 'sleeper.pid')
    const qemu = fakeQemu(`sleep 60 & echo $! > ${pidFile}; wait`)
    const t0 = performance.now()
    const run = await runChecks(checks, { where: 'vm', qemu, hardTimeoutMs: 1_000 })
    expect(performance.now() - t0).toBeLessThan(5_000)
    expect(run).toMatchObject({ path: 'vm', timedOut: true, ok: false })
    expect([...run.results.values()].map((r) => r.code)).toEqual([null, null])
    const sleeper = readFileSync(pidFile, 'utf8').trim()
    expect(running(sleeper), "the stand-in's child: its process group was killed").toBe(false)
  })

  it.runIf(OK)('fails the checks it never reported, though qemu exits 0', async () => {
    const qemu = fakeQemu('echo 0 > "$share/results/first.code"; echo 5 > "$share/results/first.ms"')
    const run = await runChecks(checks, { where: 'vm', qemu, hardTimeoutMs: 10_000 })
    expect(run).toMatchObject({ timedOut: false, exitCode: 0, ok: false })
    expect(run.results.get('first')).toMatchObject({ code: 0, ok: true })
    expect(run.results.get('second')).toMatchObject({ code: null, ok: false })
  })
})
