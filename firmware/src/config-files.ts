// Reads the configuration files named on the command line and hands their texts to the
// config package (which is sans-I/O). An unreadable file is a diagnostic like any other.
import { readFile } from 'node:fs/promises'
import {
  type ConfigSources,
  type Diagnostic,
  type LoadResult,
  loadConfig,
  type SourceText,
} from '@mip6/config'

export interface ConfigFlags {
  config?: string
  radvdConf?: string
  mip6dConf?: string
}

async function read(file: string | undefined, problems: Diagnostic[]): Promise<SourceText | undefined> {
  if (file === undefined) return undefined
  try {
    return { file, text: await readFile(file, 'utf8') }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    problems.push({ severity: 'error', file, line: 0, col: 0, message: `cannot read: ${reason}` })
    return undefined
  }
}

export async function loadConfigFiles(flags: ConfigFlags): Promise<LoadResult> {
  const problems: Diagnostic[] = []
  const sources: ConfigSources = {}
  const config = await read(flags.config, problems)
  const radvdConf = await read(flags.radvdConf, problems)
  const mip6dConf = await read(flags.mip6dConf, problems)
  if (config) sources.config = config
  if (radvdConf) sources.radvdConf = radvdConf
  if (mip6dConf) sources.mip6dConf = mip6dConf
  if (problems.length > 0) return { config: undefined, diagnostics: problems, sourceMap: new Map() }
  if (!config && !radvdConf && !mip6dConf) {
    return {
      config: undefined,
      diagnostics: [
        {
          severity: 'error',
          file: '',
          line: 0,
          col: 0,
          message: 'no configuration: give --config FILE, --radvd-conf FILE or --mip6d-conf FILE',
        },
      ],
      sourceMap: new Map(),
    }
  }
  return loadConfig(sources)
}
