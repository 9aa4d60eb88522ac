// RFC 4285 MN-HA authentication of BUs and BAs, with HMAC-SHA1 from node:crypto injected.
import { createHmac } from 'node:crypto'
import {
  type BindingAck,
  BindingAckStatus,
  encode,
  MobilityMessage,
  type MobilityOption,
  mobilityDataToAuthenticate,
  withPaddedOptions,
} from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { ntpTimestamp } from './authentication'
import { authenticationSettings, type MnHaKey } from './settings'
import {
  acks,
  bindingUpdate,
  COA,
  HaHarness,
  HOA,
  labSettings,
  mobilityInput,
  WALL_START_MS,
} from './testing/harness'

const hmacSha1 = (key: Uint8Array, data: Uint8Array) =>
  new Uint8Array(createHmac('sha1', key).update(data).digest())
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

const KEY = new Uint8Array(Array.from({ length: 20 }, (_, i) => i + 1))
const SPI = 256
const NAI = 'raven@example.org'
const mnId = (nai = NAI): MobilityOption => ({
  kind: 'mobile-node-identifier',
  subtype: 1,
  identifier: new TextEncoder().encode(nai),
})
const authOption = (spi = SPI): MobilityOption => ({
  kind: 'mobility-message-authentication',
  subtype: 1,
  mobilitySpi: spi,
  authenticationData: new Uint8Array(12),
})

/** A BU whose authenticator is computed over RFC 4285 §5.1's Mobility Data under `key`. */
function signedBu(options: MobilityOption[], key = KEY, sequence = 54814) {
  const unsigned = bindingUpdate({ sequence, options })
  const data = mobilityDataToAuthenticate(encode(MobilityMessage, unsigned), COA, HOA)
  if (!data.ok || data.value === undefined) throw new Error('no authentication option')
  const mac = hmacSha1(key, data.value.mobilityData).slice(0, 12)
  return withPaddedOptions({
    ...unsigned,
    options: unsigned.options.map((o) =>
      o.kind === 'mobility-message-authentication' ? { ...o, authenticationData: mac } : o,
    ),
  })
}

function harness(keys: MnHaKey[] = [{ spi: SPI, key: KEY, mnIdentifier: NAI }], overrides = {}) {
  return new HaHarness(labSettings({ authentication: authenticationSettings(keys, overrides) }), { hmacSha1 })
}

function statusOf(
  h: HaHarness,
  bu: ReturnType<typeof bindingUpdate>,
  wallClockMs?: number,
): number | undefined {
  const out = h.input({
    ...inputFor(bu),
    wallClockMs: wallClockMs ?? WALL_START_MS + h.now,
  })
  return [...acks(out), ...acks(h.advance(1000))][0]?.msg.status
}

const inputFor = (bu: ReturnType<typeof bindingUpdate>) => mobilityInput(bu)

describe('HMAC-SHA1 as injected', () => {
  it('matches RFC 2202 test case 2', () => {
    expect(
      hex(
        hmacSha1(new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?')),
      ),
    ).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79')
  })

  it('authenticates seed 002`s BU with the authenticator Python`s hmac module computes', () => {
    // Key 01..14, SPI 256, NAI raven@example.org, CoA | HoA | MH through the SPI (72 octets):
    // hmac.new(key, data, hashlib.sha1).hexdigest()[:24]
    const bu = signedBu([mnId(), authOption()])
    const auth = bu.options.find((o) => o.kind === 'mobility-message-authentication')
    expect(auth?.kind === 'mobility-message-authentication' && hex(auth.authenticationData)).toBe(
      'd66a2cf5f3b38c774e5e64d8',
    )
    expect(statusOf(harness(), bu)).toBe(BindingAckStatus.accepted)
  })
})

describe('BU authentication (RFC 4285 §5.1)', () => {
  it('authenticates the BA with the same key: identifier, then the authenticator, last', () => {
    const h = harness()
    h.input(inputFor(signedBu([mnId(), authOption()])))
    const [ba] = acks(h.advance(1000))
    const options = ba!.msg.options.filter((o) => o.kind !== 'pad1' && o.kind !== 'padn')
    expect(options.map((o) => o.kind)).toEqual(['mobile-node-identifier', 'mobility-message-authentication'])
    const bytes = encode(MobilityMessage, ba!.msg)
    const data = mobilityDataToAuthenticate(bytes, COA, HOA)
    const expected = hmacSha1(KEY, data.ok && data.value ? data.value.mobilityData : new Uint8Array()).slice(
      0,
      12,
    )
    const auth = options[1]
    expect(auth?.kind === 'mobility-message-authentication' && hex(auth.authenticationData)).toBe(
      hex(expected),
    )
    expect(auth?.kind === 'mobility-message-authentication' && auth.mobilitySpi).toBe(SPI)
  })

  it('refuses with 146 (MIPV6-AUTH-FAIL) a wrong key, an unknown SPI, another identifier, or none at all', () => {
    expect(statusOf(harness(), signedBu([mnId(), authOption()], new Uint8Array(20)))).toBe(146)
    expect(statusOf(harness(), signedBu([mnId(), authOption(999)]))).toBe(146)
    expect(statusOf(harness(), signedBu([mnId('eve@example.org'), authOption()]))).toBe(146)
    expect(statusOf(harness(), bindingUpdate())).toBe(BindingAckStatus.mipv6AuthFail)
  })

  it('refuses a BU whose authentication option is not the last', () => {
    const bu = signedBu([authOption(), mnId()])
    expect(statusOf(harness([{ spi: SPI, key: KEY }]), bu)).toBe(146)
  })

  it('refuses a BU altered after signing', () => {
    const bu = signedBu([mnId(), authOption()])
    expect(statusOf(harness(), { ...bu, lifetimeUnits4s: 1 })).toBe(146)
  })

  it('lets unauthenticated BUs in when authentication is optional, but still checks present ones', () => {
    expect(statusOf(harness(undefined, { required: false }), bindingUpdate())).toBe(0)
    const forged = signedBu([mnId(), authOption()], new Uint8Array(20))
    expect(statusOf(harness(undefined, { required: false }), forged)).toBe(146)
  })
})

describe('replay protection (RFC 4285 §6)', () => {
  const stamp = (ms: number): MobilityOption => ({
    kind: 'mobility-message-replay-protection',
    timestamp: ntpTimestamp(ms),
  })

  it('refuses with 145 (MIPV6-MESG-ID-REQD) a BU without a timestamp when one is required', () => {
    const h = harness(undefined, { requireReplayProtection: true })
    expect(statusOf(h, signedBu([mnId(), authOption()]))).toBe(BindingAckStatus.mipv6MesgIdReqd)
  })

  it('accepts a timestamp within the window and echoes it in the BA', () => {
    const h = harness(undefined, { requireReplayProtection: true })
    h.input(inputFor(signedBu([mnId(), stamp(WALL_START_MS + 3000), authOption()])))
    const [ba] = acks(h.advance(1000))
    expect(ba?.msg.status).toBe(0)
    expect(ba?.msg.options.find((o) => o.kind === 'mobility-message-replay-protection')).toEqual(
      stamp(WALL_START_MS + 3000),
    )
  })

  it('refuses with 144 (MIPV6-ID-MISMATCH) a stale timestamp and sends its own time in an authenticated BA', () => {
    const h = harness()
    const out = h.input(inputFor(signedBu([mnId(), stamp(WALL_START_MS - 60_000), authOption()])))
    const [ba] = acks(out) as Array<{ msg: BindingAck }>
    expect(ba?.msg.status).toBe(BindingAckStatus.mipv6IdMismatch)
    expect(ba?.msg.options.find((o) => o.kind === 'mobility-message-replay-protection')).toEqual(
      stamp(WALL_START_MS),
    )
    expect(ba?.msg.options.some((o) => o.kind === 'mobility-message-authentication')).toBe(true)
  })

  it('writes NTP time: seconds since 1900 and a 32-bit fraction', () => {
    expect(ntpTimestamp(0)).toBe(2_208_988_800n << 32n)
    expect(ntpTimestamp(500) & 0xffffffffn).toBe(0x80000000n)
  })
})
