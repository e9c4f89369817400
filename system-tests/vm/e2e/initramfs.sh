#!/bin/sh
# Builds the e2e initramfs: a static busybox of the kernel's architecture, the modules for a
# virtio disk with ext4, and initramfs-init.sh as /init.
# Usage: initramfs.sh KERNEL_TREE VERSION OUTPUT.cpio
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$1" && pwd) version=$2 output=$3
modules="$tree/lib/modules/$version"

# A static busybox of the kernel's architecture: the initramfs has no libc. kernel.sh puts one
# beside a kernel for another architecture; for this machine's own, it is the host's
# busybox-static (not the dynamic busybox).
busybox="$tree/busybox"
if [ ! -f "$busybox" ]; then
    busybox=/bin/busybox
    if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static >/dev/null
    fi
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/lib/modules/$version"
ln -s bin "$root/sbin"
install -m 755 "$busybox" "$root/bin/busybox"
install -m 755 "$HERE/initramfs-init.sh" "$root/init"
modprobe -d "$tree" -S "$version" --show-depends -a virtio_pci virtio_blk crc32c_generic ext4 |
    awk '$1 == "insmod" { print $2 }' | sort -u | while read -r module; do
        install -D -m 644 "$module" "$root/lib/modules/$version/${module#"$modules/"}"
    done
# Debian 13 ships its modules xz-compressed; busybox's modprobe is not relied on to unpack them.
find "$root/lib/modules" -name '*.ko.xz' -exec xz -d {} +
cp "$modules/modules.order" "$modules/modules.builtin" "$modules/modules.builtin.modinfo" "$root/lib/modules/$version/"
depmod -b "$root" "$version"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$output"
