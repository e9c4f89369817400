#!/bin/sh
# Builds dist/yolo-edge_<version>_<arch>.deb from this checkout.
#
# The binary is a release build with the Swift runtime linked statically, so the target
# machine needs no Swift toolchain, only the shared C libraries that dpkg-shlibdeps lists
# in Depends. The architecture is this machine's, or arm64 with --arch arm64 on an x86-64
# machine: then packaging/build-release.sh cross-compiles against a Debian 13 "trixie" arm64
# sysroot, and the steps that must see the target system (running the binary for its
# version, dpkg-shlibdeps reading the libraries' symbols files, dpkg-gencontrol) run in a
# trixie arm64 root (system-tests/vm/e2e/base-rootfs.sh arm64) under qemu-user, so Depends
# names trixie's packages and versions. Every other step is the same for both.
#
# Usage: packaging/build-deb.sh [--arch amd64|arm64]    prints the path of the .deb on stdout
# Needs: swift, dpkg-dev (dpkg-shlibdeps, dpkg-gencontrol, dpkg-parsechangelog), binutils;
# for arm64 also root and what packaging/arm64-sdk.sh and tools/arm64-binfmt.sh install.
# The version is the top entry of packaging/debian/changelog; it must equal
# `yolo-edge --version`, so the package and the binary cannot disagree.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEBIAN_DIR="$ROOT/packaging/debian"
cd "$ROOT"

log() { echo "build-deb: $*" >&2; }

host_arch=$(dpkg --print-architecture)
arch=$host_arch
case "${1:-}" in
--arch) arch=${2:?usage: packaging/build-deb.sh [--arch amd64|arm64]} ;;
"") ;;
*) echo "usage: packaging/build-deb.sh [--arch amd64|arm64]" >&2; exit 64 ;;
esac

if ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
    log "installing dpkg-dev"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
fi

version=$(dpkg-parsechangelog -l "$DEBIAN_DIR/changelog" -S Version)
# Files get the changelog's date, so that the same sources give the same package.
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$DEBIAN_DIR/changelog" -S Timestamp)
export SOURCE_DATE_EPOCH

# The layout dpkg-shlibdeps and dpkg-gencontrol expect: debian/control, debian/changelog and
# the package's files in debian/yolo-edge, in BUILD_DIR. in_target runs a command there, on
# the system the package is for.
if [ "$arch" = "$host_arch" ]; then
    BUILD_DIR="$ROOT/.build-deb/deb"
    strip=strip
    in_target() { (cd "$BUILD_DIR" && "$@"); }
else
    target_root="$ROOT/.build-deb/$arch-root"
    BUILD_DIR="$target_root/tmp/deb"
    strip=aarch64-linux-gnu-strip
    command -v "$strip" >/dev/null 2>&1 || {
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils-aarch64-linux-gnu >/dev/null
    }
    "$ROOT/tools/$arch-binfmt.sh"
    log "unpacking a $arch root to run the target's dpkg-shlibdeps in"
    rm -rf --one-file-system "$target_root" && mkdir -p "$target_root"
    tar -C "$target_root" -xf "$("$ROOT/system-tests/vm/e2e/base-rootfs.sh" "$arch")"
    # /proc for the Swift runtime, mounted in a private namespace so it ends with the command.
    # The DEB_HOST_* variables spare dpkg-architecture looking for a C compiler the root lacks.
    in_target() {
        DEB_HOST_ARCH=$arch DEB_HOST_GNU_TYPE=aarch64-linux-gnu DEB_HOST_MULTIARCH=aarch64-linux-gnu \
            unshare --mount --propagation private sh -eu -c '
            root=$1
            shift
            mount -t proc proc "$root/proc"
            exec chroot "$root" sh -c "cd /tmp/deb && exec \"\$@\"" in_target "$@"' in_target "$target_root" "$@"
    }
fi
STAGE="$BUILD_DIR/debian/yolo-edge"

log "building yolo-edge $version for $arch (release, static Swift runtime)"
binary=$("$ROOT/packaging/build-release.sh" --arch "$arch")

rm -rf "$BUILD_DIR"
install -D -m 644 -t "$BUILD_DIR/debian" "$DEBIAN_DIR/control" "$DEBIAN_DIR/changelog"
doc="$STAGE/usr/share/doc/yolo-edge"
install -D -m 755 "$binary" "$STAGE/usr/bin/yolo-edge"
binary_version=$(in_target debian/yolo-edge/usr/bin/yolo-edge --version)
if [ "$binary_version" != "${version%%-*}" ]; then
    log "packaging/debian/changelog says $version but the binary says $binary_version"
    exit 1
fi
"$strip" --strip-unneeded --remove-section=.comment --remove-section=.note "$STAGE/usr/bin/yolo-edge"
install -D -m 644 -t "$STAGE/lib/systemd/system" systemd/yolo-edge.service systemd/yolo-edge.socket \
    systemd/yolo-edge@.service systemd/yolo-edge@.socket
install -D -m 644 "$DEBIAN_DIR/yolo-edge.sysusers" "$STAGE/usr/lib/sysusers.d/yolo-edge.conf"
install -D -m 644 config.example.toml "$STAGE/etc/yolo-edge/config.toml"
install -d -m 755 "$STAGE/var/lib/yolo-edge/models"
install -D -m 644 "$DEBIAN_DIR/copyright" "$doc/copyright"
install -D -m 644 -t "$doc" docs/protocol.md docs/cameras.md docs/multiple-cameras.md
install -D -m 644 -t "$doc/examples" clients/python/yolo_edge_client.py clients/python/count_people.py
install -D -m 644 systemd/network.conf "$doc/examples/network.conf"
install -d -m 755 "$STAGE/usr/share/man/man1"
gzip -9n < "$DEBIAN_DIR/changelog" > "$doc/changelog.gz"
gzip -9n < packaging/yolo-edge.1 > "$STAGE/usr/share/man/man1/yolo-edge.1.gz"

install -d -m 755 "$STAGE/DEBIAN"
install -m 755 -t "$STAGE/DEBIAN" "$DEBIAN_DIR/postinst" "$DEBIAN_DIR/prerm" "$DEBIAN_DIR/postrm"
echo /etc/yolo-edge/config.toml > "$STAGE/DEBIAN/conffiles"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
    > "$STAGE/DEBIAN/md5sums"

# Depends: the shared libraries the binary loads, as packages with minimum versions.
# Installed-Size: measured from the staged files.
# trixie's libc6 diverts its own loader (a step of the /usr merge), and dpkg-shlibdeps warns of
# every diversion it meets; the loader's package is libc6 all the same, so that one is dropped.
in_target dpkg-shlibdeps debian/yolo-edge/usr/bin/yolo-edge 2> "$BUILD_DIR/shlibdeps.log" ||
    { cat "$BUILD_DIR/shlibdeps.log" >&2; exit 1; }
grep -v -e '^dpkg-shlibdeps: warning: diversions involved' -e '^ diversion by libc6 .*/ld-linux' \
    "$BUILD_DIR/shlibdeps.log" >&2 || true
in_target dpkg-gencontrol -Pdebian/yolo-edge -DArchitecture="$arch"
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p dist
deb="dist/yolo-edge_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$deb" >&2
echo "$ROOT/$deb"
