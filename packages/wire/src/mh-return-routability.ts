// RFC 6275 §6.1.3-§6.1.6: the return routability messages, Message Data after the common part.
// Home Test Init (MH Type 1) and Care-of Test Init (2) share one layout, as do Home Test (3)
// and Care-of Test (4); the kind says which, the fields drop the "Home"/"Care-of" prefix.
//
// Home Test Init / Care-of Test Init (§6.1.3, §6.1.4):
//                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                 |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// +                  Home / Care-of Init Cookie                   +
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                       Mobility Options                        .
//
// Home Test / Care-of Test (§6.1.5, §6.1.6):
//                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//                                 |  Home / Care-of Nonce Index   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// +                  Home / Care-of Init Cookie                   +
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// +                  Home / Care-of Keygen Token                  +
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// .                       Mobility Options                        .
import { viewOf } from './codec'
import type { MessageDataCodec, MhCommon } from './mh'
import type { MobilityOption } from './mh-options'

const COOKIE_LENGTH = 8
const KEYGEN_TOKEN_LENGTH = 8

/** Offsets from the start of Message Data (octet 6 of the Mobility Header). */
const testInitField = {
  reserved: 0,
  initCookie: 2,
  options: 2 + COOKIE_LENGTH,
} as const

const testField = {
  nonceIndex: 0,
  initCookie: 2,
  keygenToken: 2 + COOKIE_LENGTH,
  options: 2 + COOKIE_LENGTH + KEYGEN_TOKEN_LENGTH,
} as const

interface TestInitFields extends MhCommon {
  reserved: number
  /** The 64-bit cookie the correspondent node echoes in the HoT / CoT. */
  initCookie: Uint8Array
  options: MobilityOption[]
}

interface TestFields extends MhCommon {
  nonceIndex: number
  initCookie: Uint8Array
  keygenToken: Uint8Array
  options: MobilityOption[]
}

export interface HomeTestInit extends TestInitFields {
  kind: 'home-test-init'
}

export interface CareOfTestInit extends TestInitFields {
  kind: 'care-of-test-init'
}

export interface HomeTest extends TestFields {
  kind: 'home-test'
}

export interface CareOfTest extends TestFields {
  kind: 'care-of-test'
}

function checkLength(what: string, bytes: Uint8Array, length: number): void {
  if (bytes.length !== length) throw new RangeError(`${what}: ${bytes.length} octets, not ${length}`)
}

function testInitData<T extends HomeTestInit | CareOfTestInit>(kind: T['kind']): MessageDataCodec<T> {
  return {
    fixedLength: testInitField.options,
    parse: (fixed, common, options) =>
      ({
        kind,
        ...common,
        reserved: viewOf(fixed).getUint16(testInitField.reserved),
        initCookie: fixed.subarray(testInitField.initCookie, testInitField.options),
        options,
      }) as T,
    emit(message, fixed) {
      checkLength(`${kind} init cookie`, message.initCookie, COOKIE_LENGTH)
      viewOf(fixed).setUint16(testInitField.reserved, message.reserved)
      fixed.set(message.initCookie, testInitField.initCookie)
    },
  }
}

function testData<T extends HomeTest | CareOfTest>(kind: T['kind']): MessageDataCodec<T> {
  return {
    fixedLength: testField.options,
    parse: (fixed, common, options) =>
      ({
        kind,
        ...common,
        nonceIndex: viewOf(fixed).getUint16(testField.nonceIndex),
        initCookie: fixed.subarray(testField.initCookie, testField.keygenToken),
        keygenToken: fixed.subarray(testField.keygenToken, testField.options),
        options,
      }) as T,
    emit(message, fixed) {
      checkLength(`${kind} init cookie`, message.initCookie, COOKIE_LENGTH)
      checkLength(`${kind} keygen token`, message.keygenToken, KEYGEN_TOKEN_LENGTH)
      viewOf(fixed).setUint16(testField.nonceIndex, message.nonceIndex)
      fixed.set(message.initCookie, testField.initCookie)
      fixed.set(message.keygenToken, testField.keygenToken)
    },
  }
}

export const homeTestInitData = testInitData<HomeTestInit>('home-test-init')
export const careOfTestInitData = testInitData<CareOfTestInit>('care-of-test-init')
export const homeTestData = testData<HomeTest>('home-test')
export const careOfTestData = testData<CareOfTest>('care-of-test')
