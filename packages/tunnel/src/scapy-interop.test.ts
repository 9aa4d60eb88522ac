// Cross-checks with scapy (Debian's python3-scapy) as an independent IPv6 stack: it reads our
// tunnel packets, fragments and ICMPv6 errors, and we decapsulate what it fragments.
import { spawnSync } from 'node:child_process'
import { hasScapy, requireTool } from '@mip6/wire/testing'
import { describe, expect, it } from 'vitest'
import { labTunnel, only, toHex, udpPacket } from './testing/packets'

const SCRIPT = `
import json, sys
from scapy.all import IPv6, UDP, raw, fragment6, defragment6
from scapy.layers.inet6 import ICMPv6PacketTooBig, IPv6ExtHdrFragment
out = {}
req = json.load(sys.stdin)
frags = [IPv6(bytes.fromhex(h)) for h in req['fragments']]
whole = defragment6(frags)
out['defragmented'] = raw(whole).hex()
out['fragmentIds'] = [f[IPv6ExtHdrFragment].id for f in frags]
ptb = IPv6(bytes.fromhex(req['ptb']))
sent = ptb[ICMPv6PacketTooBig].cksum
del ptb[ICMPv6PacketTooBig].cksum
out['ptb'] = {'mtu': ptb[ICMPv6PacketTooBig].mtu, 'cksumOk': IPv6(raw(ptb))[ICMPv6PacketTooBig].cksum == sent}
tunnel = IPv6(src='2001:db8:1:0:205:5dff:fef2:db2b', dst='2001:db8::', hlim=64) / \\
  IPv6(src='2001:db8::beef', dst='2001:db8:2::1', hlim=64) / UDP(sport=5000, dport=53) / (b'x' * 1300)
out['scapyFragments'] = [raw(f).hex() for f in fragment6(IPv6(raw(tunnel)) / IPv6ExtHdrFragment(), 1280)]
out['scapyInner'] = raw(tunnel[IPv6][1]).hex()
print(json.dumps(out))
`

const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'))

describe.runIf(requireTool(hasScapy(), 'tunnel scapy interop'))('scapy interop', () => {
  const t = labTunnel({ linkMtu: 1280 })
  const original = udpPacket({ length: 1280 })
  const fragments = only(t.encapsulate(original, 0), 'send-tunnelled').map((a) => a.packet)
  const [ptb] = only(labTunnel().encapsulate(udpPacket({ length: 1500 }), 0), 'send-icmp-error')
  const r = spawnSync('/usr/bin/python3', ['-c', SCRIPT], {
    input: JSON.stringify({ fragments: fragments.map(toHex), ptb: toHex(ptb!.packet) }),
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`scapy failed: ${r.stderr}`)
  const answer = JSON.parse(r.stdout) as {
    defragmented: string
    fragmentIds: number[]
    ptb: { mtu: number; cksumOk: boolean }
    scapyFragments: string[]
    scapyInner: string
  }

  it('reassembles our outer fragments into the tunnel packet of the original', () => {
    const whole = bytes(answer.defragmented)
    const forwarded = original.slice()
    forwarded[7] = 63 // hop limit, one less
    expect(whole[6]).toBe(41) // next header: IPv6
    expect(toHex(whole.subarray(40))).toBe(toHex(forwarded))
    expect(new Set(answer.fragmentIds).size).toBe(1)
  })

  it('reads our Packet Too Big with its MTU and a valid checksum', () => {
    expect(answer.ptb).toEqual({ mtu: 1460, cksumOk: true })
  })

  it('decapsulates a tunnel packet that scapy fragmented', () => {
    const exit = labTunnel()
    const out = answer.scapyFragments.flatMap((f) => exit.decapsulate(bytes(f), 0))
    expect(out.map((a) => a.kind)).toEqual(['forward'])
    expect(toHex(only(out, 'forward')[0]!.packet)).toBe(answer.scapyInner)
  })
})
