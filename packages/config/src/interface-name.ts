// What makes a Linux interface name unusable (net/core/dev.c dev_valid_name), checked the same
// for radvd.conf interfaces, mip6d.conf interfaces and home links.
import { LIMITS } from './defaults'

/** Why `name` cannot name a Linux interface, or undefined when it can. */
export function interfaceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty'
  if (name.length > LIMITS.interfaceNameMax)
    return `is longer than ${LIMITS.interfaceNameMax} characters (Linux IFNAMSIZ)`
  if (name === '.' || name === '..' || /[/:\s]/.test(name))
    return 'is not a valid Linux interface name (no "/", ":" or white space)'
  return undefined
}
