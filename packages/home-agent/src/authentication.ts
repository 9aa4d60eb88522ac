// RFC 4285: the Mobility Message Authentication option (MN-HA, §5.1), the Mobile Node
// Identifier option it travels with (RFC 4283) and the Replay Protection option (§6), checked
// on a BU and added to the BA. The HMAC comes from the adapter (`hmacSha1`), so the engine
// stays pure.
//
// Departures and choices:
// - The care-of address the Mobility Data starts with is the BU's IPv6 source, also when an
//   Alternate Care-of Address option names another one (RFC 4285 §5.1 says "care-of address").
// - A missing or failing authenticator, an unknown SPI or a Mobile Node Identifier other than
//   the key's all give 146 (MIPV6-AUTH-FAIL); a missing Replay Protection option, when
//   required, gives 145; a timestamp outside the window 144, with our time in the BA (§6).
import {
  addressEquals,
  type BindingAck,
  BindingAckStatus,
  type BindingUpdate,
  encode,
  type Ipv6Address,
  MobileNodeIdentifierSubtype,
  MobilityMessage,
  MobilityMessageAuthenticationSubtype,
  type MobilityOption,
  mobilityDataToAuthenticate,
} from '@mip6/wire'
import type { AuthContext } from './binding-lifecycle'
import { MN_HA_AUTHENTICATOR_LENGTH, NTP_UNIX_OFFSET_S } from './constants'
import type { AuthenticationSettings } from './settings'

/** HMAC-SHA1 (RFC 2104) of `data` under `key`: all 20 octets. */
export type HmacSha1 = (key: Uint8Array, data: Uint8Array) => Uint8Array

export type AuthOutcome =
  | { kind: 'not-used' }
  | { kind: 'verified'; context: AuthContext }
  | {
      kind: 'rejected'
      status: number
      reason: string
      /** Set once the authenticator was good: the BA is authenticated too. */
      context: AuthContext | undefined
      /** For 144: our own time, for the BA's Replay Protection option. */
      ourTimestamp: bigint | undefined
    }

const isPadding = (o: MobilityOption) => o.kind === 'pad1' || o.kind === 'padn'

function rejected(status: number, reason: string, context?: AuthContext, ourTimestamp?: bigint): AuthOutcome {
  return { kind: 'rejected', status, reason, context, ourTimestamp }
}

/** RFC 1305 64-bit timestamp (seconds since 1900, 32-bit fraction) for a Unix time in ms. */
export function ntpTimestamp(wallClockMs: number): bigint {
  const ms = Math.max(0, Math.floor(wallClockMs))
  const seconds = BigInt(Math.floor(ms / 1000) + NTP_UNIX_OFFSET_S)
  const fraction = BigInt(Math.floor(((ms % 1000) / 1000) * 2 ** 32))
  return (seconds << 32n) | fraction
}

function ntpSeconds(timestamp: bigint): number {
  return Number(timestamp >> 32n) - NTP_UNIX_OFFSET_S
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

function authenticator(hmac: HmacSha1, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(key, data).slice(0, MN_HA_AUTHENTICATOR_LENGTH)
}

/** Checks a BU per RFC 4285; `mh` is the Mobility Header as received. */
export function authenticateBindingUpdate(
  bu: BindingUpdate,
  mh: Uint8Array,
  source: Ipv6Address,
  homeAddress: Ipv6Address,
  wallClockMs: number,
  settings: AuthenticationSettings | undefined,
  hmac: HmacSha1 | undefined,
): AuthOutcome {
  if (settings === undefined || hmac === undefined) return { kind: 'not-used' }
  const options = bu.options.filter((o) => !isPadding(o))
  const auth = options.find(
    (o) =>
      o.kind === 'mobility-message-authentication' && o.subtype === MobilityMessageAuthenticationSubtype.mnHa,
  )
  if (auth?.kind !== 'mobility-message-authentication') {
    return settings.required
      ? rejected(BindingAckStatus.mipv6AuthFail, 'no MN-HA authentication option')
      : { kind: 'not-used' }
  }
  // RFC 4285 §5: the authentication option MUST be the last option in the message.
  if (options[options.length - 1] !== auth)
    return rejected(BindingAckStatus.mipv6AuthFail, 'authentication option is not the last option')
  const key = settings.keys.find((k) => k.spi === auth.mobilitySpi)
  if (key === undefined) return rejected(BindingAckStatus.mipv6AuthFail, `no key for SPI ${auth.mobilitySpi}`)
  const idOption = options.find(
    (o) => o.kind === 'mobile-node-identifier' && o.subtype === MobileNodeIdentifierSubtype.nai,
  )
  const mnIdentifier = idOption?.kind === 'mobile-node-identifier' ? idOption.identifier : undefined
  if (key.mnIdentifier !== undefined) {
    const said = mnIdentifier === undefined ? undefined : new TextDecoder().decode(mnIdentifier)
    if (said !== key.mnIdentifier)
      return rejected(
        BindingAckStatus.mipv6AuthFail,
        `MN identifier ${said ?? '(none)'} does not own SPI ${key.spi}`,
      )
  }
  if (key.homeAddress !== undefined && !addressEquals(key.homeAddress, homeAddress))
    return rejected(BindingAckStatus.mipv6AuthFail, `SPI ${key.spi} is not for this home address`)
  const data = mobilityDataToAuthenticate(mh, source, homeAddress)
  if (!data.ok || data.value === undefined)
    return rejected(BindingAckStatus.mipv6AuthFail, 'authenticated data not found')
  const expected = authenticator(hmac, key.key, data.value.mobilityData)
  if (!equalBytes(expected, auth.authenticationData))
    return rejected(BindingAckStatus.mipv6AuthFail, 'authenticator does not match')

  const replay = options.find((o) => o.kind === 'mobility-message-replay-protection')
  const timestamp = replay?.kind === 'mobility-message-replay-protection' ? replay.timestamp : undefined
  const context: AuthContext = { spi: key.spi, key: key.key, mnIdentifier, timestamp, careOfAddress: source }
  if (timestamp === undefined) {
    if (settings.requireReplayProtection)
      return rejected(BindingAckStatus.mipv6MesgIdReqd, 'no replay protection option', context)
  } else if (Math.abs(ntpSeconds(timestamp) - wallClockMs / 1000) > settings.replayWindowS) {
    return rejected(
      BindingAckStatus.mipv6IdMismatch,
      'timestamp outside the replay window',
      { ...context, timestamp: undefined },
      ntpTimestamp(wallClockMs),
    )
  }
  return { kind: 'verified', context }
}

/**
 * The options an authenticated BA carries, in RFC 4285's order (identifier, replay
 * protection, authentication last) with the authenticator still zero; see signBindingAck.
 */
export function authenticationOptions(ctx: AuthContext, timestamp: bigint | undefined): MobilityOption[] {
  const out: MobilityOption[] = []
  if (ctx.mnIdentifier !== undefined)
    out.push({
      kind: 'mobile-node-identifier',
      subtype: MobileNodeIdentifierSubtype.nai,
      identifier: ctx.mnIdentifier,
    })
  const stamp = timestamp ?? ctx.timestamp
  if (stamp !== undefined) out.push({ kind: 'mobility-message-replay-protection', timestamp: stamp })
  out.push({
    kind: 'mobility-message-authentication',
    subtype: MobilityMessageAuthenticationSubtype.mnHa,
    mobilitySpi: ctx.spi,
    authenticationData: new Uint8Array(MN_HA_AUTHENTICATOR_LENGTH),
  })
  return out
}

/** Fills the authenticator of a padded BA built with authenticationOptions (RFC 4285 §5.1). */
export function signBindingAck(
  ba: BindingAck,
  ctx: AuthContext,
  homeAddress: Ipv6Address,
  hmac: HmacSha1,
): BindingAck {
  const bytes = encode(MobilityMessage, { ...ba, checksum: 0 })
  const data = mobilityDataToAuthenticate(bytes, ctx.careOfAddress, homeAddress)
  if (!data.ok || data.value === undefined) throw new Error('BA to sign has no authentication option')
  const mac = authenticator(hmac, ctx.key, data.value.mobilityData)
  return {
    ...ba,
    options: ba.options.map((o) =>
      o.kind === 'mobility-message-authentication' ? { ...o, authenticationData: mac } : o,
    ),
  }
}
