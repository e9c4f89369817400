#!/bin/sh
# End-to-end test of the .deb under real systemd: a Debian bookworm guest with the package
# installed boots Debian's kernel under qemu, loads vivid (the virtual camera driver) and
# runs the checks listed in system-tests/vm/e2e/enabled-checks as a unit, printing one PASS/FAIL
# line per check on the serial console before it powers off.
#
# Usage: system-tests/vm/run-e2e.sh                   (as root: apt-get, chroot, mke2fs -d)
# Env:   YOLO_EDGE_DEB=path    test this package instead of building one
#        YOLO_EDGE_MODEL=path  model copied into the guest (default: the shared yolov8n export)
#        E2E_CHECKS="a b"      run these checks instead of the enabled ones
#        E2E_WATCHDOG_SEC=n    WatchdogSec= of the daemon in the guest (default 60, see below)
#        VM_TIMEOUT=seconds    limit for the guest run (default 540)
#        QEMU_ACCEL=tcg|kvm    (default tcg: this machine's /dev/kvm cannot run Debian's kernel)
# Kernel, base root filesystem and logs are kept in .cache/vm. Ends with "N passed, M failed".
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E="$ROOT/system-tests/vm/e2e"
WORK="$ROOT/.cache/vm/e2e"
MODEL=${YOLO_EDGE_MODEL:-$ROOT/../shared/models/yolov8n/yolov8n_full_integer_quant.tflite}
GUEST_LIB=/usr/local/lib/yolo-edge-e2e
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
    for tool in qemu-system-x86_64:qemu-system-x86 debootstrap:debootstrap mke2fs:e2fsprogs \
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
}

# Installs the package as a user would, points its config at the test model, and adds the
# test users, units and checks.
prepare_guest() {
    rootfs=$1 deb=$2
    cp "$deb" "$rootfs/tmp/"
    chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$(basename "$deb")" >&2
    rm "$rootfs/tmp/$(basename "$deb")"

    if [ -f "$MODEL" ]; then
        install -m 644 "$MODEL" "$rootfs/var/lib/yolo-edge/models/"
        sed -i "s|^model = .*|model = \"/var/lib/yolo-edge/models/$(basename "$MODEL")\"|" \
            "$rootfs/etc/yolo-edge/config.toml"
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
    # Inference under TCG takes 10-20 s per 640x640 frame, and the daemon pings the watchdog
    # only after processing a frame: the shipped 10 s would restart it between frames.
    mkdir -p "$rootfs/etc/systemd/system/yolo-edge.service.d"
    printf '[Service]\nWatchdogSec=%ss\n' "${E2E_WATCHDOG_SEC:-60}" \
        > "$rootfs/etc/systemd/system/yolo-edge.service.d/tcg-watchdog.conf"
    # The journal stays in memory: nothing outlives the guest.
    mkdir -p "$rootfs/etc/systemd/journald.conf.d"
    printf '[Journal]\nStorage=volatile\n' > "$rootfs/etc/systemd/journald.conf.d/e2e.conf"
    install -m 644 -t "$rootfs/etc/systemd/system" "$E2E/guest/yolo-edge-e2e.target" "$E2E/guest/yolo-edge-e2e.service"
    install -d "$rootfs$GUEST_LIB"
    install -m 755 -t "$rootfs$GUEST_LIB" "$E2E/guest/run-checks.sh"
    install -m 644 -t "$rootfs$GUEST_LIB" "$E2E/guest/lib.sh" "$E2E"/guest/checks-*.sh
    if [ -n "${E2E_CHECKS:-}" ]; then
        echo "$E2E_CHECKS" | tr ' ' '\n' > "$rootfs$GUEST_LIB/enabled-checks"
    else
        install -m 644 "$E2E/enabled-checks" "$rootfs$GUEST_LIB/enabled-checks"
    fi
}

install_host_packages
if [ -n "${YOLO_EDGE_DEB:-}" ]; then
    deb=$YOLO_EDGE_DEB
else
    deb=$("$ROOT/packaging/build-deb.sh")
fi
log "package $(basename "$deb")"

prepare_started=$(date +%s)
tree=$("$ROOT/system-tests/vm/kernel.sh")
version=$(ls "$tree/lib/modules")
base=$("$E2E/base-rootfs.sh")
rm -rf "$WORK" && mkdir -p "$WORK/rootfs"
tar -C "$WORK/rootfs" -xf "$base"
install_vivid "$tree" "$version" "$WORK/rootfs"
prepare_guest "$WORK/rootfs" "$deb"
"$E2E/initramfs.sh" "$tree" "$version" "$WORK/initramfs.cpio"
size_mb=$(($(du -sm "$WORK/rootfs" | cut -f1) + 256))
mke2fs -q -t ext4 -L e2e-root -d "$WORK/rootfs" "$WORK/rootfs.img" "${size_mb}M" >/dev/null
rm -rf "$WORK/rootfs"
log "guest prepared in $(elapsed "$prepare_started")"

boot_started=$(date +%s)
log "booting (${QEMU_ACCEL:-tcg})"
timeout "${VM_TIMEOUT:-540}" qemu-system-x86_64 -accel "${QEMU_ACCEL:-tcg}" -cpu max -smp 2 -m 1536 \
    -nographic -no-reboot -nic none -kernel "$tree/vmlinux" -initrd "$WORK/initramfs.cpio" \
    -drive "file=$WORK/rootfs.img,if=virtio,format=raw,snapshot=on" \
    -append "console=ttyS0 panic=-1 quiet loglevel=3 systemd.show_status=false systemd.unit=yolo-edge-e2e.target" \
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
