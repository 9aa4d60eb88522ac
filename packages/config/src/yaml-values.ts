// Scalar readers the YAML sections share: each returns the value, or reports the node with
// what was expected and returns undefined.
import { isScalar, type Node } from 'yaml'
import { LIMITS } from './defaults'
import type { YamlReader } from './yaml-config'

const BOOL = 'true or false (or enabled, disabled)'

/** Also mip6d's enabled/disabled and radvd's on/off. */
export function readBool(r: YamlReader, node: Node | null, keyText: string): boolean | undefined {
  const v = isScalar(node) ? node.value : undefined
  if (typeof v === 'boolean') return v
  if (v === 'on' || v === 'enabled') return true
  if (v === 'off' || v === 'disabled') return false
  return r.wrongType(node, keyText, BOOL)
}

export function readUint(r: YamlReader, node: Node | null, keyText: string): number | undefined {
  const v = isScalar(node) ? node.value : undefined
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.uint32Max) return v
  return r.wrongType(node, keyText, `a whole number 0..${LIMITS.uint32Max}`)
}

export function readSeconds(r: YamlReader, node: Node | null, keyText: string): number | undefined {
  const v = isScalar(node) ? node.value : undefined
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v
  return r.wrongType(node, keyText, 'a number of seconds (fractions allowed)')
}

export function readNonEmptyString(r: YamlReader, node: Node | null, keyText: string): string | undefined {
  const v = isScalar(node) ? node.value : undefined
  if (typeof v === 'string' && v !== '') return v
  return r.wrongType(node, keyText, 'a string')
}
