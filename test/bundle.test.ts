// The board runs one esbuild bundle; it must build and start like the checkout's command.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

describe('the single-file bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT })
  })

  it('builds and answers --version and --help like the source', () => {
    const run = (entry: string, arg: string) =>
      execFileSync(process.execPath, [entry, arg], { cwd: ROOT, encoding: 'utf8' })
    expect(run('image/dist/mip6-router.mjs', '--version')).toBe(run('bin/mip6-router.mjs', '--version'))
    expect(run('image/dist/mip6-router.mjs', '--help')).toContain('Usage: mip6-router <command>')
  })

  it('ships the embedded broker worker with aedes inside, and it listens from image/dist', async () => {
    const worker = new Worker(join(ROOT, 'image/dist/broker-worker.mjs'), {
      workerData: { host: '127.0.0.1', port: 0 },
    })
    const first = await new Promise<{ type: string; port?: number }>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    expect(first.type).toBe('listening')
    expect(first.port).toBeGreaterThan(0)
    await worker.terminate()
  })
})
