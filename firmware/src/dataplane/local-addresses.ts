// This host's IPv6 addresses, kept current from the interface watcher: the userspace data
// plane decapsulates only tunnel packets addressed to us, and lets the rest be routed.
import type { InterfaceWatcher } from '@mip6/netio'
import { mustParse } from '@mip6/wire'

/** A set key for 16 address bytes; cheaper than their text, which nothing here shows. */
function keyOf(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes)
}

export class LocalAddresses {
  private keys = new Set<string>()
  private readonly reread = () => this.read()

  constructor(private readonly watcher: InterfaceWatcher) {}

  start(): void {
    this.read()
    for (const event of ['added', 'removed', 'changed'] as const) this.watcher.on(event, this.reread)
  }

  stop(): void {
    for (const event of ['added', 'removed', 'changed'] as const) this.watcher.off(event, this.reread)
  }

  has(address: Uint8Array): boolean {
    return this.keys.has(keyOf(address))
  }

  private read(): void {
    this.keys = new Set(
      this.watcher.list().flatMap((f) => f.addresses.map((a) => keyOf(mustParse(a.address)))),
    )
  }
}
