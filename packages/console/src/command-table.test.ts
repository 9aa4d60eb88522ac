import { describe, expect, it } from 'vitest'
import { CommandRegistry, type CommandTable, type DispatchOptions, suggest } from './command-table'

const TABLE: CommandTable = {
  stats: { summary: 'packet and message counters', usage: 'stats', mutating: false, run: () => 'rx 1\n' },
  bc: {
    summary: 'binding cache',
    usage: 'bc [HOME-ADDRESS]',
    mutating: false,
    run: (args) => `bc ${args.join(',')}`,
  },
  'bc-flush': { summary: 'drop every binding', usage: 'bc-flush', mutating: true, run: () => 'flushed' },
  boom: {
    summary: 'throws',
    usage: 'boom',
    mutating: false,
    run: () => {
      throw new Error('kaboom')
    },
  },
  reject: {
    summary: 'rejects',
    usage: 'reject',
    mutating: false,
    run: () => Promise.reject(new Error('later')),
  },
  hang: {
    summary: 'never answers',
    usage: 'hang',
    mutating: false,
    run: () => new Promise<string>(() => {}),
  },
}

const readOnly: DispatchOptions = { allowCommands: false, commandTimeoutMs: 1000 }
const allowed: DispatchOptions = { allowCommands: true, commandTimeoutMs: 1000 }

describe('CommandRegistry.dispatch', () => {
  const registry = new CommandRegistry(TABLE)

  it('help lists every command with its summary, built-ins last, mutating ones marked', async () => {
    const { text, error } = await registry.dispatch('help', readOnly)
    expect(error).toBe(false)
    expect(text.split('\n')).toEqual([
      'commands:',
      '  bc          binding cache',
      '  bc-flush *  drop every binding',
      '  boom        throws',
      '  hang        never answers',
      '  reject      rejects',
      '  stats       packet and message counters',
      '  help        list the commands; help COMMAND shows its usage',
      '  quit        close this session (also exit, Ctrl-D)',
      '  exit        close this session (also quit, Ctrl-D)',
      "* changes the router's state; refused here (read-only console: set console.allowCommands: true)",
    ])
  })

  it('help NAME gives the usage', async () => {
    expect((await registry.dispatch('help bc', readOnly)).text).toBe(
      'bc: binding cache\nusage: bc [HOME-ADDRESS]',
    )
    expect((await registry.dispatch('help quit', readOnly)).text).toBe(
      'quit: close this session (also exit, Ctrl-D)\nusage: quit',
    )
    expect((await registry.dispatch('help stast', readOnly)).text).toBe(
      'error: unknown command "stast"; did you mean "stats"? (help lists the commands)',
    )
  })

  it('names an unknown command and suggests the closest one', async () => {
    expect(await registry.dispatch('stat', readOnly)).toEqual({
      text: 'error: unknown command "stat"; did you mean "stats"? (help lists the commands)',
      error: true,
      close: false,
    })
    expect((await registry.dispatch('frobnicate', readOnly)).text).toBe(
      'error: unknown command "frobnicate" (help lists the commands)',
    )
  })

  it('passes the arguments and ignores case and extra blanks in the name', async () => {
    expect((await registry.dispatch('  BC  2001:db8::beef   x ', readOnly)).text).toBe('bc 2001:db8::beef,x')
  })

  it('refuses a mutating command on a read-only console and runs it when allowed', async () => {
    expect((await registry.dispatch('bc-flush', readOnly)).text).toBe(
      'error: bc-flush: read-only console: set console.allowCommands: true',
    )
    expect((await registry.dispatch('bc-flush', allowed)).text).toBe('flushed')
  })

  it('turns a command that throws or rejects into an error reply carrying the failure', async () => {
    const thrown = await registry.dispatch('boom', readOnly)
    expect(thrown.text).toBe('error: boom failed: kaboom')
    expect(thrown.failure).toBeInstanceOf(Error)
    expect((await registry.dispatch('reject', readOnly)).text).toBe('error: reject failed: later')
  })

  it('answers for a command that hangs once its time is up', async () => {
    const reply = await registry.dispatch('hang', { allowCommands: false, commandTimeoutMs: 20 })
    expect(reply.text).toBe('error: hang: no answer within 0.02 s')
  })

  it('closes on quit and exit, and gives nothing for an empty line', async () => {
    expect(await registry.dispatch('quit', readOnly)).toEqual({ text: 'bye', error: false, close: true })
    expect((await registry.dispatch('exit', readOnly)).close).toBe(true)
    expect(await registry.dispatch('   ', readOnly)).toEqual({ text: '', error: false, close: false })
  })
})

describe('CommandRegistry.register', () => {
  const command = { summary: 's', usage: 'u', mutating: false, run: () => '' }

  it('refuses built-in, taken and malformed names', () => {
    const registry = new CommandRegistry({ ra: command })
    expect(() => registry.register('help', command)).toThrow('"help" is built in')
    expect(() => registry.register('ra', command)).toThrow('registered twice')
    expect(() => registry.register('Bad Name', command)).toThrow('lower-case')
    registry.register('hal', command)
    expect(registry.names()).toEqual(['hal', 'ra'])
  })
})

describe('suggest', () => {
  it('prefers the one command a prefix names, else a close spelling, else nothing', () => {
    const names = ['bc', 'ra', 'ess', 'hal', 'stats', 'help']
    expect(suggest('st', names)).toBe('stats')
    expect(suggest('hall', names)).toBe('hal')
    expect(suggest('sttas', names)).toBe('stats')
    expect(suggest('xyzzy', names)).toBeUndefined()
  })
})
