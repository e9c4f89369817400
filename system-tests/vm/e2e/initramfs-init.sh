#!/bin/busybox sh
# /init of the e2e initramfs: loads the disk and ext4 modules, mounts the root disk and
# hands over to its systemd. Everything else (vivid included) the guest loads itself.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# crc32c before ext4: ext4 would otherwise ask the kernel to run /sbin/modprobe for it.
# virtio_pci is built into Debian's arm64 kernel: modprobe finds it in modules.builtin.
for module in virtio_pci virtio_blk crc32c_generic ext4; do
    modprobe "$module" || echo "initramfs: cannot load $module"
done
tries=0
while [ ! -b /dev/vda ] && [ "$tries" -lt 50 ]; do
    sleep 0.1
    tries=$((tries + 1))
done
mkdir -p /newroot
mount -t ext4 -o rw /dev/vda /newroot || { echo "initramfs: cannot mount /dev/vda"; poweroff -f; }
umount /proc /sys /dev
exec switch_root /newroot /sbin/init
