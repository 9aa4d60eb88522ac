// The two commands a user runs before `run`: `check` on the seed's radvd.conf as the article
// printed it (its braces lost) names every missing brace as FILE:LINE:COL and fails, and
// passes once they are back; `doctor` in a namespace with IPv6 forwarding off fails that one
// prerequisite with the sysctl that fixes it, and passes everything once it is applied.
import { readFileSync } from 'node:fs'
import { NetnsLab } from '@mip6/netio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_LINKS } from './support/configs'
import { BIN, FIXTURES, requireRaTools, runToCompletion } from './support/tools'
import { type Pair, routerAndHost } from './support/topology'

const AS_PRINTED = `${FIXTURES}/seed-002-radvd-as-printed.conf`
const RESTORED = `${FIXTURES}/seed-002-radvd.conf`

describe('mip6-router check', () => {
  it('prints each missing brace of the seed as printed as FILE:LINE:COL and exits 1', async () => {
    const r = await runToCompletion([process.execPath, BIN, 'check', '--radvd-conf', AS_PRINTED])
    expect(r.code).toBe(1)
    const lines = r.stderr.trim().split('\n')
    // Every "{" belongs at the end of an `interface` or `prefix` line: that is where each
    // error points.
    const text = readFileSync(AS_PRINTED, 'utf8').split('\n')
    const openings = text.flatMap((line, i) =>
      /^\s*(interface|prefix)\s/.test(line)
        ? [`${AS_PRINTED}:${i + 1}:${line.length + 1}: error: missing "{"`]
        : [],
    )
    expect(openings).toHaveLength(4)
    for (const o of openings) expect(lines.some((l) => l.startsWith(o))).toBe(true)
    // Every block is left open: a missing "};" per block, where its last setting ends.
    expect(lines.filter((l) => l.includes('missing "};"')).map((l) => l.replace(/: error: .*/, ''))).toEqual([
      `${AS_PRINTED}:13:26`,
      `${AS_PRINTED}:13:26`,
      `${AS_PRINTED}:27:26`,
      `${AS_PRINTED}:27:26`,
    ])
    expect(lines).toHaveLength(8)
    expect(lines.every((l) => /^\S+:\d+:\d+: error: missing "(\{|\};)"/.test(l))).toBe(true)
  })

  it('exits 0 on the seed with its braces restored', async () => {
    const r = await runToCompletion([process.execPath, BIN, 'check', '--radvd-conf', RESTORED])
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('configuration OK (interfaces: wlan0, wlan1)')
    expect(r.code).toBe(0)
  })
})

const SUITE = 'RA doctor'
const OK = requireRaTools(SUITE, [])

describe.runIf(OK)('mip6-router doctor', () => {
  const lab = new NetnsLab('doctor')
  let pair: Pair

  beforeAll(async () => {
    pair = await routerAndHost(lab, 'd', SEED_LINKS, { forwarding: false })
  })

  afterAll(async () => {
    await lab.cleanup()
  })

  const doctor = () =>
    runToCompletion([
      'ip',
      'netns',
      'exec',
      pair.router,
      process.execPath,
      BIN,
      'doctor',
      '--radvd-conf',
      RESTORED,
    ])

  it(
    'fails on forwarding off with the sysctl fix, and passes everything once fixed',
    { timeout: 30_000 },
    async () => {
      const off = await doctor()
      const offLines = off.stdout.split('\n')
      const fails = offLines.filter((l) => l.startsWith('FAIL'))
      expect(fails).toEqual([
        'FAIL  IPv6 forwarding off: RAs would carry router lifetime 0 and nothing is routed',
      ])
      const fix = offLines[offLines.indexOf(fails[0]!) + 1]
      expect(fix).toMatch(/^\s+fix: sysctl -w net\.ipv6\.conf\.all\.forwarding=1/)
      expect(off.code).toBe(1)

      await lab.sysctl(pair.router, { 'net.ipv6.conf.all.forwarding': 1 })
      const on = await doctor()
      const verdicts = on.stdout.split('\n').filter((l) => /^(PASS|FAIL)/.test(l))
      expect(verdicts.length).toBeGreaterThanOrEqual(4 + 3 * SEED_LINKS.length)
      expect(verdicts.filter((l) => !l.startsWith('PASS'))).toEqual([])
      expect(verdicts).toContain('PASS  IPv6 forwarding on (net.ipv6.conf.all.forwarding=1)')
      for (const { router } of SEED_LINKS) expect(verdicts).toContain(`PASS  ${router}: up`)
      expect(on.code).toBe(0)
    },
  )
})
