#!/bin/sh
# Prints the path of an unpacked Debian kernel for ARCH, downloading it on first use into
# .cache/vm/kernel-<version>/:
#   vmlinux   (amd64)          the uncompressed kernel (skips seconds of decompression under TCG)
#   Image     (arm64)          the kernel as Debian ships it: arm64's vmlinuz is an uncompressed
#                              Image already (arm64 kernels do not decompress themselves)
#   busybox   (arm64)          static busybox of the same release, for the initramfs: the host's
#                              own busybox-static only runs on the host's architecture
#   lib/modules/<version>/     its modules, with depmod indexes
#
#   amd64: the kernel linux-image-amd64 depends on in the host's apt (Debian 12 bookworm here).
#   arm64: the one linux-image-arm64 depends on in Debian 13 trixie, the arm64 guest's release,
#          looked up by an apt of its own in .cache/vm/apt-trixie-arm64, so that the host's
#          dpkg and apt stay amd64-only.
# Both VM tests (system-tests/vm/run-vivid.sh, system-tests/vm/run-e2e.sh) boot it.
#
# Usage: kernel.sh [ARCH]    (default: this machine's architecture)
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE="$ROOT/.cache/vm"
ARCH=${1:-$(dpkg --print-architecture)}

log() { echo "kernel: $*" >&2; }

apt_options=""
extra_packages=""
if [ "$ARCH" != "$(dpkg --print-architecture)" ]; then
    case "$ARCH" in
    arm64) suite=trixie ;;
    *) log "no kernel for $ARCH (amd64, arm64)"; exit 64 ;;
    esac
    # Its own sources, lists, cache and an empty dpkg status: nothing of the host's apt is read
    # or written but its keyring.
    apt_dir="$CACHE/apt-$suite-$ARCH"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/empty"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
        > "$apt_dir/sources.list"
    touch "$apt_dir/status"
    apt_options="-o APT::Architecture=$ARCH -o APT::Architectures::=$ARCH
        -o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=$apt_dir/empty
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=$apt_dir/empty
        -o Dir::State::Lists=$apt_dir/lists -o Dir::State::Status=$apt_dir/status
        -o Dir::Cache=$apt_dir/cache"
    extra_packages=busybox-static
fi

resolve() {
    apt-cache $apt_options depends "linux-image-$ARCH" 2>/dev/null |
        sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n1
}
package=$(resolve)
if [ -z "$package" ]; then
    apt-get $apt_options update -qq
    package=$(resolve)
fi
[ -n "$package" ] || { log "cannot resolve linux-image-$ARCH"; exit 1; }
version=${package#linux-image-}
tree="$CACHE/kernel-$version"
case "$ARCH" in
amd64) image=vmlinux ;;
*) image=Image ;;
esac

if [ ! -f "$tree/$image" ]; then
    log "downloading $package $extra_packages"
    rm -rf "$tree" && mkdir -p "$tree"
    (cd "$tree" && apt-get download -qq $apt_options -o APT::Sandbox::User=root "$package" $extra_packages >/dev/null &&
        for deb in ./*.deb; do dpkg -x "$deb" .; done && rm ./*.deb)
    # Debian 13 installs modules under /usr/lib/modules; the host's depmod and modprobe -d
    # look in /lib/modules.
    if [ -d "$tree/usr/lib/modules" ]; then
        mkdir -p "$tree/lib" && mv "$tree/usr/lib/modules" "$tree/lib/modules"
    fi
    if [ -n "$extra_packages" ]; then
        mv "$tree/usr/bin/busybox" "$tree/busybox"
    fi
    case "$ARCH" in
    amd64)
        # A bzImage holds the kernel as an xz stream: find its magic and decompress from there.
        offset=$(LC_ALL=C grep -abo "$(printf '\3757zXZ')" "$tree/boot/vmlinuz-$version" | head -n1 | cut -d: -f1)
        [ -n "$offset" ] || { log "no xz payload in vmlinuz-$version"; exit 1; }
        tail -c +"$((offset + 1))" "$tree/boot/vmlinuz-$version" | xz -dcq 2>/dev/null > "$tree/vmlinux.part" || true
        mv "$tree/vmlinux.part" "$tree/vmlinux"
        ;;
    *)
        # Checked, not assumed: a gzip or EFI zboot kernel would need unpacking first. An arm64
        # Image has the magic "ARM\x64" at byte 56 of its header.
        [ "$(dd if="$tree/boot/vmlinuz-$version" bs=1 skip=56 count=4 2>/dev/null)" = ARMd ] ||
            { log "vmlinuz-$version is not an uncompressed arm64 Image"; exit 1; }
        mv "$tree/boot/vmlinuz-$version" "$tree/Image"
        ;;
    esac
    depmod -b "$tree" "$version"
fi
echo "$tree"
