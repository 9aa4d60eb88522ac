// `mip6-router doctor`: a preflight of everything the given configuration needs on this
// machine. PASS/FAIL per prerequisite with a fix line; exit 1 on any FAIL.
import { formatDiagnostic, hasErrors } from '@mip6/config'
import { InterfaceWatcher } from '@mip6/netio'
import { CONFIG_FLAGS, parseFlags } from '../cli-args'
import { loadConfigFiles } from '../config-files'
import { runChecks } from '../doctor/checks'
import { homeAgentChecks } from '../doctor/home-agent-checks'

export const DOCTOR_USAGE = `Usage: mip6-router doctor [--config FILE] [--radvd-conf FILE] [--mip6d-conf FILE]
                          [--state-dir DIR]

Checks what the configuration needs on this machine (interfaces, link-local addresses,
forwarding, raw packet access; for a Home Agent its addresses, nftables and the state
directory) and prints PASS or FAIL with a fix for each. Exits 1 on any FAIL.`

export async function doctor(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { ...CONFIG_FLAGS, 'state-dir': { type: 'string' } })
  if (values.help) {
    console.log(DOCTOR_USAGE)
    return 0
  }
  const loaded = await loadConfigFiles({
    config: values.config,
    radvdConf: values['radvd-conf'],
    mip6dConf: values['mip6d-conf'],
  })
  const configOk = loaded.config !== undefined && !hasErrors(loaded.diagnostics)
  console.log(`${configOk ? 'PASS' : 'FAIL'}  configuration valid`)
  for (const d of loaded.diagnostics) console.log(`      ${formatDiagnostic(d)}`)
  if (!loaded.config || !configOk) return 1

  const watcher = new InterfaceWatcher()
  await watcher.start()
  const config = loaded.config
  const results = [
    ...(await runChecks({ config, interfaces: watcher.list() })),
    ...(config.homeAgent
      ? await homeAgentChecks(
          config,
          config.homeAgent,
          watcher.list(),
          values['state-dir'] ?? config.router.stateDir,
        )
      : []),
  ]
  await watcher.close()
  for (const r of results) {
    console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.what}`)
    if (!r.ok && r.fix) console.log(`      fix: ${r.fix}`)
  }
  return results.every((r) => r.ok) ? 0 : 1
}
