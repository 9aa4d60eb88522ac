// Frames on the roaming interface to engine inputs, and send actions to frames: the seed 002
// lab's raven (home address 2001:db8::beef) and denali (home agent 2001:db8::).
import type { SendBindingUpdate, SendIcmp } from '@mip6/mobile-node'
import {
  type BindingAck,
  type DecodedFrame,
  decodeFrame,
  encodeFrame,
  findHomeAddressOption,
  IPV6_HEADER_LENGTH,
  IpProtocol,
  Ipv6Header,
  MH_COMMON_DEFAULTS,
  mustParse,
  withPaddedOptions,
} from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { classify, frameOf } from './mn-frames'

const RAVEN_MAC = new Uint8Array([2, 0, 0, 0, 1, 2])
const ROUTER_MAC = new Uint8Array([2, 0, 0, 0, 0, 2])
const HA = mustParse('2001:db8::')
const HOA = mustParse('2001:db8::beef')
const COA = mustParse('2001:db8:1::ff:fe00:102')
const ROUTER_LL = mustParse('fe80::ff:fe00:2')

function decoded(bytes: Uint8Array): DecodedFrame {
  const d = decodeFrame(bytes)
  if (!d.ok) throw new Error(JSON.stringify(d.error))
  return d.value
}

const ack: BindingAck = withPaddedOptions({
  kind: 'binding-ack',
  ...MH_COMMON_DEFAULTS,
  status: 0,
  keyManagementCompatibility: false,
  otherFlags: 0,
  sequence: 7,
  lifetimeUnits4s: 100,
  options: [],
})

describe('frames to mobile node inputs', () => {
  it('takes a BA behind a type 2 routing header, with the home address as its final destination', () => {
    const frame = encodeFrame({
      sourceMac: ROUTER_MAC,
      destinationMac: RAVEN_MAC,
      header: { trafficClass: 0, flowLabel: 0, hopLimit: 63, source: HA, destination: COA },
      extensions: [{ kind: 'routing-type2', nextHeader: 0, segmentsLeft: 1, reserved: 0, homeAddress: HOA }],
      message: { kind: 'mobility', msg: ack },
    })
    const r = classify('wlan0', decoded(frame))
    expect(r).toMatchObject({
      kind: 'input',
      input: {
        kind: 'mobility',
        ifname: 'wlan0',
        source: HA,
        destination: COA,
        msg: { kind: 'binding-ack', sequence: 7 },
      },
    })
  })

  it('takes RAs with their hop limit, and hands IPv6-in-IPv6 to the tunnel', () => {
    const ra = encodeFrame({
      sourceMac: ROUTER_MAC,
      destinationMac: RAVEN_MAC,
      header: {
        trafficClass: 0,
        flowLabel: 0,
        hopLimit: 255,
        source: ROUTER_LL,
        destination: mustParse('ff02::1'),
      },
      message: {
        kind: 'icmpv6',
        msg: {
          kind: 'router-advert',
          code: 0,
          checksum: 0,
          curHopLimit: 64,
          flags: { managed: false, other: false, homeAgent: true, preference: 0, proxy: false, reserved: 0 },
          routerLifetimeS: 1800,
          reachableTimeMs: 0,
          retransTimerMs: 0,
          options: [],
        },
      },
    } as never)
    expect(classify('wlan0', decoded(ra))).toMatchObject({
      kind: 'input',
      input: { kind: 'router-advert', hopLimit: 255 },
    })

    const tunnel = new Uint8Array(14 + 2 * IPV6_HEADER_LENGTH)
    tunnel.set([0x86, 0xdd], 12)
    Ipv6Header.emit(
      {
        trafficClass: 0,
        flowLabel: 0,
        payloadLength: IPV6_HEADER_LENGTH,
        nextHeader: IpProtocol.ipv6,
        hopLimit: 64,
        source: HA,
        destination: COA,
      },
      tunnel,
      14,
    )
    Ipv6Header.emit(
      {
        trafficClass: 0,
        flowLabel: 0,
        payloadLength: 0,
        nextHeader: 59,
        hopLimit: 64,
        source: HA,
        destination: HOA,
      },
      tunnel,
      14 + IPV6_HEADER_LENGTH,
    )
    expect(classify('wlan0', decoded(tunnel))).toEqual({ kind: 'tunnel' })
  })
})

describe('send actions to frames', () => {
  const bu: SendBindingUpdate = {
    kind: 'send-bu',
    ifname: 'wlan0',
    source: COA,
    destination: HA,
    homeAddress: HOA,
    msg: withPaddedOptions({
      kind: 'binding-update',
      ...MH_COMMON_DEFAULTS,
      sequence: 9,
      acknowledge: true,
      homeRegistration: true,
      linkLocalCompatibility: false,
      keyManagementCompatibility: false,
      otherFlags: 0,
      lifetimeUnits4s: 10,
      options: [],
    }),
  }

  it('sends a home registration from the care-of address with the Home Address option, to the router', () => {
    const frame = frameOf(bu, RAVEN_MAC, ROUTER_MAC)!
    const d = decoded(frame)
    expect(d.ethernet.destination).toEqual(ROUTER_MAC)
    expect(d.ethernet.source).toEqual(RAVEN_MAC)
    expect(d.packet.header).toMatchObject({ source: COA, destination: HA, hopLimit: 64 })
    expect(findHomeAddressOption(d.packet.extensions)).toEqual(HOA)
    // The checksum verified: the pseudo-header took the home address as source.
    expect(d.message).toMatchObject({ kind: 'mobility', msg: { kind: 'binding-update', sequence: 9 } })
  })

  it('sends a deregistration from home without the option, and Neighbor Discovery to the group MAC at hop limit 255', () => {
    const d = decoded(frameOf({ ...bu, source: HOA, homeAddress: undefined }, RAVEN_MAC, ROUTER_MAC)!)
    expect(d.packet.extensions).toEqual([])
    const rs: SendIcmp = {
      kind: 'send-icmp',
      ifname: 'wlan0',
      source: mustParse('fe80::ff:fe00:102'),
      destination: mustParse('ff02::2'),
      homeAddress: undefined,
      hopLimit: 255,
      msg: { kind: 'router-solicit', code: 0, checksum: 0, reserved: 0, options: [] },
      reason: 'router-solicit',
    }
    const r = decoded(frameOf(rs, RAVEN_MAC, undefined)!)
    expect(r.ethernet.destination).toEqual(new Uint8Array([0x33, 0x33, 0, 0, 0, 2]))
    expect(r.packet.header.hopLimit).toBe(255)
  })

  it('sends nothing unicast without a next hop', () => {
    expect(frameOf(bu, RAVEN_MAC, undefined)).toBeUndefined()
  })
})
