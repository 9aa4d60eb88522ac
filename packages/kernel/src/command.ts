// Runs a kernel configuration tool (nft, ip) and turns a failure into an error that carries
// the tool's own message, which names the real problem (missing support, missing privilege).
import { spawn } from 'node:child_process'

export type CommandRunner = (argv: readonly string[], stdin?: string) => Promise<string>

export const runTool: CommandRunner = (argv, stdin) =>
  new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      err += d
    })
    child.on('error', (e) => reject(new Error(`${argv[0]}: ${e.message}`)))
    // A tool that exits before reading its input (`nft list`, a quick failure) makes the write
    // fail with EPIPE; unhandled, that error would end the program. The exit code tells.
    child.stdin.on('error', () => {})
    child.on('close', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`${argv.join(' ')}: ${err.trim() || `exit ${code}`}`))
    })
    child.stdin.end(stdin ?? '')
  })
