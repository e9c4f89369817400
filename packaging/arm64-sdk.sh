#!/bin/sh
# The arm64 cross toolchain, made on first use and cached in .cache/cross/ (about 3 minutes,
# 1.2 GB downloaded, 4 GB on disk):
#
#   host-sid/        a Debian sid amd64 chroot with Debian's swiftlang (6.2.3 when written): the
#                    compiler. This machine's own Swift cannot be used, because Swift modules
#                    built by one compiler version cannot be imported by another, and the
#                    aarch64 runtime below must match the compiler exactly.
#   host-sid/opt/sdks/yolo-edge-arm64.artifactbundle
#                    a Swift SDK bundle for aarch64-unknown-linux-gnu whose sysroot is Debian 13
#                    "trixie" arm64 (libc, libstdc++, the -dev packages yolo-edge links, and
#                    GStreamer's headers, whose libraries it loads at run time),
#                    plus the aarch64 Swift runtime taken from sid's swiftlang:arm64 of the same
#                    version as the compiler.
#
# Why a trixie sysroot: symbol versions are picked when the final binary is linked, so the
# binary needs the glibc of the sysroot, not of the compiler's distribution. Linked against sid
# it would need glibc 2.43 and run on no released Debian or Raspberry Pi OS; against trixie
# it needs at most 2.38 and runs on trixie (2.41) and the Raspberry Pi OS built on it. The
# Swift runtime's archives are plain .a files, so taking them from sid changes nothing here.
#
# Usage: packaging/arm64-sdk.sh                 set up (idempotent), print the bundle's path
#        packaging/arm64-sdk.sh run CMD [ARG...] run CMD in the chroot, in this checkout (/src)
# `run` is how packaging/build-release.sh --arch arm64 calls `swift build --swift-sdk`. Mounts
# live in a private mount namespace (unshare) and vanish with the command, so nothing stays
# mounted under .cache and deleting it never reaches into the checkout.
# Needs root (debootstrap, chroot, mount) and network access to deb.debian.org.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE="$ROOT/.cache/cross"
HOST="$CACHE/host-sid"
SDK_NAME=yolo-edge-arm64
BUNDLE=/opt/sdks/$SDK_NAME.artifactbundle # as seen inside the chroot
VARIANT="$HOST$BUNDLE/$SDK_NAME"
SYSROOT="$VARIANT/sysroot"
SUITE=trixie
# What the sysroot holds: the C and C++ runtime and the headers and libraries of the system
# library targets (Sources/CTurboJPEG, CV4L2, CSystemd) and of the libraries loaded at run time
# (Sources/GStreamerShim, MosquittoShim).
SYSROOT_PACKAGES=libc6-dev,libstdc++-14-dev,linux-libc-dev,libv4l-dev,libsystemd-dev,libturbojpeg0-dev,libmosquitto-dev,libgstreamer1.0-dev,libgstreamer-plugins-base1.0-dev
MIRROR=http://deb.debian.org/debian
# The local copies of the Swift packages (the env skill): git finds github.com there.
PACKAGES_DIR=/opt/swift-packages

log() { echo "arm64-sdk: $*" >&2; }

# timed LOG COMMAND...: runs COMMAND with its output in .cache/cross/LOG, and says how long it took.
timed() {
    output="$CACHE/$1"
    shift
    started=$(date +%s)
    "$@" > "$output" 2>&1 || { tail -n 20 "$output" >&2; log "failed: $* (log: $output)"; exit 1; }
    log "  done in $(($(date +%s) - started)) s"
}

install_host_tools() {
    command -v debootstrap >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1 && return
    log "installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap util-linux >/dev/null
}

# Runs "$@" in the chroot with /proc, /dev, the checkout and the package copies mounted.
in_chroot() {
    cp /etc/resolv.conf "$HOST/etc/resolv.conf"
    mkdir -p "$HOST/src" "$HOST$PACKAGES_DIR"
    unshare --mount --propagation private sh -eu -c '
        host=$1 root=$2 packages=$3
        shift 3
        mount -t proc proc "$host/proc"
        mount --rbind /dev "$host/dev"
        mount --bind "$root" "$host/src"
        if [ -d "$packages" ]; then
            mount --bind "$packages" "$host$packages"
            mount -o remount,ro,bind "$host$packages"
        fi
        exec chroot "$host" "$@"' in_chroot "$HOST" "$ROOT" "$PACKAGES_DIR" "$@"
}

make_host() {
    # (/usr/bin/swift is an absolute link, which resolves only inside the chroot.)
    [ -L "$HOST/usr/bin/swift" ] && [ -x "$HOST/usr/bin/pkg-config" ] && return
    install_host_tools
    if [ ! -x "$HOST/usr/bin/apt-get" ]; then
        log "debootstrap sid amd64 (the compiler's chroot)"
        rm -rf "$HOST" && mkdir -p "$CACHE"
        timed debootstrap-host.log debootstrap --variant=minbase sid "$HOST" "$MIRROR"
    fi
    # This machine's clock can be past the Valid-Until of sid's Release files.
    echo 'Acquire::Check-Valid-Until "false";' > "$HOST/etc/apt/apt.conf.d/99no-valid-until"
    echo 'APT::Install-Recommends "false";' > "$HOST/etc/apt/apt.conf.d/99no-recommends"
    # github.com package URLs reach the local copies, as on the host.
    printf '[url "%s/"]\n\tinsteadOf = https://github.com/\n[safe]\n\tdirectory = *\n' "$PACKAGES_DIR" \
        > "$HOST/etc/gitconfig"
    log "installing swiftlang in the chroot"
    in_chroot dpkg --add-architecture arm64
    in_chroot apt-get update -qq
    # The C and C++ headers are for the host side: SwiftPM compiles Package.swift for amd64.
    gcc=$(in_chroot apt-cache depends gcc | sed -n 's/.*Depends: gcc-\([0-9]*\)$/\1/p' | head -n 1)
    timed apt-host.log in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        swiftlang git pkg-config libc6-dev "libstdc++-$gcc-dev"
}

make_sysroot() {
    # Made again when the package list changes.
    [ -e "$SYSROOT/usr/lib/swift_static/linux/static-stdlib-args.lnk" ] &&
        [ "$(cat "$SYSROOT/.packages" 2>/dev/null)" = "$SYSROOT_PACKAGES" ] && return
    install_host_tools
    rm -rf "$SYSROOT" && mkdir -p "$SYSROOT"
    log "unpacking a $SUITE arm64 sysroot"
    # --foreign unpacks the essential packages only and downloads the rest: unpack those too.
    # (Nothing runs: the sysroot is read by the compiler and linker, never executed.)
    timed debootstrap-sysroot.log debootstrap --arch=arm64 --foreign --variant=minbase \
        --include="$SYSROOT_PACKAGES" "$SUITE" "$SYSROOT" "$MIRROR"
    for package in $(cat "$SYSROOT/debootstrap/base"); do
        dpkg-deb --fsys-tarfile "$(ls "$SYSROOT/var/cache/apt/archives/${package}"_*.deb | head -n 1)" |
            tar -x --keep-directory-symlink -C "$SYSROOT"
    done
    rm -rf "$SYSROOT/var/cache/apt/archives"

    version=$(in_chroot dpkg-query -W -f='${Version}' swiftlang)
    log "adding the aarch64 Swift runtime of swiftlang $version"
    in_chroot sh -c "cd /tmp && apt-get download -qq swiftlang:arm64=$version"
    dpkg-deb --fsys-tarfile "$HOST"/tmp/swiftlang_*_arm64.deb |
        tar -x -C "$SYSROOT" ./usr/libexec/swift/lib/swift ./usr/libexec/swift/lib/swift_static ./usr/libexec/swift/lib/clang
    rm -f "$HOST"/tmp/swiftlang_*_arm64.deb
    rm -rf "$SYSROOT/usr/libexec/swift/lib/swift/embedded" # 0.5 GB for Embedded Swift only
    # The driver looks for swiftrt.o under <sysroot>/usr/lib/swift{,_static}; Debian has it in libexec.
    ln -sfn ../libexec/swift/lib/swift "$SYSROOT/usr/lib/swift"
    ln -sfn ../libexec/swift/lib/swift_static "$SYSROOT/usr/lib/swift_static"
    echo "$SYSROOT_PACKAGES" > "$SYSROOT/.packages"
}

write_bundle() {
    version=$(in_chroot dpkg-query -W -f='${Version}' swiftlang)
    cat > "$HOST$BUNDLE/info.json" <<EOF
{ "schemaVersion": "1.0", "artifacts": { "$SDK_NAME": { "type": "swiftSDK", "version": "${version%%-*}",
  "variants": [ { "path": "$SDK_NAME" } ] } } }
EOF
    cat > "$VARIANT/swift-sdk.json" <<'EOF'
{ "schemaVersion": "4.0", "targetTriples": { "aarch64-unknown-linux-gnu": {
  "sdkRootPath": "sysroot",
  "swiftResourcesPath": "sysroot/usr/libexec/swift/lib/swift",
  "swiftStaticResourcesPath": "sysroot/usr/libexec/swift/lib/swift_static",
  "toolsetPaths": [ "toolset.json" ] } } }
EOF
    # A toolset entry without options would make SwiftPM ignore the SDK.
    cat > "$VARIANT/toolset.json" <<'EOF'
{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": [ "-use-ld=lld" ] } }
EOF
}

case "${1:-}" in
"")
    make_host
    make_sysroot
    write_bundle
    echo "$BUNDLE"
    ;;
run)
    shift
    [ -f "$VARIANT/swift-sdk.json" ] || "$0" > /dev/null
    # pkg-config (for the system library targets) reads the sysroot's arm64 .pc files only.
    sysroot=$BUNDLE/$SDK_NAME/sysroot
    in_chroot env PKG_CONFIG_SYSROOT_DIR="$sysroot" \
        PKG_CONFIG_PATH="$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig" \
        sh -c 'cd /src && exec "$@"' run "$@"
    ;;
*)
    echo "usage: packaging/arm64-sdk.sh [run CMD [ARG...]]" >&2
    exit 64
    ;;
esac
