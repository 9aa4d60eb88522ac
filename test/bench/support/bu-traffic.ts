// The Home Agent bench's traffic: Binding Updates of numbered mobile nodes from the visited
// link of seed 002 (mobile node i: home address 2001:db8::i, care-of address 2001:db8:1::i),
// built with our own encodeFrame, and what answers them (a BA through a type 2 routing header,
// or the BU itself bounced back by the echo that measures the I/O path's ceiling).
import {
  decodeFrame,
  encodeFrame,
  findHomeAddressOption,
  findType2RoutingHeader,
  type Ipv6Address,
  MH_COMMON_DEFAULTS,
  mustParse,
  parseMac,
  withPaddedOptions,
} from '@mip6/wire'

export const MAC = {
  /** wlan0, the home link. */
  routerHome: '02:00:00:00:00:01',
  /** wlan1, the visited link: where the BUs go. */
  routerVisited: '02:00:00:00:00:02',
  /** The far end of the home link: only there to give wlan0 a carrier. */
  homeHost: '02:00:00:00:01:01',
  /** The load generator's interface on the visited link. */
  generator: '02:00:00:00:01:02',
} as const

export const HA = mustParse('2001:db8::')
const HOME_PREFIX = mustParse('2001:db8::')
const VISITED_PREFIX = mustParse('2001:db8:1::')
/** RFC 6275 §6.1.7: 65535 units of 4 s, the longest a BU can ask for (the seed's BU). */
const LIFETIME_UNITS_4S = 0xffff
const HOP_LIMIT = 64

function mac(text: string): Uint8Array {
  const m = parseMac(text)
  if (!m.ok) throw new Error(`bad MAC ${text}`)
  return m.value
}

/** The prefix with mobile node number `n` (from 1) as its interface identifier. */
function numbered(prefix: Ipv6Address, n: number): Ipv6Address {
  const a = new Uint8Array(prefix)
  new DataView(a.buffer).setUint32(12, n)
  return a
}

export const homeAddressOf = (n: number) => numbered(HOME_PREFIX, n)
export const careOfAddressOf = (n: number) => numbered(VISITED_PREFIX, n)

const generatorMac = mac(MAC.generator)
const routerMac = mac(MAC.routerVisited)

/** Mobile node `n`'s BU `sequence` to the Home Agent: A and H set, Home Address option. */
export function bindingUpdateFrame(n: number, sequence: number): Uint8Array {
  return encodeFrame({
    sourceMac: generatorMac,
    destinationMac: routerMac,
    header: {
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: HOP_LIMIT,
      source: careOfAddressOf(n),
      destination: HA,
    },
    extensions: [
      {
        kind: 'destination-options',
        nextHeader: 0,
        // RFC 6275 §6.3: the Home Address option is aligned 8n+6.
        options: [
          { kind: 'padn', padding: new Uint8Array(2) },
          { kind: 'home-address', homeAddress: homeAddressOf(n) },
        ],
      },
    ],
    message: {
      kind: 'mobility',
      msg: withPaddedOptions({
        ...MH_COMMON_DEFAULTS,
        kind: 'binding-update',
        sequence,
        acknowledge: true,
        homeRegistration: true,
        linkLocalCompatibility: false,
        keyManagementCompatibility: false,
        otherFlags: 0,
        lifetimeUnits4s: LIFETIME_UNITS_4S,
        options: [],
      }),
    },
  })
}

export interface Answer {
  /** The mobile node's number. */
  n: number
  sequence: number
  /** The BA's status; 0 for a bounced BU. */
  status: number
}

/** A BA to mobile node n (its home address in the type 2 routing header) or a bounced BU. */
export function answerOf(frame: Uint8Array): Answer | undefined {
  const d = decodeFrame(frame)
  if (!d.ok || d.value.message?.kind !== 'mobility') return undefined
  const msg = d.value.message.msg
  const extensions = d.value.packet.extensions
  let home: Ipv6Address | undefined
  let answer: Omit<Answer, 'n'>
  if (msg.kind === 'binding-ack') {
    home = findType2RoutingHeader(extensions)?.homeAddress
    answer = { sequence: msg.sequence, status: msg.status }
  } else if (msg.kind === 'binding-update') {
    home = findHomeAddressOption(extensions)
    answer = { sequence: msg.sequence, status: 0 }
  } else return undefined
  if (home === undefined) return undefined
  return { n: new DataView(home.buffer, home.byteOffset, 16).getUint32(12), ...answer }
}

/** One measured burst of BUs: `total` BUs to mobile nodes first..first+count-1, round robin. */
export interface PhaseRequest {
  /** Mobile node numbers first, first + 1, ... first + count - 1. */
  first: number
  count: number
  /** These mobile nodes instead of first..first+count-1 (count is their number). */
  only?: number[]
  /** Return the mobile nodes whose BU went unanswered. */
  listUnanswered?: boolean
  /** Where in the round the phase starts (continues the previous phase's round robin). */
  offset: number
  total: number
  /** Offered BUs a second. */
  rate: number
  /** After the last BU: stop waiting once every BU is answered or none came for this long. */
  quietMs: number
}

export interface PhaseResult {
  total: number
  /** Handed to the socket (the rest it refused: its queue to the helper was full). */
  sent: number
  /** BAs with status 0 (or bounced BUs) for the sequence number last sent. */
  answered: number
  /** Answers with another status, by status. */
  statuses: Record<number, number>
  /** Answers for no BU of this phase, or a second one for the same BU. */
  stray: number
  /** From the first BU to the last one handed to the socket. */
  sendS: number
  /** From the first BU to the last answer. */
  answerS: number
  /** BU handed to the socket -> answer delivered by libpcap (CLOCK_MONOTONIC both), ms. */
  latency: { p50: number; p90: number; p99: number; max: number }
  /** With listUnanswered. */
  unanswered?: number[]
}

/** Parent -> child. */
export type ChildRequest = { op: 'phase'; phase: PhaseRequest } | { op: 'stats' } | { op: 'close' }
/** Child -> parent. */
export type ChildReply =
  | { op: 'ready' }
  | { op: 'phase'; result: PhaseResult }
  | { op: 'stats'; stats: Record<string, number> }
  | { op: 'error'; message: string }
