// RFC 4285 §5.1 (MN-HA) and §5.2 (MN-AAA): the octets a Mobility Message Authentication
// option's authenticator covers. Pure bytes: the engine computes the MAC with its key, since
// this package imports no crypto.
//
//   Authentication Data = First(96, HMAC_SHA1(MN-HA Shared key, Mobility Data))      (§5.1)
//   Mobility Data       = care-of address | home address | MH Data
//   MH Data             = the Mobility Header up to and including the Mobility SPI field of
//                         this option; the Checksum field MUST be set to 0 for the calculation.
// MN-AAA with HMAC_SHA1_SPI (§5.2) hashes the same concatenation (SHA1 of it, then HMAC).
import { IPV6_ADDRESS_LENGTH, type Ipv6Address } from './ipv6-address'
import { MH_CHECKSUM_OFFSET, MobilityMessage, mobilityOptionsOffset } from './mh'
import {
  AUTHENTICATION_DATA_OFFSET,
  MobilityMessageAuthenticationSubtype,
  mobilityOptionLength,
} from './mh-options'
import type { ParseError } from './parse-error'
import { ok, type Result } from './result'

const MH_DATA_AT = 2 * IPV6_ADDRESS_LENGTH
const CHECKSUM_LENGTH = 2

export interface AuthenticatedMobilityData {
  /** care-of address | home address | MH Data with the checksum zeroed: the MAC's input. */
  mobilityData: Uint8Array
  /** How many octets of the Mobility Header the MAC covers (through the Mobility SPI). */
  mhDataLength: number
  /** Where the option's Authentication Data lies in the Mobility Header, for a sender to fill. */
  authenticationDataAt: number
  authenticationDataLength: number
}

/**
 * The Mobility Data that the first Mobility Message Authentication option of `subtype` in the
 * Mobility Header `mh` authenticates, or undefined when the message has no such option.
 */
export function mobilityDataToAuthenticate(
  mh: Uint8Array,
  careOfAddress: Ipv6Address,
  homeAddress: Ipv6Address,
  subtype: number = MobilityMessageAuthenticationSubtype.mnHa,
): Result<AuthenticatedMobilityData | undefined, ParseError> {
  const parsed = MobilityMessage.parse(mh)
  if (!parsed.ok) return parsed
  const message = parsed.value
  if (message.kind === 'unknown') return ok(undefined)
  let at = mobilityOptionsOffset(message.kind)
  for (const option of message.options) {
    if (option.kind === 'mobility-message-authentication' && option.subtype === subtype) {
      const mhDataLength = at + AUTHENTICATION_DATA_OFFSET
      const mobilityData = new Uint8Array(MH_DATA_AT + mhDataLength)
      mobilityData.set(careOfAddress, 0)
      mobilityData.set(homeAddress, IPV6_ADDRESS_LENGTH)
      mobilityData.set(mh.subarray(0, mhDataLength), MH_DATA_AT)
      const checksumAt = MH_DATA_AT + MH_CHECKSUM_OFFSET
      mobilityData.fill(0, checksumAt, checksumAt + CHECKSUM_LENGTH)
      return ok({
        mobilityData,
        mhDataLength,
        authenticationDataAt: mhDataLength,
        authenticationDataLength: option.authenticationData.length,
      })
    }
    at += mobilityOptionLength(option)
  }
  return ok(undefined)
}
