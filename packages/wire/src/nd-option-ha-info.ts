// RFC 6275 §7.4: the Home Agent Information option.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |    Length     |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Home Agent Preference      |      Home Agent Lifetime      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The preference is a signed 16-bit integer (higher is more preferable); the lifetime is
// unsigned seconds.
import { expectUnits, ND_OPTION_UNIT, type NdOptionBody, NdOptionType, ndOptionCodec } from './nd-option-tlv'
import { err, ok } from './result'

const field = {
  type: 0,
  length: 1,
  reserved: 2,
  homeAgentPreference: 4,
  homeAgentLifetime: 6,
} as const

const UNITS = 1

export interface HomeAgentInformation {
  kind: 'home-agent-information'
  reserved: number
  /** -32768 to 32767 */
  homeAgentPreference: number
  homeAgentLifetimeS: number
}

export const homeAgentInformationBody: NdOptionBody<HomeAgentInformation> = {
  kind: 'home-agent-information',
  type: NdOptionType.homeAgentInformation,
  parse(option, view) {
    const bad = expectUnits(option, UNITS)
    if (bad) return err(bad)
    return ok({
      kind: 'home-agent-information',
      reserved: view.getUint16(field.reserved),
      homeAgentPreference: view.getInt16(field.homeAgentPreference),
      homeAgentLifetimeS: view.getUint16(field.homeAgentLifetime),
    })
  },
  emitBody(h, _buf, offset, view) {
    view.setUint16(offset + field.reserved, h.reserved)
    view.setInt16(offset + field.homeAgentPreference, h.homeAgentPreference)
    view.setUint16(offset + field.homeAgentLifetime, h.homeAgentLifetimeS)
  },
  length: () => UNITS * ND_OPTION_UNIT,
}

export const HomeAgentInformation = ndOptionCodec(homeAgentInformationBody)
