// RFC 4861 §4.6: the option list that ends every Neighbor Discovery message (and the Mobile
// Prefix Advertisement, RFC 6275 §6.8), walked in one place for all of them.
//
// RFC 4861 §4.6: receivers MUST silently ignore options they do not recognize, so those are
// kept as `unknown`. An option of a known type whose contents break its own RFC (say an MTU
// option of Length 2, or a DNSSL that RFC 8106 §5.3.1 says to discard) is kept as `invalid`
// with the reason: the RFCs discard the option, not the message, and the octets still
// round-trip. Only a broken frame (Length 0, or running past the message) fails the walk.
import { type Codec, viewOf } from './codec'
import { type AdvertisementInterval, advertisementIntervalBody } from './nd-option-adv-interval'
import { type Dnssl, dnsslBody } from './nd-option-dnssl'
import { type HomeAgentInformation, homeAgentInformationBody } from './nd-option-ha-info'
import {
  type SourceLinkLayerAddress,
  sourceLinkLayerAddressBody,
  type TargetLinkLayerAddress,
  targetLinkLayerAddressBody,
} from './nd-option-link-layer'
import { type MtuOption, mtuBody } from './nd-option-mtu'
import { type PrefixInformation, prefixInformationBody } from './nd-option-prefix-info'
import { type Rdnss, rdnssBody } from './nd-option-rdnss'
import { type RedirectedHeader, redirectedHeaderBody } from './nd-option-redirected-header'
import { type RouteInformation, routeInformationBody } from './nd-option-route-info'
import {
  ND_OPTION_HEADER_LENGTH,
  type NdOptionBody,
  readNdOptionFrame,
  readSingleNdOption,
  writeNdOptionFrame,
} from './nd-option-tlv'
import type { ParseError } from './parse-error'
import { ok, type Result } from './result'

/** An option type this package does not decode; `raw` is everything after Length. */
export interface UnknownNdOption {
  kind: 'unknown'
  type: number
  raw: Uint8Array
}

/**
 * A known option type whose contents are malformed; `raw` is everything after Length and
 * `error.at` counts from the start of the bytes the walk was handed.
 */
export interface InvalidNdOption {
  kind: 'invalid'
  type: number
  raw: Uint8Array
  error: ParseError
}

export type KnownNdOption =
  | SourceLinkLayerAddress
  | TargetLinkLayerAddress
  | PrefixInformation
  | RedirectedHeader
  | MtuOption
  | AdvertisementInterval
  | HomeAgentInformation
  | RouteInformation
  | Rdnss
  | Dnssl

export type NdOption = KnownNdOption | UnknownNdOption | InvalidNdOption

const bodies: { [K in KnownNdOption['kind']]: NdOptionBody<Extract<KnownNdOption, { kind: K }>> } = {
  'source-lla': sourceLinkLayerAddressBody,
  'target-lla': targetLinkLayerAddressBody,
  'prefix-information': prefixInformationBody,
  'redirected-header': redirectedHeaderBody,
  mtu: mtuBody,
  'advertisement-interval': advertisementIntervalBody,
  'home-agent-information': homeAgentInformationBody,
  'route-information': routeInformationBody,
  rdnss: rdnssBody,
  dnssl: dnsslBody,
}

const bodyByType = new Map<number, NdOptionBody<KnownNdOption>>(
  Object.values(bodies).map((b) => [b.type, b as NdOptionBody<KnownNdOption>]),
)

/** One whole, well-framed option at `at` in the enclosing bytes. */
function decode(bytes: Uint8Array, at: number, end: number): NdOption {
  const option = bytes.subarray(at, end)
  const type = option[0]!
  const raw = option.subarray(ND_OPTION_HEADER_LENGTH)
  const body = bodyByType.get(type)
  if (body === undefined) return { kind: 'unknown', type, raw }
  const r = body.parse(option, viewOf(option))
  if (r.ok) return r.value
  return { kind: 'invalid', type, raw, error: { ...r.error, at: r.error.at + at } }
}

/** The options from `start` to the end of `bytes`, in received order. */
export function parseNdOptions(bytes: Uint8Array, start: number): Result<NdOption[], ParseError> {
  const options: NdOption[] = []
  for (let at = start; at < bytes.length; ) {
    const end = readNdOptionFrame(bytes, at)
    if (!end.ok) return end
    options.push(decode(bytes, at, end.value))
    at = end.value
  }
  return ok(options)
}

function emitOne(o: NdOption, buf: Uint8Array, offset: number): number {
  if (o.kind === 'unknown' || o.kind === 'invalid') {
    const length = ND_OPTION_HEADER_LENGTH + o.raw.length
    writeNdOptionFrame(buf, offset, o.type, length)
    buf.set(o.raw, offset + ND_OPTION_HEADER_LENGTH)
    return length
  }
  const body = bodies[o.kind] as NdOptionBody<KnownNdOption>
  const length = body.length(o)
  writeNdOptionFrame(buf, offset, body.type, length)
  body.emitBody(o, buf, offset, viewOf(buf))
  return length
}

function lengthOfOne(o: NdOption): number {
  if (o.kind === 'unknown' || o.kind === 'invalid') return ND_OPTION_HEADER_LENGTH + o.raw.length
  return (bodies[o.kind] as NdOptionBody<KnownNdOption>).length(o)
}

export function emitNdOptions(options: readonly NdOption[], buf: Uint8Array, offset: number): number {
  let at = offset
  for (const o of options) at += emitOne(o, buf, at)
  return at - offset
}

export function ndOptionsLength(options: readonly NdOption[]): number {
  return options.reduce((n, o) => n + lengthOfOne(o), 0)
}

/** Any single option, as the walk decodes it. */
export const NdOption: Codec<NdOption> = {
  parse(bytes) {
    const end = readSingleNdOption(bytes)
    if (!end.ok) return end
    return ok(decode(bytes, 0, end.value))
  },
  emit: (o, buf, offset = 0) => emitOne(o, buf, offset),
  length: lengthOfOne,
}
