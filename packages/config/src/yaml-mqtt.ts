// The mqtt section of the YAML format: where telemetry goes and how it logs in. Only types are
// checked here; the telemetry package judges the values when it starts, naming the setting,
// and the firmware points at the setting's place in the file (the marks made here).
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml'
import { setField } from './draft'
import type { MqttConfig } from './schema'
import type { YamlReader } from './yaml-config'
import { readBool, readNonEmptyString, readUint } from './yaml-values'

type Kind = 'bool' | 'uint' | 'string' | 'list'

const MQTT_KEYS: Record<string, Kind | Record<string, Kind>> = {
  enabled: 'bool',
  url: 'string',
  username: 'string',
  passwordFile: 'string',
  prefix: 'string',
  keepaliveS: 'uint',
  statsIntervalS: 'uint',
  eventQueueLimit: 'uint',
  redactMacs: 'bool',
  brokerPort: 'uint',
  tls: { caFile: 'string', certFile: 'string', keyFile: 'string', verify: 'bool', servername: 'string' },
  discovery: { enabled: 'bool', prefix: 'string' },
  commands: { enabled: 'bool', allow: 'list' },
}

/** Fills `mqtt` from the node of the `mqtt` key. */
export function decodeMqtt(r: YamlReader, node: Node | null, mqtt: MqttConfig): void {
  section(r, node, 'mqtt', MQTT_KEYS, mqtt as unknown as Record<string, unknown>)
}

function section(
  r: YamlReader,
  node: Node | null,
  path: string,
  keys: Record<string, Kind | Record<string, Kind>>,
  target: Record<string, unknown>,
): void {
  if (r.isNull(node)) return
  if (!isMap(node)) {
    r.error(node, `${path} must be a mapping (${Object.keys(keys).join(', ')})`)
    return
  }
  r.mark(path, r.lastKey, path)
  r.entries(node as YAMLMap, Object.keys(keys), path, (key, value, keyText) => {
    const kind = keys[key]!
    const at = `${path}.${key}`
    if (typeof kind === 'object') {
      section(r, value, at, kind, target[key] as Record<string, unknown>)
      return
    }
    const v = scalar(r, kind, value, keyText)
    if (v === undefined) return
    setField(target, key, v)
    r.mark(at, value, keyText)
  })
}

function scalar(r: YamlReader, kind: Kind, node: Node | null, keyText: string): unknown {
  switch (kind) {
    case 'bool':
      return readBool(r, node, keyText)
    case 'uint':
      return readUint(r, node, keyText)
    case 'string':
      return readNonEmptyString(r, node, keyText)
    case 'list': {
      const items = isSeq(node) ? (node.items as Array<Node | null>) : [node]
      const out = items.map((item) => readNonEmptyString(r, item, keyText))
      return out.every((v) => v !== undefined) ? out : undefined
    }
  }
}
