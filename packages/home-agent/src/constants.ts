// Protocol constants the Home Agent uses: RFC 6275 §12 and §13, RFC 4861 §10, RFC 4862 §5.1,
// RFC 4285 §6. Times in the unit their name says.

/** RFC 6275 §12: a mobile node sends at most this many Binding Updates a second. */
export const MAX_UPDATE_RATE = 3
/** RFC 6275 §12: unsolicited Mobile Prefix Advertisements are retransmitted this often. */
export const PREFIX_ADV_RETRIES = 3
/** RFC 6275 §12: the first retransmission of an unsolicited advertisement, then doubled. */
export const PREFIX_ADV_TIMEOUT_MS = 3_000

/** RFC 6275 §13: the mobile node retransmits its first home registration after this. */
export const INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS = 1_500
/** RFC 6275 §13 defaults for the unsolicited Mobile Prefix Advertisement schedule. */
export const MAX_MOB_PFX_ADV_INTERVAL_S = 86_400
export const MIN_MOB_PFX_ADV_INTERVAL_S = 600

/** RFC 6275 §6.1.7: the Lifetime field counts 4-second units. */
export const LIFETIME_UNIT_S = 4
/** The largest lifetime a 16-bit field of 4-second units holds (mip6d's HaMaxBindingLife). */
export const MAX_BINDING_LIFETIME_S = 0xffff * LIFETIME_UNIT_S

/** RFC 4861 §10 */
export const RETRANS_TIMER_MS = 1_000
export const MAX_NEIGHBOR_ADVERTISEMENT = 3
/** RFC 4862 §5.1 */
export const DUP_ADDR_DETECT_TRANSMITS = 1
/** RFC 4861 §6.1.1 / §7.1: Neighbor Discovery travels with hop limit 255. */
export const ND_HOP_LIMIT = 255
/** RFC 4861 §4.6.2: a prefix lifetime of all ones is infinity. */
export const INFINITE_LIFETIME = 0xffffffff

/** RFC 8200 §5: the minimum link MTU, the size a DHAAD Reply must fit (RFC 6275 §10.5). */
export const IPV6_MIN_MTU = 1280

/** RFC 4285 §5.1: Authentication Data is the first 96 bits of the HMAC_SHA1 output. */
export const MN_HA_AUTHENTICATOR_LENGTH = 12
/** RFC 4285 §6: how far a timestamp may stray from the home agent's clock (the RFC's example). */
export const REPLAY_WINDOW_S = 7
/** RFC 1305: NTP counts seconds from 1900, Unix time from 1970. */
export const NTP_UNIX_OFFSET_S = 2_208_988_800
