// Commands over MQTT: `<prefix>/<id>/cmd/<name>`, a JSON (or plain text) payload, the reply
// on the MQTT 5 response topic when the request names one (with its correlation data), else
// on `<prefix>/<id>/cmd-reply/<name>`. Off unless enabled; enabled only on an authenticated
// connection and for the names in the allow-list (options.ts checks both). A retained
// command is refused: it would run again on every reconnect and for every later subscriber.

export interface CommandRequest {
  name: string
  /** The payload as text. */
  payload: string
  /** The payload parsed as JSON, or undefined when it is not JSON. */
  args: unknown
}

export interface CommandReply {
  ok: boolean
  message?: string
  data?: unknown
}

export type CommandHandler = (request: CommandRequest) => CommandReply | Promise<CommandReply>

export const MAX_COMMAND_BYTES = 4096

export type CommandDecision =
  | { kind: 'run'; request: CommandRequest }
  | { kind: 'refuse'; name: string; reason: string }

/** What to do with a message on `<base>/cmd/<name>`; undefined for other topics. */
export function decideCommand(
  base: string,
  topic: string,
  payload: Uint8Array,
  retain: boolean,
  allow: ReadonlySet<string>,
): CommandDecision | undefined {
  const head = `${base}/cmd/`
  if (!topic.startsWith(head)) return undefined
  const name = topic.slice(head.length)
  if (name === '' || name.includes('/')) return undefined
  if (retain)
    return {
      kind: 'refuse',
      name,
      reason: 'retained commands are refused: publish the command without retain',
    }
  if (!allow.has(name)) return { kind: 'refuse', name, reason: `command "${name}" is not in the allow-list` }
  if (payload.length > MAX_COMMAND_BYTES)
    return { kind: 'refuse', name, reason: `command payload is over ${MAX_COMMAND_BYTES} bytes` }
  const text = Buffer.from(payload).toString('utf8')
  let args: unknown
  try {
    args = text === '' ? undefined : JSON.parse(text)
  } catch {
    args = undefined
  }
  return { kind: 'run', request: { name, payload: text, args } }
}

/** Runs a handler; a throw or a rejection becomes `{ ok: false }` with its message. */
export async function runCommand(handler: CommandHandler, request: CommandRequest): Promise<CommandReply> {
  try {
    const reply = await handler(request)
    return reply
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) }
  }
}
