// `mip6-router check`: validate the configuration and print every problem at once as
// FILE:LINE:COL: severity: message. Exit 0 when there is no error (warnings allowed), else 1.
import { formatDiagnostic, hasErrors } from '@mip6/config'
import { CONFIG_FLAGS, parseFlags } from '../cli-args'
import { loadConfigFiles } from '../config-files'

export const CHECK_USAGE = `Usage: mip6-router check [--config FILE] [--radvd-conf FILE] [--mip6d-conf FILE]

Validates the configuration (native YAML, radvd.conf, mip6d.conf) and prints each error and warning as
FILE:LINE:COL: severity: message. Exits 0 when there are no errors, 1 otherwise.`

export async function check(args: string[]): Promise<number> {
  const { values } = parseFlags(args, CONFIG_FLAGS)
  if (values.help) {
    console.log(CHECK_USAGE)
    return 0
  }
  const result = await loadConfigFiles({
    config: values.config,
    radvdConf: values['radvd-conf'],
    mip6dConf: values['mip6d-conf'],
  })
  for (const d of result.diagnostics) console.error(formatDiagnostic(d))
  if (hasErrors(result.diagnostics)) return 1
  const interfaces = result.config?.interfaces.map((i) => i.name).join(', ') || 'none'
  console.log(`configuration OK (interfaces: ${interfaces})`)
  return 0
}
