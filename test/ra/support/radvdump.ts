// radvdump (radvd 2.19) as the user's eye on a link: it prints every RA it receives as a
// radvd.conf block. This parses those blocks into fields, and runs radvdump line-buffered
// in a namespace so the tests see each RA as it arrives.
//
// One block as radvdump prints it:
//   # based on Router Advertisement from fe80::ff:fe00:1
//   # received by interface h0
//   interface h0
//   {
//   	AdvSendAdvert on;
//   	AdvDefaultLifetime 30;
//   	prefix 2001:db8::/64
//   	{
//   		AdvValidLifetime 86400;
//   	}; # End of prefix definition
//   }; # End of interface definition
import type { ChildProcess } from 'node:child_process'
import { type NetnsLab, waitUntil } from '@mip6/netio/testing'
import { tool } from './tools'

export interface RadvdumpSection {
  /** The block's keyword: prefix, route, RDNSS, DNSSL (or any other radvdump prints). */
  kind: string
  /** What follows the keyword: the prefix, the route, the server or suffix list. */
  value: string
  fields: Record<string, string>
}

export interface RadvdumpAdvert {
  /** The RA's source address. */
  from: string
  /** The receiving interface. */
  iface: string
  /** The interface block's settings, e.g. { AdvDefaultLifetime: '30' }. */
  fields: Record<string, string>
  sections: RadvdumpSection[]
  /** Date.now() when this test process parsed it. */
  seenAt: number
}

const END_OF_INTERFACE = '}; # End of interface definition'
const FROM = /^# based on Router Advertisement from (\S+)/
const RECEIVED_BY = /^# received by interface (\S+)/
const SETTING = /^(\S+)\s+(.*);$/
const SECTION_HEAD = /^(\S+)\s+(.+)$/

/** Parses every complete block of radvdump's output; `rest` is the incomplete tail. */
export function parseRadvdump(
  text: string,
  seenAt = Date.now(),
): { adverts: RadvdumpAdvert[]; rest: string } {
  const adverts: RadvdumpAdvert[] = []
  let start = 0
  for (;;) {
    const end = text.indexOf(END_OF_INTERFACE, start)
    if (end < 0) break
    adverts.push(parseBlock(text.slice(start, end), seenAt))
    start = end + END_OF_INTERFACE.length
  }
  return { adverts, rest: text.slice(start) }
}

function parseBlock(block: string, seenAt: number): RadvdumpAdvert {
  const advert: RadvdumpAdvert = { from: '', iface: '', fields: {}, sections: [], seenAt }
  let section: RadvdumpSection | undefined
  let pendingHead: { kind: string; value: string } | undefined
  let depth = 0
  for (const raw of block.split('\n')) {
    const line = raw.trim()
    const from = FROM.exec(line)
    if (from) advert.from = from[1]!
    const by = RECEIVED_BY.exec(line)
    if (by) advert.iface = by[1]!
    if (line === '' || line.startsWith('#')) continue
    if (line === '{') {
      depth++
      if (depth === 2 && pendingHead) {
        section = { ...pendingHead, fields: {} }
        advert.sections.push(section)
      }
      pendingHead = undefined
      continue
    }
    if (line.startsWith('};')) {
      depth--
      if (depth < 2) section = undefined
      continue
    }
    const setting = SETTING.exec(line)
    if (setting) {
      const [, key, value] = setting
      if (section) section.fields[key!] = value!
      else if (depth === 1) advert.fields[key!] = value!
      continue
    }
    const head = SECTION_HEAD.exec(line)
    if (head && depth === 1) pendingHead = { kind: head[1]!, value: head[2]! }
  }
  return advert
}

/** radvdump running in a namespace, its RAs parsed as they come. */
export class Radvdump {
  readonly adverts: RadvdumpAdvert[] = []
  #text = ''

  private constructor(
    private readonly lab: NetnsLab,
    readonly child: ChildProcess,
  ) {
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      const { adverts, rest } = parseRadvdump(this.#text + chunk)
      this.adverts.push(...adverts)
      this.#text = rest
    })
  }

  /** Starts radvdump and resolves once its ICMPv6 socket is open, so no RA is missed. */
  static async start(lab: NetnsLab, ns: string): Promise<Radvdump> {
    // radvdump writes through stdio: line buffering makes each RA visible as it arrives.
    const dump = new Radvdump(lab, lab.spawn(ns, [tool('stdbuf'), '-oL', tool('radvdump')]))
    const pid = dump.child.pid
    await waitUntil(
      async () => (await lab.exec(ns, ['ss', '-a', '-A', 'raw', '-n', '-p'])).includes(`pid=${pid},`),
      5_000,
      `radvdump's socket in ${ns}`,
    )
    return dump
  }

  /** The RAs received on one interface (and from one source, when given), in order. */
  on(iface: string, from?: string): RadvdumpAdvert[] {
    return this.adverts.filter((a) => a.iface === iface && (from === undefined || a.from === from))
  }

  /** Resolves with the first RA after the first `after` ones that matches. */
  async next(
    match: (a: RadvdumpAdvert) => boolean,
    what: string,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<RadvdumpAdvert> {
    const after = options.after ?? 0
    let found: RadvdumpAdvert | undefined
    await waitUntil(
      () => {
        found = this.adverts.slice(after).find(match)
        return found !== undefined
      },
      options.timeoutMs ?? 5_000,
      `radvdump: ${what}`,
    )
    return found!
  }

  stop(): Promise<void> {
    return this.lab.stop(this.child)
  }
}

/** An RA that is not a final one (router lifetime 0). */
export const isFinal = (a: RadvdumpAdvert) => a.fields.AdvDefaultLifetime === '0'
