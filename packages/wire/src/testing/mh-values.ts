// Mobility Header values the tests and benches share: seed 002's home registration, raven's
// BU to denali (sequence 54814, A and H, the longest lifetime) and denali's BA accepting it.
// Options are none; a caller that adds some pads them with withPaddedOptions.
import { MH_COMMON_DEFAULTS } from '../mh'
import { type BindingAck, BindingAckStatus } from '../mh-binding-ack'
import type { BindingUpdate } from '../mh-binding-update'

const SEED_BU_SEQUENCE = 54814
/** 65535 units of 4 s, the most a BU can ask for (RFC 6275 §6.1.7). */
const SEED_LIFETIME_UNITS_4S = 65535

export function seedBindingUpdate(fields: Partial<BindingUpdate> = {}): BindingUpdate {
  return {
    ...MH_COMMON_DEFAULTS,
    kind: 'binding-update',
    sequence: SEED_BU_SEQUENCE,
    acknowledge: true,
    homeRegistration: true,
    linkLocalCompatibility: false,
    keyManagementCompatibility: false,
    otherFlags: 0,
    lifetimeUnits4s: SEED_LIFETIME_UNITS_4S,
    options: [],
    ...fields,
  }
}

export function seedBindingAck(fields: Partial<BindingAck> = {}): BindingAck {
  return {
    ...MH_COMMON_DEFAULTS,
    kind: 'binding-ack',
    status: BindingAckStatus.accepted,
    keyManagementCompatibility: false,
    otherFlags: 0,
    sequence: SEED_BU_SEQUENCE,
    lifetimeUnits4s: SEED_LIFETIME_UNITS_4S,
    options: [],
    ...fields,
  }
}
