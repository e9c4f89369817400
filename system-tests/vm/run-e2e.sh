#!/bin/sh
# End-to-end test of the .deb under real systemd: a Debian guest with the package installed
# boots Debian's kernel under qemu, loads vivid (the virtual camera driver) and runs the
# checks listed in system-tests/vm/e2e/enabled-checks (enabled-checks.ARCH if there is one)
# as a unit, printing one PASS/FAIL line per check on the serial console before it powers off.
#
#   amd64 (default): Debian 12 bookworm, qemu-system-x86_64, the shared 640x640 TFLite model.
#   arm64: Debian 13 trixie on qemu-system-aarch64 -M virt -cpu cortex-a76 (TCG), the package
#          installed through qemu-user (tools/arm64-binfmt.sh). The model is the shared FP32
#          ONNX quantized by the host's `yolo-edge convert` for 160x160 input, 16x less work
#          per frame than 640 (0.3-0.8 s per frame in this guest), converted at each run into
#          .cache/vm/e2e-arm64. A shorter list of checks: enabled-checks.arm64.
#
# Usage: system-tests/vm/run-e2e.sh [--arch amd64|arm64]   (as root: apt-get, chroot, mke2fs -d)
# Env:   E2E_ARCH=amd64|arm64  the guest's architecture, as --arch
#        YOLO_EDGE_DEB=path    test this package instead of building one
#        YOLO_EDGE_MODEL=path  model copied into the guest (default: see above)
#        YOLO_EDGE_HOST_BINARY=path  arm64: this machine's yolo-edge that converts the model
#                              (default: packaging/build-release.sh)
#        E2E_SIZE=n            model input size set in the guest's config (default: arm64 160,
#                              amd64 the config's own)
#        E2E_CHECKS="a b"      run these checks instead of the enabled ones
#        E2E_WATCHDOG_SEC=n    WatchdogSec= of the daemon in the guest (default amd64 60,
#                              arm64 10, see below)
#        VM_TIMEOUT=seconds    limit for the guest run (default amd64 900, arm64 600)
#        QEMU_ACCEL=tcg|kvm    (default tcg: this machine's /dev/kvm cannot run Debian's kernel)
# Kernel, base root filesystem and logs are kept in .cache/vm. Ends with "N passed, M failed".
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E="$ROOT/system-tests/vm/e2e"
SHARED_MODELS="$ROOT/../shared/models/yolov8n"
GUEST_LIB=/usr/local/lib/yolo-edge-e2e
ARCH=${E2E_ARCH:-amd64}
case "${1:-}" in
--arch) ARCH=${2:?usage: run-e2e.sh [--arch amd64|arm64]} ;;
"") ;;
*) echo "usage: run-e2e.sh [--arch amd64|arm64]" >&2; exit 64 ;;
esac
# What differs between the architectures; every step below is the same for both.
case "$ARCH" in
amd64)
    WORK="$ROOT/.cache/vm/e2e"
    QEMU="qemu-system-x86_64 -cpu max"
    QEMU_PACKAGE=qemu-system-x86
    CONSOLE=ttyS0
    KERNEL_ARGS=""
    KERNEL_IMAGE=vmlinux
    DEFAULT_MODEL=$SHARED_MODELS/yolov8n_full_integer_quant.tflite
    CONVERT_DEFAULT_MODEL=no
    SIZE=${E2E_SIZE:-}
    # Inference under TCG takes 10-20 s per 640x640 frame, and the daemon pings the watchdog
    # only after processing a frame: the shipped 10 s would restart it between frames.
    WATCHDOG_SEC=${E2E_WATCHDOG_SEC:-60}
    BOOT_CHAIN=yes
    # The guest takes about 380 s for the checks of yolo-edge.service and 300 s more for those
    # of the template's two instances.
    TIMEOUT=900
    ;;
arm64)
    WORK="$ROOT/.cache/vm/e2e-arm64"
    QEMU="qemu-system-aarch64 -M virt -cpu cortex-a76"
    QEMU_PACKAGE=qemu-system-arm
    CONSOLE=ttyAMA0
    # With KASLR on, the kernel turns on page-table isolation (KPTI) even on a core that
    # needs none, like the Cortex-A76, and its page-table switch at every kernel entry is
    # slow under TCG. kpti=0 (measured side by side): boot 20-26 s instead of 34-44 s,
    # `systemctl start yolo-edge` 3.5-6 s instead of 8-13 s, stop 0.7-1.1 s instead of 2-3 s
    # (stop_releases_everything allows 3 s).
    KERNEL_ARGS=kpti=0
    KERNEL_IMAGE=Image
    SIZE=${E2E_SIZE:-160}
    DEFAULT_MODEL=$WORK/yolov8n-$SIZE.yem
    CONVERT_DEFAULT_MODEL=yes
    # A 160x160 frame takes 0.4-0.7 s: the shipped WatchdogSec=10s holds, and restarts a
    # stalled daemon 50 s sooner than the amd64 guest's 60 s.
    WATCHDOG_SEC=${E2E_WATCHDOG_SEC:-10}
    # systemd-analyze critical-chain alone takes 17-38 s in this guest, so the runner skips
    # it; its START line still tells the boot time.
    BOOT_CHAIN=no
    # The guest takes about 130 s: this leaves room for one check to hit the runner's 300 s
    # limit and the others still to report.
    TIMEOUT=600
    ;;
*) echo "run-e2e: no guest for $ARCH (amd64, arm64)" >&2; exit 64 ;;
esac
MODEL=${YOLO_EDGE_MODEL:-$DEFAULT_MODEL}
# Units a test boot does without: each costs seconds under TCG.
MASKED_UNITS="dev-hugepages.mount dev-mqueue.mount sys-kernel-debug.mount sys-kernel-tracing.mount
    sys-kernel-config.mount sys-fs-fuse-connections.mount systemd-pstore.service e2scrub_reap.service
    systemd-fsck-root.service systemd-remount-fs.service systemd-journal-flush.service
    systemd-random-seed.service systemd-update-utmp.service apt-daily.timer apt-daily-upgrade.timer
    dpkg-db-backup.timer e2scrub_all.timer fstrim.timer"
started=$(date +%s)

log() { echo "run-e2e: $*" >&2; }
elapsed() { echo "$(($(date +%s) - $1)) s"; }

install_host_packages() {
    missing=""
    for tool in "${QEMU%% *}:$QEMU_PACKAGE" debootstrap:debootstrap mke2fs:e2fsprogs \
        cpio:cpio depmod:kmod xz:xz-utils; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
    done
    if [ -n "$missing" ]; then
        log "installing$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
}

# Copies vivid and the modules it needs from the kernel tree into the guest root.
install_vivid() {
    tree=$1 version=$2 rootfs=$3
    modules="$tree/lib/modules/$version"
    modprobe -d "$tree" -S "$version" --show-depends vivid | awk '$1 == "insmod" { print $2 }' |
        while read -r module; do
            install -D -m 644 "$module" "$rootfs/lib/modules/$version/${module#"$modules/"}"
        done
    cp "$modules/modules.order" "$modules/modules.builtin" "$modules/modules.builtin.modinfo" \
        "$rootfs/lib/modules/$version/"
    depmod -b "$rootfs" "$version"
    echo vivid > "$rootfs/etc/modules-load.d/vivid.conf"
    # Two vivid instances (two cameras), for the template instances' checks (checks-instances.sh).
    echo "options vivid n_devs=2" > "$rootfs/etc/modprobe.d/vivid.conf"
}

# Installs the package as a user would, points its config at the test model, and adds the
# test users, units and checks.
prepare_guest() {
    rootfs=$1 deb=$2
    # Without debootstrap's package lists apt resolves against the installed packages alone
    # (the guest has no network anyway) and skips parsing all of Debian's: that takes over a
    # minute under qemu-user, where debconf's apt-extracttemplates does it once more.
    find "$rootfs/var/lib/apt/lists" -maxdepth 1 -type f -delete
    cp "$deb" "$rootfs/tmp/"
    chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$(basename "$deb")" >&2
    rm "$rootfs/tmp/$(basename "$deb")"

    if [ -f "$MODEL" ]; then
        install -m 644 "$MODEL" "$rootfs/var/lib/yolo-edge/models/"
        sed -i "s|^model = .*|model = \"/var/lib/yolo-edge/models/$(basename "$MODEL")\"|" \
            "$rootfs/etc/yolo-edge/config.toml"
        [ -z "$SIZE" ] || sed -i "s|^size = .*|size = $SIZE|" "$rootfs/etc/yolo-edge/config.toml"
    elif [ "${CI:-}" = true ]; then
        log "model $MODEL is missing (CI=true)"
        exit 1
    else
        log "model $MODEL is missing: checks that run the daemon will fail"
    fi

    chroot "$rootfs" useradd --system --no-create-home --no-user-group --groups yolo-edge e2e-client
    chroot "$rootfs" useradd --system --no-create-home --no-user-group e2e-stranger
    echo yolo-edge-e2e > "$rootfs/etc/hostname"
    for unit in $MASKED_UNITS; do
        ln -sf /dev/null "$rootfs/etc/systemd/system/$unit"
    done
    # WatchdogSec= to suit the guest's inference speed (see WATCHDOG_SEC above).
    mkdir -p "$rootfs/etc/systemd/system/yolo-edge.service.d"
    printf '[Service]\nWatchdogSec=%ss\n' "$WATCHDOG_SEC" \
        > "$rootfs/etc/systemd/system/yolo-edge.service.d/tcg-watchdog.conf"
    # The journal stays in memory: nothing outlives the guest.
    mkdir -p "$rootfs/etc/systemd/journald.conf.d"
    printf '[Journal]\nStorage=volatile\n' > "$rootfs/etc/systemd/journald.conf.d/e2e.conf"
    install -m 644 -t "$rootfs/etc/systemd/system" "$E2E/guest/yolo-edge-e2e.target"
    # The checks report on the serial console, whose name depends on the machine.
    sed "s|^TTYPath=.*|TTYPath=/dev/$CONSOLE|" "$E2E/guest/yolo-edge-e2e.service" \
        > "$rootfs/etc/systemd/system/yolo-edge-e2e.service"
    install -d "$rootfs$GUEST_LIB"
    install -m 755 -t "$rootfs$GUEST_LIB" "$E2E/guest/run-checks.sh"
    install -m 644 -t "$rootfs$GUEST_LIB" "$E2E/guest/lib.sh" "$E2E"/guest/checks-*.sh
    echo "BOOT_CHAIN=$BOOT_CHAIN" > "$rootfs$GUEST_LIB/settings"
    if [ -n "${E2E_CHECKS:-}" ]; then
        echo "$E2E_CHECKS" | tr ' ' '\n' > "$rootfs$GUEST_LIB/enabled-checks"
    elif [ -f "$E2E/enabled-checks.$ARCH" ]; then
        install -m 644 "$E2E/enabled-checks.$ARCH" "$rootfs$GUEST_LIB/enabled-checks"
    else
        install -m 644 "$E2E/enabled-checks" "$rootfs$GUEST_LIB/enabled-checks"
    fi
}

# arm64's default model: the FP32 ONNX export with a dynamic input size (convert refuses any
# other size for the fixed 640 one) quantized on this machine, calibrated at the size the guest
# runs on 8 calibration images (never the evaluation ones). About 2 s.
convert_model() {
    host_binary=${YOLO_EDGE_HOST_BINARY:-$("$ROOT/packaging/build-release.sh")}
    "$host_binary" convert "$SHARED_MODELS/yolov8n-fp32-dynamic.onnx" --calib "$ROOT/../shared/data/coco128/calib" \
        --calib-count 8 --size "$SIZE" -o "$MODEL" > "$WORK/convert.log" 2>&1 || {
        tail -n 5 "$WORK/convert.log" >&2
        exit 1
    }
    log "$(tail -n 1 "$WORK/convert.log")"
}

install_host_packages
if [ -n "${YOLO_EDGE_DEB:-}" ]; then
    deb=$YOLO_EDGE_DEB
else
    deb=$("$ROOT/packaging/build-deb.sh" --arch "$ARCH")
fi
log "package $(basename "$deb")"

prepare_started=$(date +%s)
tree=$("$ROOT/system-tests/vm/kernel.sh" "$ARCH")
version=$(ls "$tree/lib/modules")
base=$("$E2E/base-rootfs.sh" "$ARCH")
# The guest's own programs (apt, dpkg, useradd) run in the chroot through qemu-user.
[ "$ARCH" = "$(dpkg --print-architecture)" ] || "$ROOT/tools/$ARCH-binfmt.sh"
rm -rf "$WORK" && mkdir -p "$WORK/rootfs"
if [ -z "${YOLO_EDGE_MODEL:-}" ] && [ "$CONVERT_DEFAULT_MODEL" = yes ]; then
    convert_model
fi
tar -C "$WORK/rootfs" -xf "$base"
install_vivid "$tree" "$version" "$WORK/rootfs"
prepare_guest "$WORK/rootfs" "$deb"
"$E2E/initramfs.sh" "$tree" "$version" "$WORK/initramfs.cpio"
size_mb=$(($(du -sm "$WORK/rootfs" | cut -f1) + 256))
mke2fs -q -t ext4 -L e2e-root -d "$WORK/rootfs" "$WORK/rootfs.img" "${size_mb}M" >/dev/null
rm -rf "$WORK/rootfs"
log "guest prepared in $(elapsed "$prepare_started")"

boot_started=$(date +%s)
log "booting $ARCH (${QEMU_ACCEL:-tcg})"
timeout "${VM_TIMEOUT:-$TIMEOUT}" $QEMU -accel "${QEMU_ACCEL:-tcg}" -smp 2 -m 1536 \
    -nographic -no-reboot -nic none -kernel "$tree/$KERNEL_IMAGE" -initrd "$WORK/initramfs.cpio" \
    -drive "file=$WORK/rootfs.img,if=virtio,format=raw,snapshot=on" \
    -append "console=$CONSOLE $KERNEL_ARGS panic=-1 quiet loglevel=3 systemd.show_status=false systemd.unit=yolo-edge-e2e.target" \
    </dev/null | stdbuf -oL tr -d '\r' | tee "$WORK/console.log" || true

passed=$(grep -c '^PASS ' "$WORK/console.log" || true)
failed=$(grep -c '^FAIL ' "$WORK/console.log" || true)
if ! grep -q '^E2E DONE' "$WORK/console.log"; then
    echo "FAIL guest: did not finish (see $WORK/console.log)"
    failed=$((failed + 1))
fi
log "guest $(elapsed "$boot_started"), total $(elapsed "$started")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
