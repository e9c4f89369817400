#!/bin/sh
# /sbin/init of the UVC test guest (a Debian root made by run-uvc.sh; no systemd): mounts the
# kernel's file systems, runs the checks with their output on the serial console, powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
hostname yolo-edge-uvc
ip link set lo up 2>/dev/null
sh /usr/local/lib/yolo-edge-uvc/guest-tests.sh
echo "UVC TESTS DONE"
sync
echo o > /proc/sysrq-trigger
sleep 10
