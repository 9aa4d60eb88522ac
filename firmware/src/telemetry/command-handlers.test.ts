import { formatAddress, type Ipv6Address } from '@mip6/wire'
import { describe, expect, it } from 'vitest'
import { commandHandlers } from './command-handlers'

const request = (name: string, payload: string) => {
  let args: unknown
  try {
    args = JSON.parse(payload)
  } catch {
    args = undefined
  }
  return { name, payload, args }
}

describe('MQTT command handlers', () => {
  const dropped: string[] = []
  const handlers = commandHandlers({
    dropBinding: (hoa: Ipv6Address) => {
      dropped.push(formatAddress(hoa))
      return formatAddress(hoa) === '2001:db8::beef'
    },
    reload: async () => false,
  })

  it('drop-binding takes the home address as JSON or as bare text', async () => {
    expect(
      await handlers['drop-binding']!(request('drop-binding', '{"homeAddress":"2001:DB8::BEEF"}')),
    ).toEqual({
      ok: true,
      message: 'binding of 2001:DB8::BEEF ended',
    })
    expect((await handlers['drop-binding']!(request('drop-binding', '2001:db8::1')))!.ok).toBe(false)
    expect(dropped).toEqual(['2001:db8::beef', '2001:db8::1'])
  })

  it('drop-binding without a valid address says what to send', async () => {
    const reply = await handlers['drop-binding']!(request('drop-binding', '{"homeAddress": 7}'))
    expect(reply.ok).toBe(false)
    expect(reply.message).toContain('give the home address')
  })

  it('reload reports a refused configuration', async () => {
    expect((await handlers.reload!(request('reload', '')))!.message).toContain('refused')
  })

  it('offers only the commands the router can carry out', () => {
    expect(Object.keys(commandHandlers({}))).toEqual([])
  })
})
