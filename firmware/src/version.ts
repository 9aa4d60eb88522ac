// The bundle inlines this at build time; from source it reads the root package.json.
import pkg from '../../package.json' with { type: 'json' }

export const VERSION: string = pkg.version
