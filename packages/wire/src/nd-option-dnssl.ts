// RFC 8106 §5.2: the DNS Search List option.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Length    |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Lifetime                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :                Domain Names of DNS Search List                :
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The names (RFC 1035 §3.1 labels, uncompressed) are followed by zero octets up to the end of
// the option. A zero octet where a name would start is the root label, which a search list
// cannot hold, so it begins the padding. A sender may pad with more than the fewest octets
// that reach a unit boundary, so `padding` keeps the count it sent.
import { encodeDomainName, readDomainName } from './dns-name'
import { ND_OPTION_UNIT, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { parseError } from './parse-error'
import { ok } from './result'

const field = {
  type: 0,
  length: 1,
  reserved: 2,
  lifetime: 4,
  domainNames: 8,
} as const

export interface Dnssl {
  kind: 'dnssl'
  reserved: number
  /** 0xffffffff is infinity, 0 withdraws the list. */
  lifetimeS: number
  /** RFC 1035 §5.1 text, no trailing dot (see dns-name.ts). */
  domains: string[]
  /** Zero octets after the last name. */
  padding: number
}

/** A DNSSL with the fewest padding octets, as a sender builds it. */
export function dnssl(domains: string[], lifetimeS: number): Dnssl {
  const names = domains.reduce((n, d) => n + encodeDomainName(d).length, 0)
  const padding = (ND_OPTION_UNIT - ((field.domainNames + names) % ND_OPTION_UNIT)) % ND_OPTION_UNIT
  return { kind: 'dnssl', reserved: 0, lifetimeS, domains, padding }
}

export const dnsslBody: NdOptionBody<Dnssl> = {
  kind: 'dnssl',
  type: NdOptionType.dnssl,
  parse(option, view) {
    const domains: string[] = []
    let at: number = field.domainNames
    while (at < option.length && option[at] !== 0) {
      const name = readDomainName(option, at, option.length, 'domainNames')
      if (!name.ok) return name
      domains.push(name.value.name)
      at = name.value.end
    }
    // RFC 8106 §5.3.1: the option MUST contain at least one domain name, else it is discarded.
    if (domains.length === 0) return parseError('bad-value', 'domainNames', field.domainNames)
    const padding = option.length - at
    for (; at < option.length; at++) if (option[at] !== 0) return parseError('bad-value', 'padding', at)
    return ok({
      kind: 'dnssl',
      reserved: view.getUint16(field.reserved),
      lifetimeS: view.getUint32(field.lifetime),
      domains,
      padding,
    })
  },
  emitBody(d, buf, offset, view) {
    if (d.domains.some((name) => name === ''))
      throw new RangeError('DNSSL: the root name would read as padding')
    if (d.domains.length === 0) throw new RangeError('DNSSL: RFC 8106 §5.2 needs at least one domain name')
    view.setUint16(offset + field.reserved, d.reserved)
    view.setUint32(offset + field.lifetime, d.lifetimeS)
    let at = offset + field.domainNames
    for (const name of d.domains) {
      const octets = encodeDomainName(name)
      buf.set(octets, at)
      at += octets.length
    }
    buf.fill(0, at, at + d.padding)
  },
  length: (d) =>
    d.domains.reduce((n, name) => n + encodeDomainName(name).length, field.domainNames + d.padding),
}

export const Dnssl = ndOptionCodec(dnsslBody)
