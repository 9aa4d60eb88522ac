// The mip6-router command line: picks a subcommand and hands it its arguments.
// Contracts: ../../DESIGN.md (shared/) "CLI".
import { UsageError } from './cli-args'
import { check } from './commands/check'
import { consoleCommand } from './commands/console'
import { doctor } from './commands/doctor'
import { lab } from './commands/lab'
import { mn } from './commands/mn'
import { run } from './commands/run'
import { VERSION } from './version'

interface Command {
  summary: string
  run(args: string[]): Promise<number>
}

const commands: Record<string, Command> = {
  run: { summary: 'run the router in the foreground (RAs on the configured interfaces)', run },
  check: { summary: 'validate the configuration; FILE:LINE:COL for every problem', run: check },
  doctor: { summary: 'check what the configuration needs on this machine, with fixes', run: doctor },
  console: { summary: "talk to a running router's console (bc, ra, stats, ...)", run: consoleCommand },
  lab: {
    summary: "seed 002's lab in network namespaces: a mobile node roams, a timeline shows it",
    run: lab,
  },
  mn: {
    summary: 'a mobile node on this host (mip6d.conf NodeConfig MN): roams, registers, tunnels',
    run: mn,
  },
}

function usage(): string {
  const width = Math.max(0, ...Object.keys(commands).map((n) => n.length))
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  return [
    `mip6-router ${VERSION}: a Mobile IPv6 router (Router Advertisements, Home Agent, MQTT telemetry)`,
    '',
    'Usage: mip6-router <command> [options]',
    '       mip6-router --help | --version',
    '',
    lines.length > 0 ? 'Commands:' : 'Commands: none yet in this build (see README.md "Status").',
    ...lines,
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return 0
  }
  if (name === '--version' || name === '-V') {
    console.log(VERSION)
    return 0
  }
  const command = commands[name]
  if (command === undefined) {
    console.error(`mip6-router: unknown command "${name}"\n\n${usage()}`)
    return 2
  }
  try {
    return await command.run(rest)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    console.error(`mip6-router ${name}: ${e.message} (see mip6-router ${name} --help)`)
    return 2
  }
}
