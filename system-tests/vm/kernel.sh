#!/bin/sh
# Prints the path of an unpacked Debian kernel (the one linux-image-amd64 depends on),
# downloading it on first use into .cache/vm/kernel-<version>/:
#   vmlinux                    the uncompressed kernel (skips seconds of decompression under TCG)
#   lib/modules/<version>/     its modules, with depmod indexes
# Both VM tests (system-tests/vm/run-vivid.sh, system-tests/vm/run-e2e.sh) boot it.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE="$ROOT/.cache/vm"

log() { echo "kernel: $*" >&2; }

package=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n1)
if [ -z "$package" ]; then
    apt-get update -qq
    package=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n1)
fi
[ -n "$package" ] || { log "cannot resolve linux-image-amd64"; exit 1; }
version=${package#linux-image-}
tree="$CACHE/kernel-$version"

if [ ! -f "$tree/vmlinux" ]; then
    log "downloading $package"
    rm -rf "$tree" && mkdir -p "$tree"
    (cd "$tree" && apt-get download -qq -o APT::Sandbox::User=root "$package" >/dev/null && dpkg -x ./*.deb . && rm ./*.deb)
    # A bzImage holds the kernel as an xz stream: find its magic and decompress from there.
    offset=$(LC_ALL=C grep -abo "$(printf '\3757zXZ')" "$tree/boot/vmlinuz-$version" | head -n1 | cut -d: -f1)
    [ -n "$offset" ] || { log "no xz payload in vmlinuz-$version"; exit 1; }
    tail -c +"$((offset + 1))" "$tree/boot/vmlinuz-$version" | xz -dcq 2>/dev/null > "$tree/vmlinux.part" || true
    mv "$tree/vmlinux.part" "$tree/vmlinux"
    depmod -b "$tree" "$version"
fi
echo "$tree"
