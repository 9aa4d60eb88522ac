// Parse and emit rates of the codecs on the packets the router handles most: an RA with four
// options and a BU frame with a Home Address option. The floor is a plain copy of the same
// bytes, measured in the same run.
import {
  decodeFrame,
  ETHERNET_HEADER_LENGTH,
  encodeFrame,
  Icmpv6Message,
  IPV6_HEADER_LENGTH,
  MobilityMessage,
  mustParse,
  RouterAdvert as RouterAdvertCodec,
  withPaddedOptions,
} from '../src/index'
import { seedBindingUpdate } from '../src/testing/mh-values'
import { routerAdvert, routerPrefixInformation } from '../src/testing/nd-values'

const RUN_MS = 1500
/** PadN(2) + Home Address option, in one 8-octet-aligned header. */
const DESTINATION_OPTIONS_LENGTH = 24

function rate(name: string, op: () => unknown): number {
  for (let i = 0; i < 20_000; i++) op() // warm the JIT
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < RUN_MS) {
    for (let i = 0; i < 10_000; i++) op()
    n += 10_000
    elapsed = performance.now() - start
  }
  const perSecond = (n / elapsed) * 1000
  console.log(`  ${name.padEnd(44)} ${(perSecond / 1e3).toFixed(0).padStart(8)} k/s`)
  return perSecond
}

const ra = routerAdvert({
  homeAgent: true,
  options: [
    routerPrefixInformation(),
    { kind: 'source-lla', address: new Uint8Array([0, 2, 0x6f, 6, 0xb, 0xcf]) },
    { kind: 'advertisement-interval', reserved: 0, advIntervalMs: 70 },
    { kind: 'home-agent-information', reserved: 0, homeAgentPreference: 10, homeAgentLifetimeS: 1800 },
  ],
})
const raBytes = new Uint8Array(RouterAdvertCodec.length(ra))
RouterAdvertCodec.emit(ra, raBytes)
const raOut = new Uint8Array(raBytes.length)

const buFrame = encodeFrame({
  sourceMac: new Uint8Array([0, 5, 0x5d, 0xf2, 0xdb, 0x2b]),
  destinationMac: new Uint8Array([0, 2, 0x6f, 6, 0x46, 0x10]),
  header: {
    trafficClass: 0,
    flowLabel: 0,
    hopLimit: 64,
    source: mustParse('2001:db8:1:0:205:5dff:fef2:db2b'),
    destination: mustParse('2001:db8::'),
  },
  extensions: [
    {
      kind: 'destination-options',
      nextHeader: 0,
      options: [
        { kind: 'padn', padding: new Uint8Array(2) },
        { kind: 'home-address', homeAddress: mustParse('2001:db8::beef') },
      ],
    },
  ],
  message: {
    kind: 'mobility',
    msg: withPaddedOptions(seedBindingUpdate()),
  },
})

console.log(`wire codecs, ${RUN_MS} ms per figure, one core (node ${process.version})`)
console.log(`RA with four options (${raBytes.length} bytes):`)
const raCopy = rate('copy of the bytes (floor)', () => raBytes.slice())
const raParse = rate('parse (Icmpv6Message.parse)', () => Icmpv6Message.parse(raBytes))
const raEmit = rate('emit into a buffer', () => RouterAdvertCodec.emit(ra, raOut))
console.log(`BU frame: Ethernet + IPv6 + Destination Options (HoA) + MH (${buFrame.length} bytes):`)
const buCopy = rate('copy of the bytes (floor)', () => buFrame.slice())
const buParse = rate('decode, checksum verified (decodeFrame)', () => decodeFrame(buFrame))
const mh = buFrame.subarray(ETHERNET_HEADER_LENGTH + IPV6_HEADER_LENGTH + DESTINATION_OPTIONS_LENGTH)
const mhParse = rate('Mobility Header alone (MobilityMessage.parse)', () => MobilityMessage.parse(mh))
console.log('ratios to the copy floor:')
console.log(
  `  RA parse ${(raParse / raCopy).toFixed(2)}, RA emit ${(raEmit / raCopy).toFixed(2)}, ` +
    `BU frame decode ${(buParse / buCopy).toFixed(2)}, BU MH parse ${(mhParse / buCopy).toFixed(2)}`,
)
console.log(
  `aim: >= 500 k BU frame decodes/s -> ${buParse >= 500e3 ? 'met' : 'NOT met'} (${(buParse / 1e3).toFixed(0)} k/s)`,
)
