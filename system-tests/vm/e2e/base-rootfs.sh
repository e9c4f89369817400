#!/bin/sh
# Prints the path of a Debian root filesystem tarball (minbase with systemd and the libraries
# yolo-edge loads) for ARCH, building it with debootstrap on first use. Cached in .cache/vm/;
# the file name changes with the suite, architecture and package list, so an edit rebuilds it.
#
#   amd64: Debian 12 "bookworm", about a minute.
#   arm64: Debian 13 "trixie", the base of current Raspberry Pi OS and the release the arm64
#          package is built for (packaging/arm64-sdk.sh). debootstrap's second stage runs
#          under qemu-user (tools/arm64-binfmt.sh): about 5 minutes. It also holds dpkg-dev,
#          so that packaging/build-deb.sh --arch arm64 can compute Depends against trixie's
#          own package database.
#
# Used by system-tests/vm/run-e2e.sh (the guest's root), system-tests/packaging/check.sh (a
# chroot to install, upgrade and purge the .deb in, away from the host's own package database)
# and the arm64 checks that run the binary against trixie's glibc.
#
# Usage: base-rootfs.sh [ARCH]    (default: this machine's architecture)
# Env:   EXTRA_PACKAGES=a,b   also include these packages (a root of its own, cached under its
#                             own key; system-tests/vm/run-uvc.sh adds libcamera and GStreamer)
set -eu

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE="$ROOT/.cache/vm"
ARCH=${1:-$(dpkg --print-architecture)}
# systemd and udev for a real boot; kmod to load vivid; the yolo-edge Depends, so that
# installing the .deb needs no network; v4l-utils and socat for the checks in the guest.
# (trixie renamed libv4l-0 for the 64-bit time_t transition.)
PACKAGES="systemd,systemd-sysv,dbus,udev,kmod,procps,libturbojpeg0,libsystemd0,libmosquitto1,libstdc++6,libgcc-s1,v4l-utils,socat"
case "$ARCH" in
amd64) SUITE=bookworm PACKAGES="$PACKAGES,libv4l-0" ;;
arm64) SUITE=trixie PACKAGES="$PACKAGES,libv4l-0t64,dpkg-dev" ;;
*) echo "base-rootfs: no root filesystem for $ARCH (amd64, arm64)" >&2; exit 64 ;;
esac
[ -z "${EXTRA_PACKAGES:-}" ] || PACKAGES="$PACKAGES,$EXTRA_PACKAGES"

key=$(printf '%s %s' "$SUITE" "$PACKAGES" | md5sum | cut -c1-12)
tarball="$CACHE/rootfs-$SUITE-$ARCH-$key.tar"
if [ ! -f "$tarball" ]; then
    command -v debootstrap >/dev/null 2>&1 || {
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    }
    [ "$ARCH" = "$(dpkg --print-architecture)" ] || "$ROOT/tools/$ARCH-binfmt.sh"
    tree="$CACHE/rootfs-build-$ARCH-$key"
    rm -rf --one-file-system "$tree" && mkdir -p "$CACHE"
    echo "base-rootfs: debootstrap $SUITE $ARCH" >&2
    started=$(date +%s)
    debootstrap --arch="$ARCH" --variant=minbase --include="$PACKAGES" "$SUITE" "$tree" \
        >"$CACHE/debootstrap-$ARCH.log" 2>&1 || {
        tail -n 20 "$CACHE/debootstrap-$ARCH.log" >&2
        exit 1
    }
    echo "base-rootfs: $SUITE $ARCH made in $(($(date +%s) - started)) s" >&2
    tar -C "$tree" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf --one-file-system "$tree"
fi
echo "$tarball"
