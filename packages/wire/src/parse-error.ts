// Why a parse failed, and where: the closed set of faults a peer's bytes can have.

export type ParseErrorKind =
  | 'truncated' // fewer bytes than a length field or a fixed layout needs
  | 'bad-length' // a length field that contradicts the layout or the 8-octet rule
  | 'bad-value' // a field value the RFC forbids (e.g. RH2 with two addresses)
  | 'bad-checksum'
  | 'bad-alignment' // an option placed against its alignment requirement
  | 'unsupported' // a type or code point this codec does not decode

export interface ParseError {
  kind: ParseErrorKind
  /** The RFC's name of the field at fault, e.g. 'hdrExtLen' or 'option.length'. */
  field: string
  /** Byte offset of the fault, relative to the start of the bytes handed to parse. */
  at: number
}

export function parseError(
  kind: ParseErrorKind,
  field: string,
  at: number,
): { ok: false; error: ParseError } {
  return { ok: false, error: { kind, field, at } }
}

/** Shifts an error from a nested parse so `at` counts from the outer buffer. */
export function shiftError(error: ParseError, by: number): { ok: false; error: ParseError } {
  return { ok: false, error: { ...error, at: error.at + by } }
}

export function describeParseError(e: ParseError): string {
  return `${e.kind} at byte ${e.at} (${e.field})`
}
