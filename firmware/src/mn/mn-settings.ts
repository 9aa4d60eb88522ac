// The mobile node engine's settings from the configuration (mip6d.conf's MnHomeLink, or the
// YAML mobileNode section) and the roaming interface's facts (its MAC and link-local address).
import type { MobileNodeConfig } from '@mip6/config'
import { type MobileNodeSettings, mobileNodeSettings } from '@mip6/mobile-node'
import type { InterfaceFacts } from '@mip6/netio'
import { parseAddress, parseMac } from '@mip6/wire'

/** The interface that roams: mip6d's first `Interface`, else the home link's. */
export function roamingInterface(mn: MobileNodeConfig): string | undefined {
  return mn.interfaces.find((i) => i.preference !== 0)?.name ?? mn.homeLinks[0]?.interface
}

/** Settings, or what is missing to make them (a message for the operator). */
export function mobileNodeSettingsFrom(
  mn: MobileNodeConfig,
  facts: InterfaceFacts,
): { ok: true; value: MobileNodeSettings } | { ok: false; error: string } {
  const home = mn.homeLinks[0]
  if (home === undefined) return { ok: false, error: 'no MnHomeLink: the mobile node needs a home address' }
  const mac = facts.mac === undefined ? undefined : parseMac(facts.mac)
  if (!mac?.ok) return { ok: false, error: `${facts.name} has no Ethernet address` }
  const linkLocal = facts.linkLocal ? parseAddress(facts.linkLocal.address) : undefined
  return {
    ok: true,
    value: mobileNodeSettings(
      {
        ifname: facts.name,
        homeAddress: home.homeAddress.address,
        homePrefixLength: home.homePrefix?.length ?? home.homeAddress.length,
        linkLayerAddress: mac.value,
      },
      {
        homeAgent: home.homeAgentAddress,
        bindingLifetimeS: mn.maxHaBindingLifetimeS,
        ...(linkLocal?.ok ? { linkLocalAddress: linkLocal.value } : {}),
      },
    ),
  }
}
