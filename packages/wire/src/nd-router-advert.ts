// RFC 4861 §4.2: Router Advertisement, with the Home Agent flag of RFC 6275 §7.1, the Default
// Router Preference of RFC 4191 §2.2 and the Proxy flag of RFC 4389 §4.1.3.3.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Cur Hop Limit |M|O|H|Prf|P|Rsv|       Router Lifetime         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Reachable Time                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Retrans Timer                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Options ...
import { type Icmpv6Common, Icmpv6Type, messageCodec } from './icmpv6-header'
import { emitNdOptions, type NdOption, ndOptionsLength, parseNdOptions } from './nd-options'
import { preferenceFromBits, preferenceToBits, type RouterPreference } from './nd-preference'
import { ok } from './result'

const field = {
  curHopLimit: 4,
  flags: 5,
  routerLifetime: 6,
  reachableTime: 8,
  retransTimer: 12,
  options: 16,
} as const

const flag = {
  managed: 0x80,
  other: 0x40,
  homeAgent: 0x20,
  preference: 0x18,
  proxy: 0x04,
  reserved: 0x03,
} as const
const PREFERENCE_SHIFT = 3

export interface RouterAdvert extends Icmpv6Common {
  kind: 'router-advert'
  curHopLimit: number
  /** M */
  managed: boolean
  /** O */
  other: boolean
  /** H, RFC 6275 §7.1 */
  homeAgent: boolean
  /** Prf, RFC 4191 §2.2 */
  routerPreference: RouterPreference
  /** P, RFC 4389 §4.1.3.3 */
  proxy: boolean
  /** The two remaining flag bits, in place (mask 0x03). */
  reserved: number
  routerLifetimeS: number
  reachableTimeMs: number
  retransTimerMs: number
  options: NdOption[]
}

export const RouterAdvert = messageCodec<RouterAdvert>({
  kind: 'router-advert',
  type: Icmpv6Type.routerAdvertisement,
  minLength: field.options,
  parseBody(bytes, view) {
    const options = parseNdOptions(bytes, field.options)
    if (!options.ok) return options
    const flags = bytes[field.flags]!
    return ok({
      curHopLimit: bytes[field.curHopLimit]!,
      managed: (flags & flag.managed) !== 0,
      other: (flags & flag.other) !== 0,
      homeAgent: (flags & flag.homeAgent) !== 0,
      routerPreference: preferenceFromBits((flags & flag.preference) >> PREFERENCE_SHIFT),
      proxy: (flags & flag.proxy) !== 0,
      reserved: flags & flag.reserved,
      routerLifetimeS: view.getUint16(field.routerLifetime),
      reachableTimeMs: view.getUint32(field.reachableTime),
      retransTimerMs: view.getUint32(field.retransTimer),
      options: options.value,
    })
  },
  emitBody(ra, buf, offset, view) {
    buf[offset + field.curHopLimit] = ra.curHopLimit
    buf[offset + field.flags] =
      (ra.managed ? flag.managed : 0) |
      (ra.other ? flag.other : 0) |
      (ra.homeAgent ? flag.homeAgent : 0) |
      (preferenceToBits(ra.routerPreference) << PREFERENCE_SHIFT) |
      (ra.proxy ? flag.proxy : 0) |
      (ra.reserved & flag.reserved)
    view.setUint16(offset + field.routerLifetime, ra.routerLifetimeS)
    view.setUint32(offset + field.reachableTime, ra.reachableTimeMs)
    view.setUint32(offset + field.retransTimer, ra.retransTimerMs)
    emitNdOptions(ra.options, buf, offset + field.options)
  },
  length: (ra) => field.options + ndOptionsLength(ra.options),
})
