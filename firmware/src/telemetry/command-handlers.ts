// The commands the router takes over MQTT (`<prefix>/<id>/cmd/<name>`), when the config turns
// them on and allows them by name: end a binding, reload the configuration.
import type { CommandHandler, CommandRequest } from '@mip6/telemetry'
import { type Ipv6Address, parseAddress } from '@mip6/wire'

export interface CommandTargets {
  /** False when there is no such binding. */
  dropBinding?: (homeAddress: Ipv6Address) => boolean
  /** As SIGHUP: false when the new configuration was refused (the running one stays). */
  reload?: () => Promise<boolean>
}

export function commandHandlers(targets: CommandTargets): Record<string, CommandHandler> {
  const handlers: Record<string, CommandHandler> = {}
  const { dropBinding, reload } = targets
  if (dropBinding) {
    handlers['drop-binding'] = (request) => {
      const text = homeAddressArg(request)
      const hoa = text === undefined ? undefined : parseAddress(text)
      if (!hoa?.ok)
        return {
          ok: false,
          message: 'give the home address: {"homeAddress": "2001:db8::beef"} or the bare address',
        }
      return dropBinding(hoa.value)
        ? { ok: true, message: `binding of ${text} ended` }
        : { ok: false, message: `no binding for ${text}` }
    }
  }
  if (reload) {
    handlers.reload = async () =>
      (await reload())
        ? { ok: true, message: 'configuration reloaded' }
        : { ok: false, message: 'new configuration refused; the running one stays (see the log)' }
  }
  return handlers
}

function homeAddressArg(request: CommandRequest): string | undefined {
  const { args, payload } = request
  if (typeof args === 'string') return args
  if (typeof args === 'object' && args !== null && 'homeAddress' in args) {
    const value = (args as { homeAddress: unknown }).homeAddress
    return typeof value === 'string' ? value : undefined
  }
  return payload.trim() || undefined
}
