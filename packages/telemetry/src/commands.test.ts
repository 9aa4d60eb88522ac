import { describe, expect, it } from 'vitest'
import { decideCommand, MAX_COMMAND_BYTES, runCommand } from './commands'

const allow = new Set(['drop-binding'])
const bytes = (s: string) => Buffer.from(s)

describe('commands', () => {
  it('runs an allowed command with its JSON arguments', () => {
    expect(
      decideCommand(
        'mip6/r',
        'mip6/r/cmd/drop-binding',
        bytes('{"homeAddress":"2001:db8::1"}'),
        false,
        allow,
      ),
    ).toEqual({
      kind: 'run',
      request: {
        name: 'drop-binding',
        payload: '{"homeAddress":"2001:db8::1"}',
        args: { homeAddress: '2001:db8::1' },
      },
    })
  })

  it('passes a payload that is not JSON as text', () => {
    const d = decideCommand('mip6/r', 'mip6/r/cmd/drop-binding', bytes('2001:db8::1'), false, allow)
    expect(d).toMatchObject({ kind: 'run', request: { payload: '2001:db8::1', args: undefined } })
  })

  it('refuses a retained command, a command not in the allow-list and an oversized one', () => {
    expect(decideCommand('mip6/r', 'mip6/r/cmd/drop-binding', bytes('{}'), true, allow)).toMatchObject({
      kind: 'refuse',
      reason: expect.stringMatching(/retained/),
    })
    expect(decideCommand('mip6/r', 'mip6/r/cmd/reload-config', bytes(''), false, allow)).toMatchObject({
      kind: 'refuse',
      reason: 'command "reload-config" is not in the allow-list',
    })
    const big = Buffer.alloc(MAX_COMMAND_BYTES + 1, 0x20)
    expect(decideCommand('mip6/r', 'mip6/r/cmd/drop-binding', big, false, allow)).toMatchObject({
      kind: 'refuse',
    })
  })

  it('ignores topics that are not commands of this router', () => {
    expect(decideCommand('mip6/r', 'mip6/other/cmd/drop-binding', bytes(''), false, allow)).toBeUndefined()
    expect(decideCommand('mip6/r', 'mip6/r/cmd/a/b', bytes(''), false, allow)).toBeUndefined()
  })

  it('turns a handler that throws into a failed reply', async () => {
    const reply = await runCommand(
      () => {
        throw new Error('no such binding')
      },
      { name: 'drop-binding', payload: '', args: undefined },
    )
    expect(reply).toEqual({ ok: false, message: 'no such binding' })
  })
})
