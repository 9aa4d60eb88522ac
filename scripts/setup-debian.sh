#!/usr/bin/env bash
# Installs what mip6-router and its tests need on Debian 12, then the npm dependencies.
# Run as root from the repository root. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libpcap-dev        # the cap addon links libpcap (packet capture and injection)
  python3-scapy      # the mobile node and the codecs' reference in tests
  radvd radvdump     # reference router and RA decoder in tests and benches
  ndisc6             # rdisc6 solicits routers in tests
  tshark             # decodes every packet the tests capture
  mosquitto mosquitto-clients  # a real broker for the telemetry tests
  iproute2 nftables procps     # namespaces, veth, the raw-table rules, sysctl
  iperf3             # data plane throughput bench
  iputils-ping       # pings through tunnels in the kernel checks (test/vm)
  # test/vm: Debian's own kernel booted in qemu (TCG) has what a CI kernel may lack: ip6_tunnel,
  # IPV6_MIP6, mac80211_hwsim. Installing it does not change the running kernel.
  qemu-system-x86 linux-image-amd64 busybox-static
  hostapd wpasupplicant iw     # Wi-Fi access point and station on mac80211_hwsim radios (test/vm)
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
npm ci --no-fund --no-audit
