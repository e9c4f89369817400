#!/bin/sh
# Tests the V4L2 capture path against a real kernel driver: boots Debian's kernel under
# qemu with a busybox initramfs, loads vivid (the virtual video test driver) and runs
# `yolo-edge devices` / `yolo-edge capture` checks inside the guest (guest/tests.sh).
#
# Usage: system-tests/vm/run-vivid.sh            (from anywhere; needs root for apt-get)
# Env:   YOLO_EDGE_BINARY=path  use this release build instead of building one
#        VM_TIMEOUT=seconds     limit for the guest run (default 240)
# Downloads and builds are cached in .cache/vm (gitignored). Ends with "N passed, M failed".
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE="$ROOT/.cache/vm"
WORK="$CACHE/run"
started=$(date +%s)
mkdir -p "$CACHE"

log() { echo "run-vivid: $*" >&2; }

install_host_packages() {
    missing=""
    for tool in qemu-system-x86_64:qemu-system-x86 busybox:busybox-static cpio:cpio \
        depmod:kmod xz:xz-utils v4l2-ctl:v4l-utils; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
    done
    # busybox-static, not the dynamic busybox: the guest has no libc for it.
    [ -x /bin/busybox ] && ldd /bin/busybox >/dev/null 2>&1 && missing="$missing busybox-static"
    if [ -n "$missing" ]; then
        log "installing$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
}

build_binary() {
    if [ -n "${YOLO_EDGE_BINARY:-}" ]; then
        echo "$YOLO_EDGE_BINARY"
        return
    fi
    log "building yolo-edge (release, static Swift runtime)"
    "$ROOT/packaging/build-release.sh"
}

# Copies an executable and every shared library it loads, at their own paths.
copy_with_libraries() {
    install -D -m 755 "$1" "$2/bin/$(basename "$1")"
    ldd "$1" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | while read -r library; do
        [ -e "$2$library" ] || install -D -m 755 "$(readlink -f "$library")" "$2$library"
    done
}

build_initramfs() {
    version=$1 binary=$2 tree=$3 image="$WORK/initramfs.cpio"
    rm -rf "$WORK" && mkdir -p "$WORK/root"
    root="$WORK/root"
    mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/lib/modules/$version"
    install -m 755 /bin/busybox "$root/bin/busybox"
    copy_with_libraries "$binary" "$root"
    strip "$root/bin/$(basename "$binary")"
    copy_with_libraries "$(command -v v4l2-ctl)" "$root"
    # libv4l2's plugin that shows multi-planar (CSI/ISP style) devices as single-planar.
    plugin=$(dpkg -L libv4l-0 | grep 'plugins/libv4l-mplane.so$')
    install -D -m 644 "$plugin" "$root$plugin"
    modprobe -d "$tree" -S "$version" --show-depends vivid | awk '{ print $2 }' | while read -r module; do
        install -D -m 644 "$module" "$root/lib/modules/$version/${module#"$tree/lib/modules/$version/"}"
    done
    for index in modules.order modules.builtin modules.builtin.modinfo; do
        cp "$tree/lib/modules/$version/$index" "$root/lib/modules/$version/"
    done
    depmod -b "$root" "$version"
    install -m 755 "$ROOT/system-tests/vm/guest/init.sh" "$root/init"
    install -m 755 "$ROOT/system-tests/vm/guest/tests.sh" "$root/tests.sh"
    install -m 644 "$ROOT/system-tests/vm/guest/capture-lib.sh" "$root/capture-lib.sh"
    (cd "$root" && find . | cpio -o -H newc --quiet) > "$image"
    echo "$image"
}

boot_guest() {
    log "booting (TCG)"
    timeout "${VM_TIMEOUT:-240}" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 \
        -nographic -no-reboot -nic none -kernel "$1" -initrd "$2" \
        -append "console=ttyS0 panic=-1 quiet loglevel=3" </dev/null | tr -d '\r' | tee "$WORK/console.log"
}

install_host_packages
tree=$("$ROOT/system-tests/vm/kernel.sh")
version=$(ls "$tree/lib/modules")
binary=$(build_binary)
image=$(build_initramfs "$version" "$binary" "$tree")
boot_started=$(date +%s)
boot_guest "$tree/vmlinux" "$image" || true

passed=$(grep -c '^PASS ' "$WORK/console.log" || true)
failed=$(grep -c '^FAIL ' "$WORK/console.log" || true)
if ! grep -q '^TESTS DONE' "$WORK/console.log"; then
    echo "FAIL guest: did not finish (see $WORK/console.log)"
    failed=$((failed + 1))
fi
now=$(date +%s)
log "guest $((now - boot_started)) s, total $((now - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
