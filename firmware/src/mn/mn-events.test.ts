import { mustParse } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { eventLine } from './mn-events'

describe('mobile node event lines', () => {
  it('name the event, carry the monotonic time and write addresses and prefixes as text', () => {
    expect(
      eventLine({
        kind: 'event',
        now: 1234.5678,
        event: 'movement-detected',
        from: undefined,
        to: {
          atHome: false,
          prefix: { address: mustParse('2001:db8:1::'), length: 64 },
          router: mustParse('fe80::2'),
        },
        reason: 'new-router',
      }),
    ).toEqual({
      msg: 'movement-detected',
      fields: {
        event: 'movement-detected',
        monotonicMs: 1234.568,
        from: undefined,
        to: { atHome: false, prefix: '2001:db8:1::/64', router: 'fe80::2' },
        reason: 'new-router',
      },
    })
    expect(
      eventLine({
        kind: 'event',
        now: 10,
        event: 'home-agent-discovered',
        homeAgents: [mustParse('2001:db8::')],
        via: 'dhaad',
      }).fields,
    ).toMatchObject({ homeAgents: ['2001:db8::'], via: 'dhaad' })
  })
})
