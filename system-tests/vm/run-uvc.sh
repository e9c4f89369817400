#!/bin/sh
# Tests yolo-edge against a USB camera driven by the real uvcvideo driver, and through
# libcamera: boots Debian's kernel under qemu with a Debian root that holds libcamera and
# GStreamer, plugs in a userspace UVC camera and runs uvc/guest-tests.sh in the guest.
#
# The cameras are UVC 1.0 devices emulated in userspace (uvc/uvc-camera.h), one COCO image (a
# bus and people) served as MJPEG or YUYV, 640x480, 30/15/5 fps, over a bulk endpoint:
#   uvc/uvc-usbip.c     in the guest, attached to the kernel's USB/IP virtual host controller
#                       (vhci_hcd) through a socket pair: uvcvideo binds to it as to a webcam
#                       (/dev/videoN, /dev/mediaN). The V4L2 checks use it.
#   uvc/uvc-usbredir.c  on this machine, plugged into qemu's xHCI controller through qemu's
#                       usb-redir. libcamera lists only UVC cameras whose host controller the
#                       firmware (ACPI) describes, which vhci_hcd is not: the libcamera checks
#                       use this one.
# The UVC gadget the issue proposed (f_uvc + uvc/uvc-gadget.c on dummy_hcd) is tried too and the
# kernel's answer reported: f_uvc needs an isochronous endpoint, which dummy_hcd does not offer
# ("uvc: Unable to allocate streaming EP").
#
# Checks: uvcvideo enumeration, `yolo-edge devices`, MJPEG and YUYV capture at 30/15/5 fps with
# their measured rate, size and format negotiation, detections (bus, person) from `capture
# --model` and from the daemon's socket, a USB unplug and replug while streaming; then `cam -l`,
# `cam` capture, gst-launch with libcamerasrc, and yolo-edge's libcamera: source (devices,
# capture, the daemon) when the binary has it (else SKIP lines).
#
# Usage: system-tests/vm/run-uvc.sh [--prepare]   (as root: apt-get, debootstrap, mke2fs -d)
#        --prepare only makes (or finds) the kernel and the guest root, e.g. in the background
#        while something else runs (tools/run-tests.sh)
# Env:   YOLO_EDGE_BINARY=path  use this release build instead of building one
#        YOLO_EDGE_MODEL=path   the model the guest detects with (default: the shared 640x640
#                               INT8 TFLite export)
#        VM_TIMEOUT=seconds     limit for the guest run (default 600)
# Kernel, root file system (base-rootfs.sh with EXTRA_PACKAGES) and logs are kept in .cache/vm;
# the guest's console is .cache/vm/uvc/console.log. Ends with "N passed, M failed".
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/system-tests/vm/uvc"
WORK="$ROOT/.cache/vm/uvc"
GUEST_LIB=/usr/local/lib/yolo-edge-uvc
MODEL=${YOLO_EDGE_MODEL:-$ROOT/../shared/models/yolov8n/yolov8n_full_integer_quant.tflite}
# A 640x480 COCO validation image with a bus and two people (yolo-edge detect: bus 0.93,
# person 0.79 and 0.50).
IMAGE=$ROOT/../shared/data/coco128/val/images/000000002006.jpg
# The guest root: the e2e base (systemd-less use here) plus libcamera and GStreamer.
EXTRA_PACKAGES=libcamera-tools,gstreamer1.0-libcamera,gstreamer1.0-plugins-base,gstreamer1.0-tools,libgstreamer1.0-0
started=$(date +%s)

log() { echo "run-uvc: $*" >&2; }
elapsed() { echo "$(($(date +%s) - $1)) s"; }

install_host_packages() {
    missing=""
    for tool in qemu-system-x86_64:qemu-system-x86 debootstrap:debootstrap mke2fs:e2fsprogs cpio:cpio \
        depmod:kmod xz:xz-utils gcc:gcc cjpeg:libjpeg-turbo-progs djpeg:libjpeg-turbo-progs; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
    done
    # gcc -static needs glibc's static libraries; uvc-usbredir needs libusbredirparser.
    [ -f /usr/lib/x86_64-linux-gnu/libc.a ] || missing="$missing libc6-dev"
    [ -f /usr/include/usbredirparser.h ] || missing="$missing libusbredirparser-dev"
    if [ -n "$missing" ]; then
        log "installing$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
}

# Copies the modules (and what they depend on) into the guest root.
install_modules() {
    tree=$1 version=$2 rootfs=$3
    modules="$tree/lib/modules/$version"
    modprobe -d "$tree" -S "$version" --show-depends -a vhci-hcd uvcvideo dummy_hcd libcomposite usb_f_uvc xhci_pci |
        awk '$1 == "insmod" { print $2 }' | sort -u | while read -r module; do
            install -D -m 644 "$module" "$rootfs/lib/modules/$version/${module#"$modules/"}"
        done
    cp "$modules/modules.order" "$modules/modules.builtin" "$modules/modules.builtin.modinfo" \
        "$rootfs/lib/modules/$version/"
    depmod -b "$rootfs" "$version"
}

prepare_guest() {
    rootfs=$1 binary=$2
    install -d "$rootfs$GUEST_LIB"
    install -m 755 "$binary" "$rootfs/usr/local/bin/yolo-edge"
    strip "$rootfs/usr/local/bin/yolo-edge"
    [ -f "$MODEL" ] || { log "model $MODEL is missing"; exit 1; }
    install -m 644 "$MODEL" "$rootfs$GUEST_LIB/model.tflite"
    install -m 644 "$WORK/frame.ppm" "$WORK/frame.jpg" "$rootfs$GUEST_LIB/"
    for program in uvc-usbip uvc-gadget; do
        gcc -static -O2 -Wall -Wextra -Werror -o "$rootfs$GUEST_LIB/$program" "$HERE/$program.c"
    done
    install -m 755 "$HERE/guest-tests.sh" "$HERE/gadget-setup.sh" "$HERE/guest-init.sh" "$rootfs$GUEST_LIB/"
    install -m 644 "$ROOT/system-tests/vm/guest/capture-lib.sh" "$rootfs$GUEST_LIB/"
    # No systemd: the initramfs hands over to /sbin/init, which here is the test script.
    ln -sf "$GUEST_LIB/guest-init.sh" "$rootfs/usr/sbin/init"
    # GStreamer's plugin registry, made here once instead of by each first use in the guest.
    chroot "$rootfs" env HOME=/root gst-inspect-1.0 libcamerasrc >/dev/null 2>&1 ||
        log "gst-inspect-1.0 libcamerasrc failed in the guest root"
}

install_host_packages
if [ "${1:-}" = --prepare ]; then
    "$ROOT/system-tests/vm/kernel.sh" > /dev/null
    EXTRA_PACKAGES=$EXTRA_PACKAGES "$ROOT/system-tests/vm/e2e/base-rootfs.sh" > /dev/null
    exit 0
fi
if [ -n "${YOLO_EDGE_BINARY:-}" ]; then
    binary=$YOLO_EDGE_BINARY
else
    log "building yolo-edge (release, static Swift runtime)"
    binary=$("$ROOT/packaging/build-release.sh")
fi
prepare_started=$(date +%s)
tree=$("$ROOT/system-tests/vm/kernel.sh")
version=$(ls "$tree/lib/modules")
base=$(EXTRA_PACKAGES=$EXTRA_PACKAGES "$ROOT/system-tests/vm/e2e/base-rootfs.sh")
rm -rf --one-file-system "$WORK" && mkdir -p "$WORK/rootfs"
# The frames: the image decoded (the YUYV source) and encoded again as a webcam would. The
# camera for libcamera runs here, beside qemu.
djpeg -ppm "$IMAGE" > "$WORK/frame.ppm"
cjpeg -quality 90 "$WORK/frame.ppm" > "$WORK/frame.jpg"
gcc -O2 -Wall -Wextra -Werror -o "$WORK/uvc-usbredir" "$HERE/uvc-usbredir.c" -lusbredirparser
tar -C "$WORK/rootfs" -xf "$base"
# The guest never runs apt: its lists and downloaded packages only make the disk bigger.
rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*_Packages
install_modules "$tree" "$version" "$WORK/rootfs"
prepare_guest "$WORK/rootfs" "$binary"
"$ROOT/system-tests/vm/e2e/initramfs.sh" "$tree" "$version" "$WORK/initramfs.cpio"
size_mb=$(($(du -sm "$WORK/rootfs" | cut -f1) + 128))
mke2fs -q -t ext4 -L uvc-root -d "$WORK/rootfs" "$WORK/rootfs.img" "${size_mb}M" >/dev/null
rm -rf --one-file-system "$WORK/rootfs"
log "guest prepared in $(elapsed "$prepare_started")"

"$WORK/uvc-usbredir" "$WORK/usbredir.sock" "$WORK/frame.jpg" "$WORK/frame.ppm" 2>"$WORK/usbredir.log" &
usbredir_pid=$!
trap 'kill $usbredir_pid 2>/dev/null || true' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$WORK/usbredir.sock" ] && break; sleep 0.2; done

boot_started=$(date +%s)
log "booting (TCG)"
timeout "${VM_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2048 \
    -nographic -no-reboot -nic none -kernel "$tree/vmlinux" -initrd "$WORK/initramfs.cpio" \
    -drive "file=$WORK/rootfs.img,if=virtio,format=raw,snapshot=on" \
    -device qemu-xhci,id=xhci -chardev "socket,id=usbcam,path=$WORK/usbredir.sock" \
    -device usb-redir,chardev=usbcam,bus=xhci.0 \
    -append "console=ttyS0 panic=-1 quiet loglevel=3" \
    </dev/null | stdbuf -oL tr -d '\r' | tee "$WORK/console.log" || true
sed 's/^/host: /' "$WORK/usbredir.log"

passed=$(grep -c '^PASS ' "$WORK/console.log" || true)
failed=$(grep -c '^FAIL ' "$WORK/console.log" || true)
skipped=$(grep -c '^SKIP ' "$WORK/console.log" || true)
if ! grep -q '^UVC TESTS DONE' "$WORK/console.log"; then
    echo "FAIL guest: did not finish (see $WORK/console.log)"
    failed=$((failed + 1))
fi
log "guest $(elapsed "$boot_started"), total $(elapsed "$started")"
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed ($skipped skipped)"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
