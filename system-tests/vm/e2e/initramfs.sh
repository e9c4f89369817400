#!/bin/sh
# Builds the e2e initramfs: static busybox, the modules for a virtio disk with ext4, and
# initramfs-init.sh as /init.
# Usage: initramfs.sh KERNEL_TREE VERSION OUTPUT.cpio
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$1" && pwd) version=$2 output=$3
modules="$tree/lib/modules/$version"

# busybox-static, not the dynamic busybox: the initramfs has no libc.
if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static >/dev/null
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/lib/modules/$version"
ln -s bin "$root/sbin"
install -m 755 /bin/busybox "$root/bin/busybox"
install -m 755 "$HERE/initramfs-init.sh" "$root/init"
modprobe -d "$tree" -S "$version" --show-depends -a virtio_pci virtio_blk crc32c_generic ext4 |
    awk '$1 == "insmod" { print $2 }' | sort -u | while read -r module; do
        install -D -m 644 "$module" "$root/lib/modules/$version/${module#"$modules/"}"
    done
cp "$modules/modules.order" "$modules/modules.builtin" "$modules/modules.builtin.modinfo" "$root/lib/modules/$version/"
depmod -b "$root" "$version"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$output"
