import { parseMip6dConf } from '@mip6/config'
import type { InterfaceFacts } from '@mip6/netio'
import { formatAddress } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { mobileNodeSettingsFrom, roamingInterface } from './mn-settings'

const SEED_MN = `NodeConfig MN;
Interface "wlan0";
MnHomeLink "wlan0" {
        HomeAddress 2001:db8::beef/64;
        HomeAgentAddress 2001:db8::;
}
`

const facts = {
  name: 'wlan0',
  mac: '00:05:5d:f2:db:2b',
  linkLocal: { address: 'fe80::205:5dff:fef2:db2b' },
} as InterfaceFacts

describe('mobile node settings from mip6d.conf', () => {
  it("are seed 002's raven: home address, prefix, home agent, the interface's MAC and link-local address", () => {
    const mn = parseMip6dConf(SEED_MN, 'mn.conf').config.mobileNode!
    expect(roamingInterface(mn)).toBe('wlan0')
    const s = mobileNodeSettingsFrom(mn, facts)
    if (!s.ok) throw new Error(s.error)
    expect(formatAddress(s.value.homeAddress)).toBe('2001:db8::beef')
    expect(s.value.homePrefixLength).toBe(64)
    expect(formatAddress(s.value.homeAgent!)).toBe('2001:db8::')
    expect(formatAddress(s.value.linkLocalAddress)).toBe('fe80::205:5dff:fef2:db2b')
    expect(mobileNodeSettingsFrom(mn, { ...facts, mac: undefined })).toEqual({
      ok: false,
      error: 'wlan0 has no Ethernet address',
    })
  })
})
