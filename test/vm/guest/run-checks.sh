#!/bin/sh
# Runs the checks the VM harness (test/vm/harness.ts) wrote to SHARE/checks, one after the
# other, in the order of SHARE/checks/list ("name timeout-seconds" per line). Each check's
# stdout, stderr, exit status and milliseconds go to SHARE/results/<name>.{out,err,code,ms};
# a check without a .code file did not finish, which the harness counts as a failure.
# Usage: run-checks.sh SHARE vm|host. In the VM this is PID 1 and powers the guest off.
share=$1
where=$2
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 MIP6_WHERE="$where"

if [ "$where" = vm ]; then
  hostname mip6-vm
  ip link set lo up
  cut -d' ' -f1 /proc/uptime >"$share/results/boot-seconds"
fi
cd "${MIP6_REPO:-/}" || cd /

while read -r name limit; do
  [ -n "$name" ] || continue
  start=$(date +%s%N)
  MIP6_CHECK=$name timeout -k 5 "$limit" sh "$share/checks/$name.sh" \
    >"$share/results/$name.out" 2>"$share/results/$name.err" </dev/null
  code=$?
  end=$(date +%s%N)
  echo $(((end - start) / 1000000)) >"$share/results/$name.ms"
  echo "$code" >"$share/results/$name.code"
done <"$share/checks/list"

if [ "$where" = vm ]; then
  sync
  echo o >/proc/sysrq-trigger
  sleep 30
fi
