// What the Home Agent takes from the configuration it shares with the RA engine.
import { defaultHomeAgentConfig, defaultRaConfig, defaultRouterConfig } from '@mip6/config'
import { describe, expect, it } from 'vitest'
import { homeAgentSettingsFrom } from './ha-settings'

function settingsWith(retransTimers: number[]) {
  const config = defaultRouterConfig()
  config.interfaces = retransTimers.map((ms, i) => ({
    name: `wlan${i}`,
    ra: { ...defaultRaConfig(), advRetransTimerMs: ms },
  })) as typeof config.interfaces
  const ha = { ...defaultHomeAgentConfig(), interfaces: retransTimers.map((_, i) => `wlan${i}`) }
  return homeAgentSettingsFrom(config, ha, () => undefined, [])
}

describe('the Home Agent settings from the configuration', () => {
  it("waits for DAD answers as long as the home link's advertised RetransTimer", () => {
    expect(settingsWith([100]).dad.retransTimerMs).toBe(100)
    expect(settingsWith([100, 250]).dad.retransTimerMs).toBe(250)
  })

  it("waits RFC 4861's 1 s where a home link leaves RetransTimer unspecified", () => {
    expect(settingsWith([0]).dad.retransTimerMs).toBe(1000)
    expect(settingsWith([100, 0]).dad.retransTimerMs).toBe(1000)
  })
})
