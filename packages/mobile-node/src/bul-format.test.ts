// The console's `bul` answer, line by line against mip6d's layout (seed 002).
import { describe, expect, it } from 'vitest'
import { MnHarness, VISITED_LINK } from './testing/harness'

/** Seed 002's sequence number, 19428, as the first one. */
const rng = () => 19_428.5 / 0x10000

function onVisitedLink(): MnHarness {
  const h = new MnHarness(undefined, { rng })
  h.ra(VISITED_LINK, {
    advIntervalMs: undefined,
    routerLifetimeS: 9000,
    validLifetimeS: 0xffffffff,
    preferredLifetimeS: 0xffffffff,
  })
  return h
}

describe('bul', () => {
  it('is empty before the first BU', () => {
    expect(new MnHarness().mn.bulLines(0)).toEqual([])
  })

  it('shows ack wait and the retransmission delay while a BU is outstanding', () => {
    const h = onVisitedLink()
    h.advance(500)
    expect(h.mn.bulLines(h.now)).toEqual([
      '== BUL_ENTRY ==',
      'Home address    2001:db8:0:0:0:0:0:beef',
      'Care-of address 2001:db8:1:0:205:5dff:fef2:db2b',
      'CN address      2001:db8:0:0:0:0:0:0',
      ' lifetime = 262140,  delay = 1500',
      ' flags: IP6_MH_BU_HOME IP6_MH_BU_ACK',
      ' ack wait',
      ' dev wlan0 last_coa 2001:db8:0:0:0:0:0:beef',
      ' lifetime 262140 / 262140 seq 19428 resend 0 delay 1(after 1s)',
    ])
  })

  it('prints a registered entry with its refresh delay, expiry and solicitation schedule', () => {
    const h = onVisitedLink()
    h.advance(20)
    h.ack()
    h.advance(4000)
    expect(h.mn.bulLines(h.now)).toEqual([
      '== BUL_ENTRY ==',
      'Home address    2001:db8:0:0:0:0:0:beef',
      'Care-of address 2001:db8:1:0:205:5dff:fef2:db2b',
      'CN address      2001:db8:0:0:0:0:0:0',
      ' lifetime = 262140,  delay = 235926000',
      ' flags: IP6_MH_BU_HOME IP6_MH_BU_ACK',
      ' ack ready',
      ' dev wlan0 last_coa 2001:db8:0:0:0:0:0:beef',
      ' lifetime 262136 / 262140 seq 19428 resend 0 delay 235926(after 235921s) expires 262135',
      ' mps 235921 / 235925',
    ])
  })

  it('counts resends and shows the doubled timeout', () => {
    const h = onVisitedLink()
    h.advance(5000)
    const lines = h.mn.bulLines(h.now)
    expect(lines[4]).toBe(' lifetime = 262140,  delay = 6000')
    expect(lines[8]).toBe(' lifetime 262140 / 262140 seq 19430 resend 2 delay 6(after 5s)')
  })
})
