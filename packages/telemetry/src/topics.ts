// The topic tree under `<prefix>/<id>/` (DESIGN.md, "Contracts", MQTT). MQTT 3.1.1 §4.7:
// `+` and `#` are wildcards and `$` at the start of a topic is the broker's; none of them may
// appear in a name we publish to, and an empty level would put one thing on two topics.

export const SUBSYSTEMS = ['ra', 'home-agent', 'dataplane', 'ess', 'console'] as const
export type Subsystem = (typeof SUBSYSTEMS)[number]

export interface TopicTree {
  /** `<prefix>/<id>` */
  base: string
  status: string
  info: string
  events: string
  stats: string
  binding(homeAddress: string): string
  health(subsystem: Subsystem): string
  stations(ifname: string): string
  iface(ifname: string): string
  command(name: string): string
  commandReply(name: string): string
  /** Families whose members come and go: a retained one the router no longer has is cleared. */
  dynamicFamilies: string[]
  commandFilter: string
}

/** Why `level` cannot be one level of a topic name, or undefined when it can. */
export function topicLevelProblem(level: string): string | undefined {
  if (level === '') return 'is empty'
  if (/[+#/\0]/.test(level)) return 'holds one of + # / or NUL'
  if (Buffer.byteLength(level) > 1024) return 'is longer than 1024 bytes'
  return undefined
}

/** Why `prefix` (one or more levels) cannot start our topics, or undefined when it can. */
export function topicPrefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith('$')) return 'starts with $ (reserved for the broker, MQTT 3.1.1 §4.7.2)'
  for (const level of prefix.split('/')) {
    const p = topicLevelProblem(level)
    if (p) return `has a level that ${p}`
  }
  return undefined
}

export function topicTree(prefix: string, id: string): TopicTree {
  const base = `${prefix}/${id}`
  const level = (what: string, value: string) => {
    const p = topicLevelProblem(value)
    if (p) throw new RangeError(`${what} "${value}" cannot be an MQTT topic level: it ${p}`)
    return value
  }
  return {
    base,
    status: `${base}/status`,
    info: `${base}/info`,
    events: `${base}/events`,
    stats: `${base}/stats`,
    binding: (hoa) => `${base}/bindings/${level('home address', hoa)}`,
    health: (s) => `${base}/health/${s}`,
    stations: (ifname) => `${base}/stations/${level('interface name', ifname)}`,
    iface: (ifname) => `${base}/interfaces/${level('interface name', ifname)}`,
    command: (name) => `${base}/cmd/${level('command name', name)}`,
    commandReply: (name) => `${base}/cmd-reply/${level('command name', name)}`,
    dynamicFamilies: [`${base}/bindings/+`, `${base}/stations/+`, `${base}/interfaces/+`, `${base}/health/+`],
    commandFilter: `${base}/cmd/+`,
  }
}

/** MQTT topic filter matching (MQTT 3.1.1 §4.7.1), for the families we subscribe to. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/')
  const t = topic.split('/')
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true
    if (i >= t.length) return false
    if (f[i] !== '+' && f[i] !== t[i]) return false
  }
  return f.length === t.length
}
