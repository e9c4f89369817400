#!/bin/sh
# Prints the path of a Debian bookworm root filesystem tarball (minbase with systemd and the
# libraries yolo-edge loads), building it with debootstrap on first use. Cached in
# .cache/vm/; the file name changes with the package list, so an edit rebuilds it.
#
# Used by system-tests/vm/run-e2e.sh (the guest's root) and system-tests/packaging/check.sh (a chroot to
# install, upgrade and purge the .deb in, away from the host's own package database).
set -eu

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE="$ROOT/.cache/vm"
# systemd and udev for a real boot; kmod to load vivid; the yolo-edge Depends, so that
# installing the .deb needs no network; v4l-utils and socat for the checks in the guest.
PACKAGES="systemd,systemd-sysv,dbus,udev,kmod,procps,libv4l-0,libturbojpeg0,libsystemd0,libstdc++6,libgcc-s1,v4l-utils,socat"
SUITE=bookworm

key=$(printf '%s %s' "$SUITE" "$PACKAGES" | md5sum | cut -c1-12)
tarball="$CACHE/rootfs-$SUITE-$key.tar"
if [ ! -f "$tarball" ]; then
    command -v debootstrap >/dev/null 2>&1 || {
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    }
    tree="$CACHE/rootfs-build"
    rm -rf "$tree" && mkdir -p "$CACHE"
    echo "base-rootfs: debootstrap $SUITE (about a minute)" >&2
    debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$tree" >"$CACHE/debootstrap.log" 2>&1 || {
        tail -n 20 "$CACHE/debootstrap.log" >&2
        exit 1
    }
    tar -C "$tree" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$tree"
fi
echo "$tarball"
