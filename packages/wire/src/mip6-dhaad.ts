// RFC 6275 §6.5-6.6: Dynamic Home Agent Address Discovery Request and Reply.
//
// Request (type 144): Identifier and Reserved, see mip6-identifier-request.ts.
//
// Reply (type 145):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |            Checksum           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Identifier           |             Reserved          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                     Home Agent Addresses                      .
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { type IdentifierRequest, identifierRequestCodec } from './mip6-identifier-request'
import { parseError } from './parse-error'
import { ok } from './result'

const field = {
  identifier: 4,
  reserved: 6,
  homeAgentAddresses: 8,
} as const

export type HaadRequest = IdentifierRequest<'haad-request'>

export const HaadRequest = identifierRequestCodec<HaadRequest>('haad-request', Icmpv6Type.haadRequest)

export interface HaadReply extends Icmpv6Common {
  kind: 'haad-reply'
  identifier: number
  reserved: number
  /** Global unicast addresses of the home agents, most preferred first (RFC 6275 §10.5). */
  homeAgents: Ipv6Address[]
}

export const HaadReply = messageCodec<HaadReply>({
  kind: 'haad-reply',
  type: Icmpv6Type.haadReply,
  minLength: field.homeAgentAddresses,
  parseBody(bytes, view) {
    if ((bytes.length - field.homeAgentAddresses) % IPV6_ADDRESS_LENGTH !== 0) {
      return parseError('bad-length', 'homeAgentAddresses', field.homeAgentAddresses)
    }
    const homeAgents: Ipv6Address[] = []
    for (let at = field.homeAgentAddresses; at < bytes.length; at += IPV6_ADDRESS_LENGTH) {
      homeAgents.push(bytes.subarray(at, at + IPV6_ADDRESS_LENGTH))
    }
    return ok({
      identifier: view.getUint16(field.identifier),
      reserved: view.getUint16(field.reserved),
      homeAgents,
    })
  },
  emitBody(r, buf, offset, view) {
    view.setUint16(offset + field.identifier, r.identifier)
    view.setUint16(offset + field.reserved, r.reserved)
    r.homeAgents.forEach((a, i) => {
      buf.set(a, offset + field.homeAgentAddresses + i * IPV6_ADDRESS_LENGTH)
    })
  },
  length: (r) => field.homeAgentAddresses + r.homeAgents.length * IPV6_ADDRESS_LENGTH,
})
