// The guest's initramfs: busybox-static, the /init of guest/init.sh, and the modules that mount
// the host root over 9p under an overlay, taken from /lib/modules/<version> of the installed
// Debian kernel (dependencies from modules.dep). The newc cpio archive is written here, so no
// cpio tool and no mknod rights are needed for /dev/console.
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

/** What /init needs before the host root is there; their dependencies come from modules.dep. */
export const BOOT_MODULES = ['virtio_pci', '9pnet_virtio', '9p', 'overlay'] as const

const BUSYBOX_PATHS = ['/bin/busybox', '/usr/bin/busybox']
const INIT_SCRIPT = join(import.meta.dirname, 'guest', 'init.sh')

/** A kernel with its modules: the image qemu boots (or the running one on the host path). */
export interface Kernel {
  version: string
  /** /boot/vmlinuz-<version>; empty when the running kernel is used. */
  image: string
  modulesDir: string
}

export interface CpioEntry {
  path: string
  /** Full st_mode, type bits included (0o040755 a directory, 0o100755 a file, ...). */
  mode: number
  data?: Buffer
  /** Device numbers of a character or block device. */
  rdev?: { major: number; minor: number }
}

const S_IFDIR = 0o040000
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const S_IFCHR = 0o020000

/** The newc ("070701") archive the kernel unpacks into its rootfs, uncompressed. */
export function newcArchive(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  const push = (b: Buffer) => {
    parts.push(b)
    offset += b.length
  }
  const pad4 = () => {
    if (offset % 4) push(Buffer.alloc(4 - (offset % 4)))
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0')
  const all = [...entries, { path: 'TRAILER!!!', mode: 0 }]
  all.forEach((e, i) => {
    const name = Buffer.from(`${e.path.replace(/^\/+/, '')}\0`)
    const data = e.data ?? Buffer.alloc(0)
    const isTrailer = i === all.length - 1
    const fields = [
      isTrailer ? 0 : i + 1, // ino
      e.mode,
      0, // uid
      0, // gid
      e.mode & S_IFDIR ? 2 : 1, // nlink
      0, // mtime
      data.length,
      0, // devmajor
      0, // devminor
      e.rdev?.major ?? 0,
      e.rdev?.minor ?? 0,
      name.length,
      0, // check
    ]
    push(Buffer.from(`070701${fields.map(hex).join('')}`, 'ascii'))
    push(name)
    pad4()
    if (data.length) {
      push(data)
      pad4()
    }
  })
  return Buffer.concat(parts)
}

const stem = (file: string) =>
  basename(file)
    .replace(/\.ko(\.(xz|zst|gz))?$/, '')
    .replaceAll('-', '_')

/**
 * Paths (relative to modulesDir) of the named modules and everything they depend on, each
 * after its dependencies: the insmod order. Built-in modules are left out.
 */
export function moduleLoadOrder(modulesDir: string, names: readonly string[]): string[] {
  const deps = new Map<string, { path: string; deps: string[] }>()
  for (const line of readFileSync(join(modulesDir, 'modules.dep'), 'utf8').split('\n')) {
    const [path, rest] = line.split(':')
    if (!path || rest === undefined) continue
    deps.set(stem(path), { path, deps: rest.trim().split(/\s+/).filter(Boolean) })
  }
  const builtinFile = join(modulesDir, 'modules.builtin')
  const builtin = new Set(
    existsSync(builtinFile) ? readFileSync(builtinFile, 'utf8').split('\n').filter(Boolean).map(stem) : [],
  )
  const order: string[] = []
  const visit = (name: string, from: string) => {
    const key = stem(name)
    const mod = deps.get(key)
    if (!mod) {
      if (builtin.has(key)) return
      throw new Error(`module ${name} (needed by ${from}) is not in ${modulesDir}/modules.dep`)
    }
    if (order.includes(mod.path)) return
    // modules.dep lists the dependencies in the order modprobe loads them backwards.
    for (const dep of [...mod.deps].reverse()) visit(dep, name)
    order.push(mod.path)
  }
  for (const name of names) visit(name, 'the initramfs')
  return order
}

/** The installed busybox when it is statically linked (busybox-static), else undefined. */
export function staticBusybox(): string | undefined {
  for (const path of BUSYBOX_PATHS) {
    if (existsSync(path) && isStaticElf(path)) return path
  }
  return undefined
}

/** An ELF file without a PT_INTERP program header runs without a dynamic loader. */
function isStaticElf(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(64)
    readSync(fd, head, 0, 64, 0)
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2) return false // ELF64 only
    const phoff = Number(head.readBigUInt64LE(32))
    const phentsize = head.readUInt16LE(54)
    const phnum = head.readUInt16LE(56)
    const ph = Buffer.alloc(phentsize * phnum)
    readSync(fd, ph, 0, ph.length, phoff)
    for (let i = 0; i < phnum; i++) if (ph.readUInt32LE(i * phentsize) === 3) return false
    return true
  } finally {
    closeSync(fd)
  }
}

/** A module's bytes, decompressed here when the kernel package ships .ko.xz or .ko.zst. */
function moduleBytes(file: string): Buffer {
  const tool = file.endsWith('.xz')
    ? 'xz'
    : file.endsWith('.zst')
      ? 'zstd'
      : file.endsWith('.gz')
        ? 'gzip'
        : ''
  if (!tool) return readFileSync(file)
  const r = spawnSync(tool, ['-dc', file], { maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`${tool} -dc ${file} failed: ${r.stderr?.toString() ?? r.error}`)
  return r.stdout
}

export interface Initramfs {
  file: string
  bytes: number
  /** Module file names in insmod order. */
  modules: string[]
}

/** Writes the initramfs for `kernel` to `file`. */
export function buildInitramfs(kernel: Kernel, file: string): Initramfs {
  const busybox = staticBusybox()
  if (!busybox) throw new Error('no statically linked busybox (apt-get install busybox-static)')
  const order = moduleLoadOrder(kernel.modulesDir, BOOT_MODULES)
  const dir = (path: string): CpioEntry => ({ path, mode: S_IFDIR | 0o755 })
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'proc', 'sys', 'lib', 'lib/modules'].map(dir),
    { path: 'dev/console', mode: S_IFCHR | 0o600, rdev: { major: 5, minor: 1 } },
    { path: 'bin/busybox', mode: S_IFREG | 0o755, data: readFileSync(busybox) },
    { path: 'bin/sh', mode: S_IFLNK | 0o777, data: Buffer.from('busybox') },
    { path: 'init', mode: S_IFREG | 0o755, data: readFileSync(INIT_SCRIPT) },
  ]
  const names: string[] = []
  for (const rel of order) {
    const name = `${stem(rel)}.ko`
    names.push(name)
    entries.push({
      path: `lib/modules/${name}`,
      mode: S_IFREG | 0o644,
      data: moduleBytes(join(kernel.modulesDir, rel)),
    })
  }
  entries.push({
    path: 'lib/modules/order',
    mode: S_IFREG | 0o644,
    data: Buffer.from(`${names.join('\n')}\n`),
  })
  writeFileSync(file, newcArchive(entries))
  return { file, bytes: statSync(file).size, modules: names }
}
