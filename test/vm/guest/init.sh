#!/bin/sh
# /init of the VM harness's initramfs (test/vm/initramfs.ts), run by busybox sh as PID 1.
# Loads the 9p and overlay modules, mounts the host root read-only over 9p under a tmpfs
# overlay (the guest may write anywhere, nothing reaches the host), the repository the same
# way at its own path (so a checkout under the host's /tmp is visible too), the share
# directory on /mnt, then switch_root runs /mnt/run-checks.sh from the host's root.
# Every mount is made here, before switch_root: mounts made after it over 9p failed.
# Kernel command line words KEY=value arrive as environment: MIP6_REPO.
/bin/busybox --install -s /bin
export PATH=/bin

fail() {
  echo "mip6-vm init: $*" >&2
  echo o >/proc/sysrq-trigger
  sleep 30
}

p9='trans=virtio,version=9p2000.L,msize=262144'
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r m; do
  insmod "/lib/modules/$m" || fail "insmod $m failed"
done </lib/modules/order

mkdir -p /lower /rw /newroot
mount -t 9p -o "$p9,ro,cache=loose" root /lower || fail 'cannot mount the host root (9p tag root)'
mount -t tmpfs -o mode=0755 rw /rw
mkdir -p /rw/root.upper /rw/root.work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/root.upper,workdir=/rw/root.work overlay /newroot ||
  fail 'overlay over the host root failed'

mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 shm /newroot/dev/shm
mount -t tmpfs -o mode=1777 tmp /newroot/tmp
mount -t tmpfs -o mode=0755 run /newroot/run
mount -t 9p -o "$p9" share /newroot/mnt || fail 'cannot mount the share directory (9p tag share)'

if [ -n "$MIP6_REPO" ]; then
  mkdir -p /rw/repo.lower /rw/repo.upper /rw/repo.work "/newroot$MIP6_REPO"
  mount -t 9p -o "$p9,ro,cache=loose" repo /rw/repo.lower || fail 'cannot mount the repository (9p tag repo)'
  mount -t overlay -o lowerdir=/rw/repo.lower,upperdir=/rw/repo.upper,workdir=/rw/repo.work overlay \
    "/newroot$MIP6_REPO" || fail "overlay over $MIP6_REPO failed"
fi

exec switch_root /newroot /bin/sh /mnt/run-checks.sh /mnt vm
