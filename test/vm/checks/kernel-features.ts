// What the kernel data plane and the Wi-Fi tests need from the kernel, checked where the
// harness runs (a Debian kernel in qemu, or the host when it is one): ip6ip6 tunnels, proxy
// NDP, Mobile IPv6's xfrm types, mac80211_hwsim, and the host's node inside the guest.
// Namespace names carry the shell's pid: on the host path other suites may run beside these.
import { expect } from 'vitest'
import type { SuiteCheck } from './index'

/** Removes the script's namespaces whatever happens; `ns NAME` creates one and records it. */
const NAMESPACES = `set -eu
created=''
cleanup() { for n in $created; do ip netns del "$n" 2>/dev/null || true; done; }
trap cleanup EXIT
ns() { ip netns add "$1"; created="$created $1"; ip -n "$1" link set lo up; }
`

const IP_TOOLS = [
  ['ip', 'iproute2'],
  ['ping', 'iputils-ping'],
  ['modprobe', 'kmod'],
] as const

export const ip6ip6Tunnel: SuiteCheck = {
  name: 'ip6ip6-tunnel',
  tools: IP_TOOLS,
  title: 'modprobe ip6_tunnel; an ip6ip6 tunnel between two namespaces carries a ping',
  timeoutS: 30,
  script: `${NAMESPACES}
modprobe ip6_tunnel
test -d /sys/module/ip6_tunnel && echo 'module: ip6_tunnel'
a=vmk-tun-a-$$ b=vmk-tun-b-$$
ns "$a"; ns "$b"
ip -n "$a" link add e0 type veth peer name e0 netns "$b"
ip -n "$a" addr add 2001:db8:1::1/64 dev e0 nodad
ip -n "$b" addr add 2001:db8:1::2/64 dev e0 nodad
ip -n "$a" link set e0 up
ip -n "$b" link set e0 up
ip -n "$a" link add t0 type ip6tnl mode ip6ip6 local 2001:db8:1::1 remote 2001:db8:1::2
ip -n "$b" link add t0 type ip6tnl mode ip6ip6 local 2001:db8:1::2 remote 2001:db8:1::1
ip -n "$a" addr add 2001:db8:ff::1/64 dev t0 nodad
ip -n "$b" addr add 2001:db8:ff::2/64 dev t0 nodad
ip -n "$a" link set t0 up
ip -n "$b" link set t0 up
ip -n "$a" -d link show t0
ip netns exec "$a" ping -6 -n -c 3 -i 0.2 -W 2 2001:db8:ff::2
echo "t0 tx_packets: $(ip netns exec "$a" cat /sys/class/net/t0/statistics/tx_packets)"
echo "e0 rx_packets: $(ip netns exec "$b" cat /sys/class/net/e0/statistics/rx_packets)"
`,
  verify(r) {
    expect(r.stdout).toMatch(/^module: ip6_tunnel$/m)
    expect(r.stdout).toMatch(/ip6tnl ip6ip6 remote 2001:db8:1::2 local 2001:db8:1::1/)
    expect(r.stdout).toMatch(/^3 packets transmitted, 3 received, 0% packet loss/m)
    const tx = Number(/^t0 tx_packets: (\d+)$/m.exec(r.stdout)?.[1])
    expect(tx, 'echo requests sent through the tunnel device').toBeGreaterThanOrEqual(3)
  },
}

export const proxyNdp: SuiteCheck = {
  name: 'proxy-ndp',
  tools: [
    ['ip', 'iproute2'],
    ['sysctl', 'procps'],
    ['ping', 'iputils-ping'],
  ],
  title: 'proxy NDP (proxy_ndp=1, ip -6 neigh add proxy) answers only with forwarding=1',
  timeoutS: 30,
  script: `${NAMESPACES}
r=vmk-ndp-r-$$ h=vmk-ndp-h-$$
ns "$r"; ns "$h"
ip -n "$r" link add r0 address 02:00:00:00:00:01 type veth peer name h0 address 02:00:00:00:00:02 netns "$h"
ip netns exec "$r" sysctl -qw net.ipv6.conf.r0.accept_dad=0 net.ipv6.conf.r0.proxy_ndp=1
ip netns exec "$h" sysctl -qw net.ipv6.conf.h0.accept_dad=0
ip -n "$r" addr add 2001:db8::1/64 dev r0
ip -n "$h" addr add 2001:db8::2/64 dev h0
ip -n "$r" link set r0 up
ip -n "$h" link set h0 up
ip -n "$r" -6 neigh add proxy 2001:db8::beef dev r0
echo "proxy entries: $(ip -n "$r" -6 neigh show proxy | tr '\n' ' ')"
# The host resolves the proxied address (its ping starts address resolution) and shows what
# its neighbour table learnt. Proxied answers come after a random delay of up to proxy_delay
# (0.8 s); the pings last 1.9 s.
resolve() {
  ip netns exec "$r" sysctl -qw "net.ipv6.conf.r0.forwarding=$1"
  ip -n "$h" -6 neigh flush dev h0
  ip netns exec "$h" ping -6 -n -c 2 -i 0.9 -W 1 2001:db8::beef >/dev/null 2>&1 || true
  echo "forwarding=$1: $(ip -n "$h" -6 neigh show 2001:db8::beef dev h0)"
}
resolve 0
resolve 1
`,
  verify(r) {
    expect(r.stdout).toMatch(/^proxy entries: 2001:db8::beef dev r0 proxy/m)
    const line = (f: number) => new RegExp(`^forwarding=${f}: (.*)$`, 'm').exec(r.stdout)?.[1]
    expect(line(0), 'no answer while forwarding=0').not.toMatch(/lladdr/)
    expect(line(1), "the router's MAC for the proxied address").toMatch(
      /lladdr 02:00:00:00:00:01 (REACHABLE|STALE|DELAY)/,
    )
  },
}

export const mip6Xfrm: SuiteCheck = {
  name: 'mip6-xfrm',
  tools: [['ip', 'iproute2']],
  title: 'CONFIG_IPV6_MIP6: xfrm states proto route2 and hao in mode ro',
  timeoutS: 20,
  script: `${NAMESPACES}
x=vmk-xfrm-$$
ns "$x"
ip -n "$x" -6 xfrm state add src 2001:db8::beef dst 2001:db8:1::2 proto route2 mode ro coa 2001:db8:1::2
ip -n "$x" -6 xfrm state add src 2001:db8::beef dst 2001:db8::1 proto hao mode ro coa 2001:db8:1::2
ip -n "$x" -6 xfrm state show
`,
  verify(r) {
    expect(r.stdout).toMatch(/proto route2 [^\n]*mode ro/)
    expect(r.stdout).toMatch(/proto hao [^\n]*mode ro/)
  },
}

export const hwsimRadios: SuiteCheck = {
  name: 'hwsim-radios',
  tools: [
    ['modprobe', 'kmod'],
    ['iw', 'iw'],
  ],
  title: 'modprobe mac80211_hwsim radios=2 shows two wiphys',
  timeoutS: 30,
  script: `set -eu
if [ -d /sys/module/mac80211_hwsim ]; then
  echo 'mac80211_hwsim was already loaded'
else
  modprobe mac80211_hwsim radios=2
  [ "$MIP6_WHERE" = vm ] || trap 'modprobe -r mac80211_hwsim' EXIT
fi
n=0
for phy in /sys/class/ieee80211/*; do
  case "$(readlink -f "$phy/device")" in *hwsim*) n=$((n + 1)) ;; esac
done
echo "hwsim wiphys: $n"
iw phy | grep '^Wiphy'
iw dev
`,
  verify(r) {
    const n = Number(/^hwsim wiphys: (\d+)$/m.exec(r.stdout)?.[1])
    if (/already loaded/.test(r.stdout)) expect(n).toBeGreaterThanOrEqual(2)
    else expect(n).toBe(2)
    expect(r.stdout.match(/^Wiphy /gm)?.length).toBeGreaterThanOrEqual(2)
    expect(r.stdout).toMatch(/Interface wlan\d+/)
  },
}

export const hostNode: SuiteCheck = {
  name: 'host-node',
  tools: [['node', 'nodejs']],
  title: "the host's /usr/bin/node runs there, sees the repository and starts processes",
  timeoutS: 30,
  script: `set -eu
/usr/bin/node --version
/usr/bin/node -e '
const { execFileSync } = require("node:child_process")
console.log("repo package:", require(process.env.MIP6_REPO + "/package.json").name)
console.log("child kernel:", execFileSync("uname", ["-r"], { encoding: "utf8" }).trim())
'
`,
  verify(r, run) {
    expect(r.stdout).toMatch(/^v\d+\.\d+\.\d+$/m)
    expect(r.stdout).toMatch(/^repo package: mip6-router$/m)
    expect(r.stdout).toMatch(new RegExp(`^child kernel: ${run.kernel}$`, 'm'))
  },
}

export const KERNEL_FEATURES: readonly SuiteCheck[] = [
  ip6ip6Tunnel,
  proxyNdp,
  mip6Xfrm,
  hwsimRadios,
  hostNode,
]
