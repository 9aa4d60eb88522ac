// runTool: a tool's failure becomes an error with its message; a tool that exits without
// reading its input (a quick failure, `nft list`) must not take the program down with EPIPE.
import { describe, expect, it } from 'vitest'
import { runTool } from './command'

describe('runTool', () => {
  it('survives a tool that exits without reading its input', async () => {
    // More than a pipe holds, so the write is still going when `true` has exited.
    await expect(runTool(['true'], 'x'.repeat(1 << 20))).resolves.toBe('')
  })

  it("rejects with the tool's own message when it fails", async () => {
    await expect(
      runTool(['sh', '-c', 'echo no such table >&2; exit 1'], 'x'.repeat(1 << 20)),
    ).rejects.toThrow(/no such table/)
  })
})
