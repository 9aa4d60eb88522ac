// Frames on a link as an independent capture sees them: dumpcap (Wireshark's capture engine)
// in the host's namespace writes libpcap records with kernel timestamps to a pipe, parsed
// here as they come; decodeFrame turns the Router Advertisements among them into RAs.
import type { ChildProcess } from 'node:child_process'
import { type NetnsLab, waitUntil } from '@mip6/netio/testing'
import { decodeFrame, formatAddress, type RouterAdvert } from '@mip6/wire'
import { tool } from './tools'

/** One libpcap record: the kernel's receive time and the frame. */
export interface PcapRecord {
  atMs: number
  frame: Uint8Array
}

const PCAP_HEADER_LENGTH = 24
const RECORD_HEADER_LENGTH = 16
const MAGIC_MICROSECONDS = 0xa1b2c3d4
const MAGIC_NANOSECONDS = 0xa1b23c4d

/** libpcap's file format, read incrementally from a stream. */
export class PcapReader {
  readonly records: PcapRecord[] = []
  #pending: Buffer = Buffer.alloc(0)
  #littleEndian: boolean | undefined
  #fractionPerMs = 1000

  get headerRead(): boolean {
    return this.#littleEndian !== undefined
  }

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk])
    if (this.#littleEndian === undefined) {
      if (this.#pending.length < PCAP_HEADER_LENGTH) return
      const le = this.#pending.readUInt32LE(0)
      const be = this.#pending.readUInt32BE(0)
      if (le === MAGIC_MICROSECONDS || le === MAGIC_NANOSECONDS) this.#littleEndian = true
      else if (be === MAGIC_MICROSECONDS || be === MAGIC_NANOSECONDS) this.#littleEndian = false
      else throw new Error(`not a libpcap stream (magic ${le.toString(16)})`)
      this.#fractionPerMs = le === MAGIC_NANOSECONDS || be === MAGIC_NANOSECONDS ? 1e6 : 1e3
      this.#pending = this.#pending.subarray(PCAP_HEADER_LENGTH)
    }
    const u32 = (at: number) =>
      this.#littleEndian ? this.#pending.readUInt32LE(at) : this.#pending.readUInt32BE(at)
    while (this.#pending.length >= RECORD_HEADER_LENGTH) {
      const capturedLength = u32(8)
      if (this.#pending.length < RECORD_HEADER_LENGTH + capturedLength) break
      const atMs = u32(0) * 1000 + u32(4) / this.#fractionPerMs
      const frame = Uint8Array.from(
        this.#pending.subarray(RECORD_HEADER_LENGTH, RECORD_HEADER_LENGTH + capturedLength),
      )
      this.records.push({ atMs, frame })
      this.#pending = this.#pending.subarray(RECORD_HEADER_LENGTH + capturedLength)
    }
  }
}

export interface CapturedAdvert {
  /** Kernel receive time, ms since the epoch (microsecond resolution). */
  atMs: number
  frame: Uint8Array
  sourceMac: string
  destinationMac: string
  source: string
  destination: string
  hopLimit: number
  ra: RouterAdvert
}

const ICMPV6_ROUTER_ADVERT = 134

/** The RAs among captured frames; any other frame is left out. */
export function advertsOf(records: readonly PcapRecord[]): CapturedAdvert[] {
  const out: CapturedAdvert[] = []
  for (const r of records) {
    const d = decodeFrame(r.frame)
    if (!d.ok || d.value.message?.kind !== 'icmpv6' || d.value.message.msg.kind !== 'router-advert') continue
    const mac = (m: Uint8Array) => [...m].map((b) => b.toString(16).padStart(2, '0')).join(':')
    out.push({
      atMs: r.atMs,
      frame: r.frame,
      sourceMac: mac(d.value.ethernet.source),
      destinationMac: mac(d.value.ethernet.destination),
      source: formatAddress(d.value.packet.header.source),
      destination: formatAddress(d.value.packet.header.destination),
      hopLimit: d.value.packet.header.hopLimit,
      ra: d.value.message.msg,
    })
  }
  return out
}

/** Frames that look like RAs on the wire (ICMPv6 type 134), decodable or not. */
export function raLikeFrames(records: readonly PcapRecord[]): PcapRecord[] {
  const ETHERTYPE_AT = 12
  const NEXT_HEADER_AT = 14 + 6
  const ICMPV6_TYPE_AT = 14 + 40
  return records.filter(
    (r) =>
      r.frame[ETHERTYPE_AT] === 0x86 &&
      r.frame[ETHERTYPE_AT + 1] === 0xdd &&
      r.frame[NEXT_HEADER_AT] === 58 &&
      r.frame[ICMPV6_TYPE_AT] === ICMPV6_ROUTER_ADVERT,
  )
}

/** dumpcap on one interface of a namespace. */
export class Capture {
  readonly reader = new PcapReader()
  readonly #exited: Promise<void>

  private constructor(
    private readonly lab: NetnsLab,
    readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => this.reader.push(chunk))
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()))
  }

  /** Starts dumpcap (libpcap format to stdout) and resolves once it captures. */
  static async start(lab: NetnsLab, ns: string, ifname: string, filter = 'icmp6'): Promise<Capture> {
    const child = lab.spawn(ns, [tool('dumpcap'), '-q', '-P', '-i', ifname, '-f', filter, '-w', '-'])
    const capture = new Capture(lab, child)
    // dumpcap writes the file header once the interface is open with its filter.
    await waitUntil(() => capture.reader.headerRead, 10_000, `dumpcap on ${ifname} in ${ns}`)
    return capture
  }

  get records(): PcapRecord[] {
    return this.reader.records
  }

  adverts(): CapturedAdvert[] {
    return advertsOf(this.reader.records)
  }

  /** Resolves when the RAs captured so far satisfy `ready`. */
  async waitFor(
    ready: (adverts: CapturedAdvert[]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    // dumpcap flushes to a pipe a few times a second, not per frame.
    await waitUntil(() => ready(this.adverts()), timeoutMs, what)
  }

  /** Stops dumpcap; every frame it captured has been read when this resolves. */
  async stop(): Promise<void> {
    await this.lab.stop(this.child)
    await this.#exited
    await new Promise<void>((resolve) => {
      const out = this.child.stdout!
      if (out.readableEnded || out.destroyed) resolve()
      else out.once('close', () => resolve())
    })
  }
}

/** The Advertisement Interval option's value (RFC 6275 §7.3), in ms. */
export function advIntervalMs(ra: RouterAdvert): number | undefined {
  const o = ra.options.find((x) => x.kind === 'advertisement-interval')
  return o?.kind === 'advertisement-interval' ? o.advIntervalMs : undefined
}
