// Between Ethernet frames on the roaming interface and the mobile node engine: which frames
// the capture takes, the engine input each makes, and the frame each send action makes
// (encoded with wire, checksums filled by encodeFrame). No protocol decisions here.
import type { MnAction, MnInput, SendBindingUpdate, SendIcmp } from '@mip6/mobile-node'
import {
  type DecodedFrame,
  type ExtensionHeader,
  encodeFrame,
  IpProtocol,
  type Ipv6Address,
  isMulticast,
  type MacAddress,
  multicastMac,
} from '@mip6/wire'

/**
 * Filtered in the kernel: Mobility Headers (bare, or after the type 2 routing header of a BA
 * or a Destination Options header), IPv6-in-IPv6 and outer fragments (the tunnel from the
 * home agent), and the ICMPv6 messages RA, DHAAD Reply and Mobile Prefix Advertisement.
 */
export const MN_FILTER =
  'ip6 and (ip6[6] == 135 or ip6[6] == 43 or ip6[6] == 60 or ip6[6] == 41 or ip6[6] == 44 or ' +
  '(ip6[6] == 58 and (ip6[40] == 134 or ip6[40] == 145 or ip6[40] == 147)))'

/** A message the engine reads, a tunnel packet for the tunnel endpoint, or nothing for us. */
export type Received = { kind: 'input'; input: MnInput } | { kind: 'tunnel' } | undefined

export function classify(ifname: string, frame: DecodedFrame): Received {
  const { packet, message } = frame
  if (packet.fragmented || packet.upperProtocol === IpProtocol.ipv6) return { kind: 'tunnel' }
  const ip = packet.header
  const common = { ifname, source: ip.source, destination: ip.destination }
  if (message?.kind === 'mobility')
    return { kind: 'input', input: { kind: 'mobility', ...common, msg: message.msg } }
  if (message?.kind !== 'icmpv6') return undefined
  const msg = message.msg
  switch (msg.kind) {
    case 'router-advert':
      return { kind: 'input', input: { kind: 'router-advert', ...common, hopLimit: ip.hopLimit, msg } }
    case 'haad-reply':
      return { kind: 'input', input: { kind: 'haad-reply', ...common, msg } }
    case 'mobile-prefix-advert':
      return { kind: 'input', input: { kind: 'mobile-prefix-advert', ...common, msg } }
    default:
      return undefined
  }
}

const DEFAULT_HOP_LIMIT = 64

/** RFC 6275 §6.3: the Home Address option, padded to its 8n+6 alignment. */
function homeAddressOption(homeAddress: Ipv6Address): ExtensionHeader {
  return {
    kind: 'destination-options',
    nextHeader: 0,
    options: [
      { kind: 'padn', padding: new Uint8Array(2) },
      { kind: 'home-address', homeAddress },
    ],
  }
}

/**
 * The frame of a send action: multicast to its group's MAC, unicast to `nextHop` (the MAC of
 * the destination if heard on the link, else of the default router); undefined without one.
 */
export function frameOf(
  a: SendBindingUpdate | SendIcmp,
  ownMac: MacAddress,
  nextHop: MacAddress | undefined,
): Uint8Array | undefined {
  const destinationMac = isMulticast(a.destination) ? multicastMac(a.destination) : nextHop
  if (destinationMac === undefined) return undefined
  const hopLimit = a.kind === 'send-icmp' ? (a.hopLimit ?? DEFAULT_HOP_LIMIT) : DEFAULT_HOP_LIMIT
  return encodeFrame({
    sourceMac: ownMac,
    destinationMac,
    header: { trafficClass: 0, flowLabel: 0, hopLimit, source: a.source, destination: a.destination },
    extensions: a.homeAddress ? [homeAddressOption(a.homeAddress)] : [],
    message: a.kind === 'send-bu' ? { kind: 'mobility', msg: a.msg } : { kind: 'icmpv6', msg: a.msg },
  })
}

export function isSend(a: MnAction): a is SendBindingUpdate | SendIcmp {
  return a.kind === 'send-bu' || a.kind === 'send-icmp'
}
