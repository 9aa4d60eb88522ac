// Protocol constants the mobile node uses: RFC 6275 §12 and §13, RFC 4861 §10, and the few
// choices of ours that the RFCs leave open, each saying why. Times in the unit their name says.

/** RFC 6275 §12: the retransmission timeout of a BU that is not a first registration. */
export const INITIAL_BINDACK_TIMEOUT_MS = 1_000
/** RFC 6275 §13: the first BU to a home agent waits longer, as the home agent runs DAD first. */
export const INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS = 1_500
/** RFC 6275 §12: BU retransmission timeouts double up to this, then stay there (§11.8). */
export const MAX_BINDACK_TIMEOUT_MS = 32_000

/** RFC 6275 §12: DHAAD Request retransmissions, the first after INITIAL_DHAAD_TIMEOUT. */
export const DHAAD_RETRIES = 4
export const INITIAL_DHAAD_TIMEOUT_MS = 3_000
/** RFC 6275 §12: the first Mobile Prefix Solicitation retransmission (§11.4.2). */
export const INITIAL_SOLICIT_TIMER_MS = 3_000

/** RFC 6275 §6.1.7: the Lifetime field counts 4-second units. */
export const LIFETIME_UNIT_S = 4
/** The most a 16-bit field of 4-second units holds: mip6d's MnMaxHaBindingLife default. */
export const MAX_BINDING_LIFETIME_S = 0xffff * LIFETIME_UNIT_S

/** RFC 4861 §10 (host constants). */
export const MAX_RTR_SOLICITATIONS = 3
export const RTR_SOLICITATION_INTERVAL_MS = 4_000
export const MAX_NEIGHBOR_ADVERTISEMENT = 3
export const RETRANS_TIMER_MS = 1_000
/** RFC 4861 §6.1.1 / §7.1: Neighbor Discovery travels with hop limit 255. */
export const ND_HOP_LIMIT = 255
/** RFC 4861 §4.6.2: a prefix lifetime of all ones is infinity. */
export const INFINITE_LIFETIME = 0xffffffff
/** RFC 4862 §5.5.3 (d): SLAAC joins a prefix to a 64-bit interface identifier (RFC 4291 §2.5.1). */
export const SLAAC_PREFIX_LENGTH = 64

/**
 * Ours: a binding is refreshed, and the home prefix solicited (RFC 6275 §11.4.2), when 90 %
 * of its lifetime has passed. mip6d solicits at the same point (its bul shows `mps 77758` for
 * a lifetime of 86396 s); the last 10 % leave room for the retransmissions of §11.8.
 */
export const REFRESH_FRACTION = 0.9

/**
 * Ours: RFC 6275 §7.3 says a missed Advertisement Interval hints at movement, not how many to
 * allow. One RA lost on Wi-Fi is common, so the router is lost after three intervals of
 * silence; with a router of another link already heard (seed 001 §3.2.4's two conditions),
 * after one.
 */
export const MISSED_ADVERT_INTERVALS = 3
