#!/bin/busybox sh
# PID 1 of the test guest: set up a minimal system, run the checks, power off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
sh /tests.sh
echo "TESTS DONE"
poweroff -f
