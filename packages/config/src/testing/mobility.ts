// Expected defaults of the Mobile IPv6 sections, written out in full for tests (from
// mip6d.conf(5) and UMIP 1.0's conf.c, with the router's departures marked).
export const MOBILITY_DEFAULTS_SAMPLE = {
  homeAgent: {
    maxBindingLifetimeS: 262_140,
    maxBindings: 1024,
    defaultBindingAclPolicy: 'allow',
    useMnHaIpsec: false, // mip6d: enabled
    keyMngMobCapability: false,
    doRouteOptimizationCn: false, // mip6d: enabled
    acceptMobRtr: false,
    sendMobPfxAdvs: true,
    sendUnsolMobPfxAdvs: true,
    minMobPfxAdvIntervalS: 600,
    maxMobPfxAdvIntervalS: 86_400,
    nonVolatileBindingCache: true, // mip6d: ignored
    dad: true,
    bindingRefreshRequest: { refreshBeforeExpiryS: 10 },
  },
  mobileNode: {
    maxHaBindingLifetimeS: 262_140,
    maxCnBindingLifetimeS: 420,
    useMnHaIpsec: false, // mip6d: enabled
    doRouteOptimizationMn: false, // mip6d: enabled
    doRouteOptimizationCn: false, // mip6d: enabled
    discardHaParamProb: false,
    resetDhaadAtHome: false,
    flushAllAtHome: false,
    maxHaConsecutiveResends: 5,
    maxCnConsecutiveResends: 0,
    sendMobPfxSols: true,
    useAllInterfaces: false,
    mobRtrUseExplicitMode: true,
    useCnBuAck: false,
    interfaceInitialInitDelayS: 2,
    routerProbes: 0,
    routerProbeTimeoutS: 0,
    initialBindackTimeoutFirstRegS: 1.5,
    initialBindackTimeoutReRegS: 1,
    initialSolicitTimerS: 3,
    optimisticHandoff: false,
    noHomeReturn: false,
  },
} as const
