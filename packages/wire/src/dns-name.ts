// RFC 1035 §3.1: domain names on the wire, as RFC 8106 §5.2 carries them in the DNSSL option
// (uncompressed). The text form is RFC 1035 §5.1's: labels joined by '.', a '.' or '\' inside
// a label escaped as '\.' or '\\', and any octet that is not printable ASCII written '\DDD'
// (three decimal digits). Octets and text map one to one, so a name read from the wire is
// written back octet for octet; case is kept as sent. The root name is the empty string.
import { type ParseError, parseError } from './parse-error'
import { ok, type Result } from './result'

const MAX_LABEL_LENGTH = 63
/** RFC 1035 §4.1.4 compression pointers and RFC 6891 §5 extended label types. */
const LABEL_TYPE_MASK = 0xc0
const DOT = 0x2e
const BACKSLASH = 0x5c
const FIRST_PRINTABLE = 0x21
const LAST_PRINTABLE = 0x7e
const ESCAPE_DIGITS = 3

function octetText(b: number): string {
  if (b === DOT || b === BACKSLASH) return `\\${String.fromCharCode(b)}`
  if (b >= FIRST_PRINTABLE && b <= LAST_PRINTABLE) return String.fromCharCode(b)
  return `\\${b.toString().padStart(ESCAPE_DIGITS, '0')}`
}

/**
 * The name whose first length octet is at `at`, ending before `end`; `end` of the result is
 * just past its zero root label. `field` names the RFC field holding the names, for errors.
 */
export function readDomainName(
  bytes: Uint8Array,
  at: number,
  end: number,
  field: string,
): Result<{ name: string; end: number }, ParseError> {
  const labels: string[] = []
  for (;;) {
    if (at >= end) return parseError('truncated', field, at)
    const length = bytes[at]!
    if (length === 0) return ok({ name: labels.join('.'), end: at + 1 })
    if ((length & LABEL_TYPE_MASK) !== 0) return parseError('bad-value', field, at)
    if (at + 1 + length > end) return parseError('truncated', field, at)
    let label = ''
    for (let i = at + 1; i <= at + length; i++) label += octetText(bytes[i]!)
    labels.push(label)
    at += 1 + length
  }
}

/** The wire octets of `name`, root label included. Malformed text is the caller's bug. */
export function encodeDomainName(name: string): Uint8Array {
  const out: number[] = []
  let label: number[] = []
  const endLabel = () => {
    if (label.length === 0) throw new RangeError(`domain name "${name}": empty label`)
    if (label.length > MAX_LABEL_LENGTH) throw new RangeError(`domain name "${name}": label over 63 octets`)
    out.push(label.length, ...label)
    label = []
  }
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c === DOT) {
      endLabel()
    } else if (c === BACKSLASH) {
      const digits = name.slice(i + 1, i + 1 + ESCAPE_DIGITS)
      if (/^\d{3}$/.test(digits) && Number(digits) <= 0xff) {
        label.push(Number(digits))
        i += ESCAPE_DIGITS
      } else {
        const next = name.charCodeAt(i + 1)
        if (!(next >= FIRST_PRINTABLE && next <= LAST_PRINTABLE) || /\d/.test(name[i + 1]!)) {
          throw new RangeError(`domain name "${name}": bad escape at ${i}`)
        }
        label.push(next)
        i += 1
      }
    } else if (c >= FIRST_PRINTABLE && c <= LAST_PRINTABLE) {
      label.push(c)
    } else {
      throw new RangeError(`domain name "${name}": character ${c} must be written \\DDD`)
    }
  }
  if (name.length > 0) endLabel()
  out.push(0)
  return Uint8Array.from(out)
}
