// The binding lifecycle table (binding-lifecycle.ts): what each transition leads to and emits.
import { describe, expect, it } from 'vitest'
import { transition } from './binding-lifecycle'

describe('binding lifecycle', () => {
  it('registers through DAD, refreshes, and ends by deregistration or expiry', () => {
    expect(transition('absent', 'accept-after-dad')).toEqual({ to: 'dad-pending' })
    expect(transition('dad-pending', 'coalesce')).toEqual({ to: 'dad-pending' })
    expect(transition('dad-pending', 'dad-succeeded')).toEqual({
      to: 'registered',
      event: 'binding-registered',
      dataPlane: 'binding-added',
    })
    expect(transition('registered', 'refresh')).toMatchObject({
      event: 'binding-refreshed',
      dataPlane: 'binding-changed',
    })
    expect(transition('registered', 'deregister')).toMatchObject({
      to: 'absent',
      dataPlane: 'binding-removed',
    })
    expect(transition('registered', 'expire')).toMatchObject({ to: 'absent', event: 'binding-expired' })
  })

  it('ends a pending registration on a DAD conflict with binding-rejected, touching no data plane', () => {
    expect(transition('dad-pending', 'dad-failed')).toEqual({ to: 'absent', event: 'binding-rejected' })
  })

  it('has no transition for what cannot happen: that would be our bug', () => {
    expect(() => transition('absent', 'refresh')).toThrow(/no transition/)
    expect(() => transition('dad-pending', 'expire')).toThrow(/no transition/)
    expect(() => transition('registered', 'dad-succeeded')).toThrow(/no transition/)
  })
})
