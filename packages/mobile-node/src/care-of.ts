// The care-of address on a visited link (RFC 4862 §5.5.3, RFC 6275 §11.5.2): adding it,
// following its prefix's valid lifetime, DAD's answer (RFC 4862 §5.4.5) and removing it. Once
// usable, the home agent is found or registered with. How the address is formed is
// care-of-address.ts's; when it expires, movement.ts decides what next.
import { addressEquals } from '@mip6/wire'
import type { MnAction } from './actions'
import { awaitingAck, transition } from './binding-update-list'
import { careOfAddress } from './care-of-address'
import { cancelDhaad, startDhaad } from './dhaad'
import type { DadResultInput } from './inputs'
import type { AdvertisedPrefix } from './movement-detection'
import { currentHomeAgent, type Done, drop, event, log, type MnState } from './node-state'
import { register } from './registration'

export function formCareOf(s: MnState, p: AdvertisedPrefix, now: number, out: MnAction[]): Done {
  const address = careOfAddress(p.prefix, s.iid)
  const old = s.careOf
  const same = old !== undefined && addressEquals(old.address, address)
  if (old !== undefined && !same) dropCareOf(s, out)
  const optimistic = s.settings.careOfDad === 'optimistic'
  s.careOf = {
    address,
    prefix: p.prefix,
    validUntil: p.validUntil,
    ready: same ? old.ready : optimistic,
  }
  out.push({
    kind: 'address-add',
    ifname: s.settings.ifname,
    address,
    prefixLength: p.prefix.length,
    role: 'care-of',
    dad: true,
    optimistic,
    validLifetimeS: p.validLifetimeS,
    preferredLifetimeS: p.preferredLifetimeS,
  })
  armCareOfExpiry(s)
  if (s.careOf.ready) careOfReady(s, now, out)
}

function careOfReady(s: MnState, now: number, out: MnAction[]): Done {
  if (currentHomeAgent(s) === undefined) startDhaad(s, now, out)
  else register(s, now, out)
}

export function armCareOfExpiry(s: MnState): Done {
  const c = s.careOf
  if (c === undefined || !Number.isFinite(c.validUntil)) s.timers.clear('care-of-expiry')
  else s.timers.set('care-of-expiry', c.validUntil)
}

export function dropCareOf(s: MnState, out: MnAction[]): Done {
  const c = s.careOf
  if (c === undefined) return
  s.careOf = undefined
  s.timers.clear('care-of-expiry')
  out.push({ kind: 'address-remove', ifname: s.settings.ifname, address: c.address, role: 'care-of' })
}

export function dadResult(s: MnState, input: DadResultInput, now: number, out: MnAction[]): Done {
  const c = s.careOf
  if (c === undefined || !addressEquals(c.address, input.address)) return drop(s, 'dad-unknown-address')
  if (!input.duplicate) {
    if (c.ready) return
    c.ready = true
    return careOfReady(s, now, out)
  }
  // RFC 4862 §5.4.5: the address must not be used; a duplicate EUI-64 needs an operator.
  event(out, now, { event: 'care-of-duplicate', address: c.address })
  out.push(log('warn', 'care-of address is a duplicate: no registration from this link'))
  dropCareOf(s, out)
  cancelDhaad(s)
  if (awaitingAck(s.bul.state) && s.bul.state !== 'deregistering') {
    s.bul.state = transition(s.bul.state, 'refuse')
    s.timers.clear('bu')
  }
}
