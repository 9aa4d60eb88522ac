// Router constants of RFC 4861 §10 and the Mobile IPv6 limits of RFC 6275 §7.5 and §13, in ms.

/** RFC 4861 §10 */
export const MAX_INITIAL_RTR_ADVERT_INTERVAL_MS = 16_000
export const MAX_INITIAL_RTR_ADVERTISEMENTS = 3
export const MAX_FINAL_RTR_ADVERTISEMENTS = 3
export const MAX_RA_DELAY_TIME_MS = 500

/** RFC 4861 §6.1.2 / §6.1.1: ND messages travel with hop limit 255 so off-link forgeries show. */
export const ND_HOP_LIMIT = 255

/** RFC 4862 §5.5.3 (e): the two hours a deprecated prefix is still advertised as valid. */
export const DEPRECATED_PREFIX_VALID_LIFETIME_S = 7200

export const INFINITE_LIFETIME = 0xffffffff
