// Reads scapy's view of IPv6 options (as scapy/bridge.py reports them) into our representation.
import { mustParse } from '../ipv6-address'
import type { Ipv6Option } from '../ipv6-options'
import type { ScapyLayer } from './scapy'

function bytesOfHex(value: unknown): Uint8Array {
  const text = (value as { hex: string }).hex
  return Uint8Array.from(Buffer.from(text, 'hex'))
}

/** scapy lists options as one-layer packets: `[[{layer, fields}], ...]`. */
export function optionsFromScapy(options: unknown): Ipv6Option[] {
  return (options as ScapyLayer[][]).map(([o]) => {
    const f = o!.fields
    switch (o!.layer) {
      case 'Pad1':
        return { kind: 'pad1' }
      case 'PadN':
        return { kind: 'padn', padding: bytesOfHex(f.optdata) }
      case 'RouterAlert':
        return { kind: 'router-alert', value: f.value as number }
      case 'HAO':
        return { kind: 'home-address', homeAddress: mustParse(f.hoa as string) }
      default:
        return { kind: 'unknown', type: f.otype as number, raw: bytesOfHex(f.optdata) }
    }
  })
}
