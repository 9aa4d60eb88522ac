// RFC 6275 §11.8: Binding Update retransmission. The first timeout is
// InitialBindackTimeoutFirstReg (1.5 s) when the home agent holds no binding for us (it runs
// DAD before answering, §10.4.1), INITIAL_BINDACK_TIMEOUT (1 s) otherwise; each
// retransmission doubles it up to MAX_BINDACK_TIMEOUT (32 s), and retransmissions then go on
// at that rate, as §11.8 allows ("MAY continue ... indefinitely"). Every retransmission is a
// new BU with the next sequence number (§11.7.1).
import {
  INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS,
  INITIAL_BINDACK_TIMEOUT_MS,
  MAX_BINDACK_TIMEOUT_MS,
} from './constants'

export function initialBindackTimeoutMs(firstRegistration: boolean): number {
  return firstRegistration ? INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS : INITIAL_BINDACK_TIMEOUT_MS
}

export function nextBindackTimeoutMs(currentMs: number): number {
  return Math.min(currentMs * 2, MAX_BINDACK_TIMEOUT_MS)
}

/** RFC 6275 §9.5.1: sequence numbers are compared, and so incremented, modulo 2^16. */
export function nextSequence(sequence: number): number {
  return (sequence + 1) & 0xffff
}
