// RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2 and §8.1: the checks a node makes on a received
// Router Solicitation, Router Advertisement, Neighbor Solicitation, Neighbor Advertisement or
// Redirect before acting on it, those that need the enclosing IPv6 header. A message failing
// any of them MUST be silently discarded. Pure: the engines call it on parsed messages.
//
// Checked elsewhere: the ICMP checksum (icmpv6ChecksumValid) and "all included options have a
// length that is greater than zero" (the option walk refuses the message). Not checkable
// here: RFC 4861 §8.1's "the IP source address of the Redirect is the same as the current
// first-hop router for the specified ICMP Destination Address", which needs the routing table.
import { Icmpv6Message } from './icmpv6'
import {
  addressEquals,
  type Ipv6Address,
  isLinkLocalUnicast,
  isMulticast,
  isUnspecified,
  solicitedNodeMulticast,
} from './ipv6-address'
import type { NeighborAdvert } from './nd-neighbor-advert'
import type { NeighborSolicit } from './nd-neighbor-solicit'
import type { Redirect } from './nd-redirect'
import type { RouterAdvert } from './nd-router-advert'
import type { RouterSolicit } from './nd-router-solicit'

export type NdMessage = RouterSolicit | RouterAdvert | NeighborSolicit | NeighborAdvert | Redirect

/** What the checks need from the IPv6 header the message came in. */
export interface NdReceiveContext {
  source: Ipv6Address
  destination: Ipv6Address
  hopLimit: number
  /** The ICMP length derived from the IP length; defaults to the parsed message's length. */
  icmpLength?: number
}

export type NdRule =
  | 'hop-limit-255'
  | 'code-zero'
  | 'icmp-length'
  | 'source-link-local'
  | 'no-slla-from-unspecified'
  | 'dad-to-solicited-node'
  | 'target-not-multicast'
  | 'solicited-zero-to-multicast'
  | 'redirect-target'
  | 'redirect-destination-not-multicast'

export interface NdViolation {
  rule: NdRule
  /** Where the RFC states the rule, e.g. "RFC 4861 §6.1.2". */
  clause: string
  detail: string
}

const HOP_LIMIT = 255

/** RFC 4291 §2.7.1: ff02::1:ff00:0/104, i.e. its own solicited-node address. */
function isSolicitedNodeMulticast(a: Ipv6Address): boolean {
  return addressEquals(solicitedNodeMulticast(a), a)
}

/** The clause of each message's list, and its "ICMP length ... is N or more octets". */
const rules: Record<NdMessage['kind'], { clause: string; minLength: number }> = {
  'router-solicit': { clause: 'RFC 4861 §6.1.1', minLength: 8 },
  'router-advert': { clause: 'RFC 4861 §6.1.2', minLength: 16 },
  'neighbor-solicit': { clause: 'RFC 4861 §7.1.1', minLength: 24 },
  'neighbor-advert': { clause: 'RFC 4861 §7.1.2', minLength: 24 },
  redirect: { clause: 'RFC 4861 §8.1', minLength: 40 },
}

/** Every rule `message`, received in an IPv6 header like `ip`, breaks; empty when it is valid. */
export function ndViolations(ip: NdReceiveContext, message: NdMessage): NdViolation[] {
  const { clause, minLength } = rules[message.kind]
  const out: NdViolation[] = []
  const violate = (rule: NdRule, detail: string) => out.push({ rule, clause, detail })

  if (ip.hopLimit !== HOP_LIMIT) violate('hop-limit-255', `IP Hop Limit is ${ip.hopLimit}, must be 255`)
  if (message.code !== 0) violate('code-zero', `ICMP Code is ${message.code}, must be 0`)
  const icmpLength = ip.icmpLength ?? Icmpv6Message.length(message)
  if (icmpLength < minLength) violate('icmp-length', `ICMP length ${icmpLength} is under ${minLength} octets`)

  const hasSlla = message.options.some((o) => o.kind === 'source-lla')
  switch (message.kind) {
    case 'router-solicit':
      if (isUnspecified(ip.source) && hasSlla) {
        violate('no-slla-from-unspecified', 'unspecified source with a Source Link-layer Address option')
      }
      break
    case 'router-advert':
      if (!isLinkLocalUnicast(ip.source)) violate('source-link-local', 'IP Source Address is not link-local')
      break
    case 'neighbor-solicit':
      if (isMulticast(message.target)) violate('target-not-multicast', 'Target Address is multicast')
      if (isUnspecified(ip.source)) {
        if (!isSolicitedNodeMulticast(ip.destination)) {
          violate('dad-to-solicited-node', 'unspecified source, destination is not a solicited-node address')
        }
        if (hasSlla)
          violate('no-slla-from-unspecified', 'unspecified source with a Source Link-layer Address option')
      }
      break
    case 'neighbor-advert':
      if (isMulticast(message.target)) violate('target-not-multicast', 'Target Address is multicast')
      if (isMulticast(ip.destination) && message.solicited) {
        violate(
          'solicited-zero-to-multicast',
          'Solicited flag set on an advertisement to a multicast address',
        )
      }
      break
    case 'redirect':
      if (!isLinkLocalUnicast(ip.source)) violate('source-link-local', 'IP Source Address is not link-local')
      if (!isLinkLocalUnicast(message.target) && !addressEquals(message.target, message.destination)) {
        violate('redirect-target', 'Target Address is neither link-local nor the Destination Address')
      }
      if (isMulticast(message.destination)) {
        violate('redirect-destination-not-multicast', 'ICMP Destination Address is multicast')
      }
      break
  }
  return out
}
