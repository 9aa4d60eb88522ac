// fast-check arbitraries for Mobility Header messages (RFC 6275 §6.1) and their options
// (§6.2, RFC 4283, RFC 4285). Messages come with their options padded by
// withPaddedOptions, so every generated value is one the codec can emit and parse back.
import fc from 'fast-check'
import {
  MhType,
  type MobilityMessage,
  MobilityMessage as MobilityMessageCodec,
  withPaddedOptions,
} from '../mh'
import { type MobilityOption, MobilityOptionType } from '../mh-options'

const u8 = fc.integer({ min: 0, max: 0xff })
const u16 = fc.integer({ min: 0, max: 0xffff })
const u32 = fc.integer({ min: 0, max: 0xffffffff })
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length })
const someBytes = (maxLength: number) => fc.uint8Array({ maxLength })

const KNOWN_OPTION_TYPES: ReadonlySet<number> = new Set(Object.values(MobilityOptionType))
const KNOWN_MH_TYPES: ReadonlySet<number> = new Set(Object.values(MhType))

export const arbMobilityOption: fc.Arbitrary<MobilityOption> = fc.oneof(
  fc.constant({ kind: 'pad1' as const }),
  fc.record({ kind: fc.constant('padn' as const), padding: someBytes(6) }),
  fc.record({ kind: fc.constant('binding-refresh-advice' as const), refreshIntervalUnits4s: u16 }),
  fc.record({ kind: fc.constant('alternate-care-of-address' as const), alternateCareOfAddress: bytes(16) }),
  fc.record({ kind: fc.constant('nonce-indices' as const), homeNonceIndex: u16, careOfNonceIndex: u16 }),
  fc.record({ kind: fc.constant('binding-authorization-data' as const), authenticator: someBytes(16) }),
  fc.record({ kind: fc.constant('mobile-node-identifier' as const), subtype: u8, identifier: someBytes(24) }),
  fc.record({
    kind: fc.constant('mobility-message-authentication' as const),
    subtype: u8,
    mobilitySpi: u32,
    authenticationData: someBytes(20),
  }),
  fc.record({
    kind: fc.constant('mobility-message-replay-protection' as const),
    timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  }),
  fc.record({
    kind: fc.constant('unknown' as const),
    type: u8.filter((t) => !KNOWN_OPTION_TYPES.has(t)),
    raw: someBytes(20),
  }),
)

/** Options in no particular alignment; withPaddedOptions / padMobilityOptions fix that. */
export const arbMobilityOptions = fc.array(arbMobilityOption, { maxLength: 6 })

const common = { payloadProto: u8, mhReserved: u8, checksum: u16 }

const arbUnpadded: fc.Arbitrary<MobilityMessage> = fc.oneof(
  fc.record({
    kind: fc.constant('binding-refresh-request' as const),
    ...common,
    reserved: u16,
    options: arbMobilityOptions,
  }),
  fc.record({
    kind: fc.constantFrom('home-test-init' as const, 'care-of-test-init' as const),
    ...common,
    reserved: u16,
    initCookie: bytes(8),
    options: arbMobilityOptions,
  }),
  fc.record({
    kind: fc.constantFrom('home-test' as const, 'care-of-test' as const),
    ...common,
    nonceIndex: u16,
    initCookie: bytes(8),
    keygenToken: bytes(8),
    options: arbMobilityOptions,
  }),
  fc.record({
    kind: fc.constant('binding-update' as const),
    ...common,
    sequence: u16,
    acknowledge: fc.boolean(),
    homeRegistration: fc.boolean(),
    linkLocalCompatibility: fc.boolean(),
    keyManagementCompatibility: fc.boolean(),
    otherFlags: fc.integer({ min: 0, max: 0x0fff }),
    lifetimeUnits4s: u16,
    options: arbMobilityOptions,
  }),
  fc.record({
    kind: fc.constant('binding-ack' as const),
    ...common,
    status: u8,
    keyManagementCompatibility: fc.boolean(),
    otherFlags: fc.integer({ min: 0, max: 0x7f }),
    sequence: u16,
    lifetimeUnits4s: u16,
    options: arbMobilityOptions,
  }),
  fc.record({
    kind: fc.constant('binding-error' as const),
    ...common,
    status: u8,
    reserved: u8,
    homeAddress: bytes(16),
    options: arbMobilityOptions,
  }),
  fc.record({
    kind: fc.constant('unknown' as const),
    ...common,
    mhType: u8.filter((t) => !KNOWN_MH_TYPES.has(t)),
    // RFC 6275 §6.1.1: 6 + raw.length is a multiple of 8.
    raw: fc.integer({ min: 0, max: 5 }).chain((units) => bytes(units * 8 + 2)),
  }),
)

export const arbMobilityMessage: fc.Arbitrary<MobilityMessage> = arbUnpadded.map(withPaddedOptions)

/** Encodings of valid messages, for mutation. */
export const arbMobilityHeaderBytes: fc.Arbitrary<Uint8Array> = arbMobilityMessage.map((m) => {
  const buf = new Uint8Array(MobilityMessageCodec.length(m))
  MobilityMessageCodec.emit(m, buf)
  return buf
})

/** Random octets behind a plausible common part: right Header Len, an MH Type near the known ones. */
export const arbMobilityHeaderShaped: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 9 }))
  .chain(([units, mhType]) =>
    bytes((units + 1) * 8).map((b) => {
      b[1] = units
      b[2] = mhType
      return b
    }),
  )
