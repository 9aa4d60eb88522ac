// RFC 4443 §3: the ICMPv6 error messages. Each carries one 32-bit word and then "as much of
// the invoking packet as possible without the ICMPv6 packet exceeding the minimum IPv6 MTU"
// (RFC 4443 §3.1-3.4), kept here as raw octets.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |             Unused / MTU / Pointer (by type)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    As much of invoking packet                 |
//
// Destination Unreachable and Time Exceeded keep their Unused word whole: RFC 4884 puts a
// Length in its first octet when extensions follow; this codec does not split them out.
import { type Icmpv6Common, Icmpv6Type, type MessageCodec, messageCodec } from './icmpv6-header'
import { ok } from './result'

const field = {
  word: 4,
  invoking: 8,
} as const

/** RFC 4443 §3.1; code 7 is IANA's, from RFC 6550 and RFC 6554. */
export const DestinationUnreachableCode = {
  noRoute: 0,
  administrativelyProhibited: 1,
  beyondScopeOfSourceAddress: 2,
  addressUnreachable: 3,
  portUnreachable: 4,
  sourceAddressFailedPolicy: 5,
  rejectRoute: 6,
  errorInSourceRoutingHeader: 7,
} as const

/** RFC 4443 §3.3 */
export const TimeExceededCode = {
  hopLimitExceeded: 0,
  fragmentReassemblyTimeExceeded: 1,
} as const

/** RFC 4443 §3.4; code 3 is RFC 7112's. */
export const ParameterProblemCode = {
  erroneousHeaderField: 0,
  unrecognizedNextHeader: 1,
  unrecognizedIpv6Option: 2,
  incompleteHeaderChain: 3,
} as const

export interface DestinationUnreachable extends Icmpv6Common {
  kind: 'destination-unreachable'
  unused: number
  invoking: Uint8Array
}

export interface PacketTooBig extends Icmpv6Common {
  kind: 'packet-too-big'
  mtu: number
  invoking: Uint8Array
}

export interface TimeExceeded extends Icmpv6Common {
  kind: 'time-exceeded'
  unused: number
  invoking: Uint8Array
}

export interface ParameterProblem extends Icmpv6Common {
  kind: 'parameter-problem'
  /** Octet offset within the invoking packet where the error was detected. */
  pointer: number
  invoking: Uint8Array
}

type ErrorMessage = DestinationUnreachable | PacketTooBig | TimeExceeded | ParameterProblem
type WordName<T extends ErrorMessage> = Exclude<keyof T, keyof Icmpv6Common | 'kind' | 'invoking'>

function errorCodec<T extends ErrorMessage>(
  kind: T['kind'],
  type: number,
  word: WordName<T>,
): MessageCodec<T> {
  return messageCodec<T>({
    kind,
    type,
    minLength: field.invoking,
    parseBody: (bytes, view) =>
      ok({ [word]: view.getUint32(field.word), invoking: bytes.subarray(field.invoking) } as Omit<
        T,
        'kind' | 'code' | 'checksum'
      >),
    emitBody(m, buf, offset, view) {
      view.setUint32(offset + field.word, m[word] as number)
      buf.set(m.invoking, offset + field.invoking)
    },
    length: (m) => field.invoking + m.invoking.length,
  })
}

export const DestinationUnreachable = errorCodec<DestinationUnreachable>(
  'destination-unreachable',
  Icmpv6Type.destinationUnreachable,
  'unused',
)
export const PacketTooBig = errorCodec<PacketTooBig>('packet-too-big', Icmpv6Type.packetTooBig, 'mtu')
export const TimeExceeded = errorCodec<TimeExceeded>('time-exceeded', Icmpv6Type.timeExceeded, 'unused')
export const ParameterProblem = errorCodec<ParameterProblem>(
  'parameter-problem',
  Icmpv6Type.parameterProblem,
  'pointer',
)
