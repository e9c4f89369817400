#!/bin/sh
# Builds dist/yolo-edge_<version>_<arch>.deb from this checkout.
#
# The binary is a release build with the Swift runtime linked statically, so the target
# machine needs no Swift toolchain, only the shared C libraries that dpkg-shlibdeps lists
# in Depends. The architecture is the build machine's (`dpkg --print-architecture`): run
# this script on an arm64 machine with a Swift toolchain to get an arm64 package.
#
# Usage: packaging/build-deb.sh        prints the path of the .deb on stdout
# Needs: swift, dpkg-dev (dpkg-shlibdeps, dpkg-gencontrol, dpkg-parsechangelog), binutils.
# The version is the top entry of packaging/debian/changelog; it must equal
# `yolo-edge --version`, so the package and the binary cannot disagree.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEBIAN_DIR="$ROOT/packaging/debian"
SCRATCH="$ROOT/.build-deb"
# The layout dpkg-shlibdeps and dpkg-gencontrol expect: debian/control, debian/changelog and
# the package's files in debian/yolo-edge.
BUILD_DIR="$SCRATCH/deb"
STAGE="$BUILD_DIR/debian/yolo-edge"
cd "$ROOT"

log() { echo "build-deb: $*" >&2; }

if ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
    log "installing dpkg-dev"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
fi

arch=$(dpkg --print-architecture)
version=$(dpkg-parsechangelog -l "$DEBIAN_DIR/changelog" -S Version)
# Files get the changelog's date, so that the same sources give the same package.
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$DEBIAN_DIR/changelog" -S Timestamp)
export SOURCE_DATE_EPOCH

log "building yolo-edge $version for $arch (release, static Swift runtime)"
binary=$("$ROOT/packaging/build-release.sh")

binary_version=$("$binary" --version)
if [ "$binary_version" != "${version%%-*}" ]; then
    log "packaging/debian/changelog says $version but the binary says $binary_version"
    exit 1
fi

rm -rf "$BUILD_DIR"
install -D -m 644 -t "$BUILD_DIR/debian" "$DEBIAN_DIR/control" "$DEBIAN_DIR/changelog"
doc="$STAGE/usr/share/doc/yolo-edge"
install -D -m 755 "$binary" "$STAGE/usr/bin/yolo-edge"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$STAGE/usr/bin/yolo-edge"
install -D -m 644 -t "$STAGE/lib/systemd/system" systemd/yolo-edge.service systemd/yolo-edge.socket
install -D -m 644 "$DEBIAN_DIR/yolo-edge.sysusers" "$STAGE/usr/lib/sysusers.d/yolo-edge.conf"
install -D -m 644 config.example.toml "$STAGE/etc/yolo-edge/config.toml"
install -d -m 755 "$STAGE/var/lib/yolo-edge/models"
install -D -m 644 "$DEBIAN_DIR/copyright" "$doc/copyright"
install -D -m 644 docs/protocol.md "$doc/protocol.md"
install -D -m 644 -t "$doc/examples" clients/python/yolo_edge_client.py clients/python/count_people.py
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
(cd "$BUILD_DIR" && dpkg-shlibdeps debian/yolo-edge/usr/bin/yolo-edge && dpkg-gencontrol -Pdebian/yolo-edge -DArchitecture="$arch")
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p dist
deb="dist/yolo-edge_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$deb" >&2
echo "$ROOT/$deb"
