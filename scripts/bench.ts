// `npm run bench [filter]`: runs every bench/*.bench.ts one after another, each in its own
// process so one bench's garbage and JIT state do not colour the next one's figures.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const roots = ['packages', 'test']
const filter = process.argv[2] ?? ''

function benches(): string[] {
  const found: string[] = []
  for (const root of roots) {
    for (const dir of readdirSync(root, { withFileTypes: true, recursive: true })) {
      if (dir.isDirectory() && dir.name === 'bench' && !dir.parentPath.includes('node_modules')) {
        const path = join(dir.parentPath, dir.name)
        for (const f of readdirSync(path)) if (f.endsWith('.bench.ts')) found.push(join(path, f))
      }
    }
  }
  return found.filter((f) => f.includes(filter)).sort()
}

let failed = 0
for (const file of benches()) {
  console.log(`\n== ${file}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exitCode = failed === 0 ? 0 : 1
