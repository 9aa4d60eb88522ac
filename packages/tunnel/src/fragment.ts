// RFC 8200 §4.5 at the tunnel entry point (RFC 2473 §7.1 (b)): a tunnel packet too big for the
// link goes in fragments. Its unfragmentable part is the tunnel header alone (we add no
// extension headers), the fragmentable part the whole original packet.
import {
  FRAGMENT_HEADER_LENGTH,
  FragmentHeader,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  Ipv6Header,
} from '@mip6/wire'

/** RFC 8200 §4.5: every fragment but the last carries a multiple of 8 octets, the offset's unit. */
export const FRAGMENT_UNIT = 8

/** The fragmentable octets each fragment carries on a link of this MTU. */
function fragmentDataLength(linkMtu: number): number {
  const room = linkMtu - IPV6_HEADER_LENGTH - FRAGMENT_HEADER_LENGTH
  return room - (room % FRAGMENT_UNIT)
}

/**
 * The fragments of the packet `header` + `payload`, each at most `linkMtu` octets, in order.
 * `header.nextHeader` is what the Fragment headers name; `payloadLength` is recomputed.
 */
export function fragmentPacket(
  header: Ipv6Header,
  payload: Uint8Array,
  linkMtu: number,
  identification: number,
): Uint8Array[] {
  const step = fragmentDataLength(linkMtu)
  const fragments: Uint8Array[] = []
  for (let start = 0; start < payload.length; start += step) {
    const data = payload.subarray(start, start + step)
    const fragment = new Uint8Array(IPV6_HEADER_LENGTH + FRAGMENT_HEADER_LENGTH + data.length)
    let at = Ipv6Header.emit(
      { ...header, payloadLength: FRAGMENT_HEADER_LENGTH + data.length, nextHeader: IpProtocol.fragment },
      fragment,
    )
    at += FragmentHeader.emit(
      {
        kind: 'fragment',
        nextHeader: header.nextHeader,
        reserved: 0,
        fragmentOffsetUnits8: start / FRAGMENT_UNIT,
        res: 0,
        moreFragments: start + step < payload.length,
        identification,
      },
      fragment,
      at,
    )
    fragment.set(data, at)
    fragments.push(fragment)
  }
  return fragments
}
