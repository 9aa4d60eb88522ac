// The cross-checks every ICMPv6 message test runs, written once: golden bytes through the
// round-trip battery, scapy building the same packet (checksum included) and reading ours back,
// scapy recomputing our checksum, and tshark decoding ours without complaint.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Codec } from '../codec'
import { icmpv6ChecksumValid } from '../icmpv6'
import { type Ipv6Address, mustParse } from '../ipv6-address'
import { icmpOf, ipv6Packet, scapyBuild, scapyDecode, scapyRecompute } from './icmpv6-packet'
import { hex, parsesExactly, roundTrip, toHex } from './round-trip'
import { bytesOf, layer, type ScapyAnswer, scapyBatch } from './scapy'
import { hasCommand, hasScapy, requireTool } from './tools'
import { type TsharkFrame, tsharkDecode } from './tshark'

/** Seed 002's home agent "denali", wlan0, and the all-nodes group its RAs go to. */
export const DENALI_LINK_LOCAL = mustParse('fe80::202:6fff:fe06:bcf')
export const ALL_NODES_GROUP = mustParse('ff02::1')

/**
 * A packet to quote in error messages and Redirected Header options, as scapy builds
 * IPv6(hlim=64)/UDP(sport=12345, dport=9) from raven's care-of address to 2001:db8:2::1.
 */
export const RAVEN_UDP_PACKET = hex(`
  60000000 0008 11 40                    // IPv6: payload 8, next header UDP, hop limit 64
  20010db80001000002055dfffef2db2b       // source raven's CoA 2001:db8:1:0:205:5dff:fef2:db2b
  20010db8000200000000000000000001       // destination 2001:db8:2::1
  3039 0009 0008 3a03                    // UDP: ports 12345 -> 9, length 8, checksum
`)

export interface MessageCase<T> {
  name: string
  codec: Codec<T>
  value: T
  /** The ICMPv6 message, checksum for `source` -> `destination` included. */
  golden: Uint8Array
  source?: Ipv6Address
  destination?: Ipv6Address
  /** scapy's expression for the same message; it goes under IPv6(src, dst, hlim=255). */
  scapy: string
  /** Fields scapy must show when it reads our packet, by layer name (nth layer: "Name#n"). */
  scapyFields: Record<string, Record<string, unknown>>
  /** Values tshark must show for our packet (every value of the field, in order). */
  tshark?: Record<string, string[]>
}

/** Checks one case against its own codec's type, then lets it join a list of mixed types. */
export function messageCase<T>(c: MessageCase<T>): MessageCase<unknown> {
  return c as MessageCase<unknown>
}

function packetOf(c: MessageCase<unknown>): Uint8Array {
  return ipv6Packet(c.source ?? DENALI_LINK_LOCAL, c.destination ?? ALL_NODES_GROUP, c.golden)
}

function scapyLayer(answer: ScapyAnswer, key: string): Record<string, unknown> {
  const [name, nth] = key.split('#')
  return layer(answer, name!, nth === undefined ? 0 : Number(nth))
}

export function describeMessageCases(title: string, cases: MessageCase<unknown>[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(`emits and parses the golden bytes: ${c.name}`, () => {
        roundTrip(c.codec, c.value, c.golden)
        expect(toHex(icmpOf(packetOf(c)))).toBe(toHex(c.golden))
      })
    }

    describe.runIf(requireTool(hasScapy(), `${title}: scapy cross-check`))('against scapy', () => {
      const answers: ScapyAnswer[][] = []
      beforeAll(() => {
        const flat = scapyBatch(
          cases.flatMap((c) => {
            const packet = packetOf(c)
            const source = c.source ?? DENALI_LINK_LOCAL
            const destination = c.destination ?? ALL_NODES_GROUP
            return [scapyBuild(source, destination, c.scapy), scapyDecode(packet), scapyRecompute(packet)]
          }),
        )
        for (let i = 0; i < cases.length; i++) answers.push(flat.slice(i * 3, i * 3 + 3))
      })

      cases.forEach((c, i) => {
        it(`scapy builds the same packet, and its checksum verifies here: ${c.name}`, () => {
          const built = bytesOf(answers[i]![0]!)
          expect(toHex(built)).toBe(toHex(packetOf(c)))
          const icmp = icmpOf(built)
          expect(
            icmpv6ChecksumValid(icmp, c.source ?? DENALI_LINK_LOCAL, c.destination ?? ALL_NODES_GROUP),
          ).toBe(true)
          expect(parsesExactly(c.codec, icmp)).toEqual(c.value)
        })
        it(`scapy reads our packet field by field: ${c.name}`, () => {
          for (const [key, fields] of Object.entries(c.scapyFields)) {
            expect(scapyLayer(answers[i]![1]!, key), key).toMatchObject(fields)
          }
        })
        it(`scapy computes the checksum we fill: ${c.name}`, () => {
          expect(toHex(bytesOf(answers[i]![2]!))).toBe(toHex(packetOf(c)))
        })
      })
    })

    describe.runIf(requireTool(hasCommand('tshark', 'tshark'), `${title}: tshark decode`))(
      'decoded by tshark',
      () => {
        let clean: TsharkFrame[] = []
        let corrupted: TsharkFrame[] = []
        beforeAll(() => {
          const packets = cases.map(packetOf)
          const broken = packets.map((p) => {
            const q = p.slice()
            q[q.length - 1]! ^= 0x01
            return q
          })
          const frames = tsharkDecode([...packets, ...broken])
          clean = frames.slice(0, cases.length)
          corrupted = frames.slice(cases.length)
        })

        cases.forEach((c, i) => {
          it(`tshark reads ${c.name} with a good checksum and nothing malformed`, () => {
            const f = clean[i]!
            expect(f.protocols).toContain('icmpv6')
            expect(f.malformed).toBe(false)
            expect(f.badChecksums).toEqual([])
            expect(f.fields['icmpv6.checksum.status']).toEqual(['1'])
            for (const [name, values] of Object.entries(c.tshark ?? {}))
              expect(f.fields[name], name).toEqual(values)
          })
          it(`tshark flags ${c.name} with one flipped bit as a bad checksum`, () => {
            expect(corrupted[i]!.badChecksums).toContain('icmpv6.checksum.status')
          })
        })
      },
    )
  })
}
