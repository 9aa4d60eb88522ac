// The Mobility Header messages the Home Agent sends (RFC 6275 §6.1.2, §6.1.8, §6.1.9), padded
// to a multiple of 8 octets with their options aligned; the checksum is the adapter's.
import {
  type BindingAck,
  type BindingError,
  type BindingRefreshRequest,
  type Ipv6Address,
  MH_COMMON_DEFAULTS,
  type MobilityOption,
  withPaddedOptions,
} from '@mip6/wire'

export function bindingAck(fields: {
  status: number
  keyManagementCompatibility: boolean
  sequence: number
  lifetimeUnits4s: number
  options: MobilityOption[]
}): BindingAck {
  return withPaddedOptions({ kind: 'binding-ack', ...MH_COMMON_DEFAULTS, otherFlags: 0, ...fields })
}

/** RFC 6275 §6.1.9: `homeAddress` is the Home Address option's, or unspecified without one. */
export function bindingError(status: number, homeAddress: Ipv6Address): BindingError {
  return withPaddedOptions({
    kind: 'binding-error',
    ...MH_COMMON_DEFAULTS,
    status,
    reserved: 0,
    homeAddress,
    options: [],
  })
}

export function bindingRefreshRequest(): BindingRefreshRequest {
  return withPaddedOptions({
    kind: 'binding-refresh-request',
    ...MH_COMMON_DEFAULTS,
    reserved: 0,
    options: [],
  })
}
