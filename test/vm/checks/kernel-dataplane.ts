// The Home Agent's kernel data plane (firmware/src/dataplane/kernel-dataplane.ts) on a kernel
// with ip6_tunnel: a home host, the router and a mobile node on a visited link, each in a
// namespace. The KernelDataPlane class runs in the router's namespace (../guest/
// kernel-dataplane.ts) and gets the engine's changes by hand; the mobile node's side is a
// kernel ip6ip6 tunnel to the HA that holds the home address. The home host's pings to the home
// address must reach the mobile node inside the tunnel and the replies come back through the
// reverse tunnel, before and after a handover; removal and stop must leave nothing behind.
import { join } from 'node:path'
import { expect } from 'vitest'
import { writeBundleScript } from '../guest-bundle'
import type { SuiteCheck } from './index'

const HOA = '2001:db8::beef'
const DRIVER = join(import.meta.dirname, '..', 'guest', 'kernel-dataplane.ts')

export const kernelDataPlane: SuiteCheck = {
  name: 'kernel-dataplane',
  tools: [
    ['ip', 'iproute2'],
    ['ping', 'iputils-ping'],
    ['modprobe', 'kmod'],
    ['node', 'nodejs'],
  ],
  title: 'the kernel data plane tunnels a home address to its care-of address and back, and cleans up',
  timeoutS: 60,
  // Built when the harness writes the checks out, not whenever this module is imported.
  get script() {
    return `set -eu
driver=/tmp/mip6-kernel-dataplane-$$.mjs h=vmk-dp-h-$$ r=vmk-dp-r-$$ m=vmk-dp-m-$$
cleanup() { for n in $h $r $m; do ip netns del "$n" 2>/dev/null || true; done; rm -f "$driver"; }
trap cleanup EXIT
${writeBundleScript(DRIVER, '$driver')}
modprobe ip6_tunnel
# One ip per namespace (batches): an ip costs ~80 ms under TCG.
printf 'netns add %s\\n' "$h" "$r" "$m" | ip -b -
for n in $h $r $m; do
  ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
# The home link 2001:db8::/64 (r0-h0) and the visited link 2001:db8:1::/64 (r1-m0); mip6t5 is
# a crashed earlier run's tunnel, for start() to remove.
ip -n "$r" -b - <<EOF
link set lo up
link add r0 type veth peer name h0 netns $h
link add r1 type veth peer name m0 netns $m
addr add 2001:db8::1/64 dev r0 nodad
addr add 2001:db8:1::1/64 dev r1 nodad
link set r0 up
link set r1 up
link add mip6t5 type ip6tnl mode ip6ip6 local 2001:db8::1 remote 2001:db8:9::9
EOF
ip -n "$h" -b - <<EOF
link set lo up
addr add 2001:db8::2/64 dev h0 nodad
link set h0 up
route add default via 2001:db8::1
EOF
# The mobile node away from home: its home address on its end of the bidirectional tunnel.
ip -n "$m" -b - <<EOF
link set lo up
addr add 2001:db8:1::100/64 dev m0 nodad
link set m0 up
route add default via 2001:db8:1::1
link add mt0 type ip6tnl mode ip6ip6 local 2001:db8:1::100 remote 2001:db8::1 encaplimit none
addr add ${HOA}/128 dev mt0 nodad
link set mt0 up
route add 2001:db8::2/128 dev mt0
EOF
ip netns exec "$r" node "$driver" "$h" "$m"
echo "after exit links: $(ip -n "$r" -o link show | grep -c mip6 || true)"
`
  },
  verify(r) {
    const line = (key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(r.stdout)?.[1]
    expect(line('probe')).toBe('data plane: kernel (ip6_tunnel present)')
    expect(line('before sysctls')).toBe('forwarding=0 proxy_ndp=0')
    expect(line('started sysctls')).toBe('forwarding=1 proxy_ndp=1')
    expect(line('started tunnels'), "the crashed run's mip6t5 is gone").toBe('none')
    expect(r.stdout).toMatch(/removed leftover tunnel mip6t5 to 2001:db8:9::9/)

    expect(line('added tunnels')).toMatch(
      /^mip6t0: ipv6\/ipv6 remote 2001:db8:1::100 local 2001:db8::1 encaplimit none/,
    )
    expect(line('added route')).toMatch(new RegExp(`^${HOA} dev mip6t0 `))
    expect(line('added proxy')).toMatch(new RegExp(`^${HOA} dev r0 proxy`))
    expect(line('added ping')).toMatch(/^3 packets transmitted, 3 received/)
    expect(
      Number(line('added mn tunnel rx')),
      'requests decapsulated by the mobile node',
    ).toBeGreaterThanOrEqual(3)
    expect(Number(line('added ha tunnel rx')), 'replies through the reverse tunnel').toBeGreaterThanOrEqual(3)

    expect(line('moved tunnels')).toMatch(/^mip6t0: ipv6\/ipv6 remote 2001:db8:1::200 local 2001:db8::1/)
    expect(line('moved ping')).toMatch(/^3 packets transmitted, 3 received/)
    expect(Number(line('moved mn tunnel rx'))).toBeGreaterThanOrEqual(3)
    expect(Number(line('moved ha tunnel rx'))).toBeGreaterThanOrEqual(3)

    for (const step of ['removed', 'stopped']) {
      expect(line(`${step} tunnels`), step).toBe('none')
      expect(line(`${step} route`), step).toBe('none')
      expect(line(`${step} proxy`), step).toBe('none')
    }
    expect(line('readded tunnels')).toMatch(/^mip6t0: .*remote 2001:db8:1::200/)
    expect(line('stopped sysctls')).toBe('forwarding=0 proxy_ndp=0')
    expect(line('after exit links'), 'no tunnel, and no probe device, left').toBe('0')
  },
}
