import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { encode } from './codec'
import { mustParse } from './ipv6-address'
import { fillMhChecksum, MobilityMessage, withPaddedOptions } from './mh'
import { mobilityDataToAuthenticate } from './mh-authentication'
import type { BindingUpdate } from './mh-binding-update'
import { MobilityMessageAuthenticationSubtype } from './mh-options'
import { seedBindingUpdate } from './testing/mh-values'
import { hex, toHex } from './testing/round-trip'

const careOfAddress = mustParse('2001:db8:1:0:205:5dff:fef2:db2b')
const homeAddress = mustParse('2001:db8::beef')
const homeAgent = mustParse('2001:db8::')
const key = hex('000102030405060708090a0b0c0d0e0f')

// RFC 4285 §4: a BU to the home agent with the MN identifier, a timestamp and the MN-HA
// authentication option last. Padded, the options fall at: MN-ID 12..30, PadN 30..34, replay
// protection 34..44, Pad1 44, authentication 45 (type, length, subtype, SPI 48..51), data 52..63.
const bu: BindingUpdate = withPaddedOptions(
  seedBindingUpdate({
    options: [
      { kind: 'mobile-node-identifier', subtype: 1, identifier: new TextEncoder().encode('mn1@example.org') },
      { kind: 'mobility-message-replay-protection', timestamp: 0xe1f2030405060708n },
      {
        kind: 'mobility-message-authentication',
        subtype: 1,
        mobilitySpi: 0x100,
        authenticationData: new Uint8Array(12),
      },
    ],
  }),
)

/** What an engine does: HMAC-SHA1 over the Mobility Data, first 96 bits (RFC 4285 §5.1). */
function authenticator(mobilityData: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha1', key).update(mobilityData).digest().subarray(0, 12))
}

describe('RFC 4285 §5.1: the Mobility Data an MN-HA authenticator covers', () => {
  it('is care-of address | home address | the MH through the Mobility SPI, checksum zeroed', () => {
    const mh = encode(MobilityMessage, bu)
    fillMhChecksum(mh, homeAddress, homeAgent)
    const r = mobilityDataToAuthenticate(mh, careOfAddress, homeAddress)
    if (!r.ok || r.value === undefined) throw new Error('no authentication option found')
    const { mobilityData, mhDataLength, authenticationDataAt, authenticationDataLength } = r.value
    expect([mhDataLength, authenticationDataAt, authenticationDataLength]).toEqual([52, 52, 12])
    const covered = mh.slice(0, 52)
    covered[4] = 0
    covered[5] = 0
    expect(toHex(mobilityData)).toBe(toHex(careOfAddress) + toHex(homeAddress) + toHex(covered))
    expect(toHex(mh.subarray(48, 52))).toBe('00000100') // the SPI is the last covered field
  })

  it('lets a sender fill the authenticator and a receiver check it over the final bytes', () => {
    const mh = encode(MobilityMessage, bu)
    const toSign = mobilityDataToAuthenticate(mh, careOfAddress, homeAddress)
    if (!toSign.ok || toSign.value === undefined) throw new Error('no authentication option found')
    mh.set(authenticator(toSign.value.mobilityData), toSign.value.authenticationDataAt)
    fillMhChecksum(mh, homeAddress, homeAgent)

    const received = mobilityDataToAuthenticate(mh, careOfAddress, homeAddress)
    if (!received.ok || received.value === undefined) throw new Error('no authentication option found')
    const { authenticationDataAt, authenticationDataLength, mobilityData } = received.value
    const carried = mh.subarray(authenticationDataAt, authenticationDataAt + authenticationDataLength)
    expect(toHex(carried)).toBe(toHex(authenticator(mobilityData)))
  })

  it('finds no option of another subtype, nor in a message without one', () => {
    const mh = encode(MobilityMessage, bu)
    expect(
      mobilityDataToAuthenticate(mh, careOfAddress, homeAddress, MobilityMessageAuthenticationSubtype.mnAaa),
    ).toEqual({
      ok: true,
      value: undefined,
    })
    const plain = encode(MobilityMessage, withPaddedOptions({ ...bu, options: [] }))
    expect(mobilityDataToAuthenticate(plain, careOfAddress, homeAddress)).toEqual({
      ok: true,
      value: undefined,
    })
  })

  it('passes a parse error through', () => {
    expect(mobilityDataToAuthenticate(hex('3b 01 05'), careOfAddress, homeAddress)).toMatchObject({
      ok: false,
      error: { kind: 'truncated' },
    })
  })
})
