#!/bin/sh
# Builds the release binary that ships: Swift runtime linked statically (the board needs no
# Swift toolchain), full RELRO (-z now: the dynamic relocations are read-only once the
# program starts), in its own scratch path so it never disturbs the debug build.
# The package (packaging/build-deb.sh) and the VM tests (system-tests/vm/run-vivid.sh) run this
# same binary, so CI builds it once.
#
# The rest keeps peak RSS down (docs/measurements.md, "Peak RSS"): lld packs the 94,000
# relative relocations of the PIE into a few KB (RELR, glibc >= 2.36) instead of 2.2 MB
# read at every start; no symbol is exported (nothing dlopens us); and every function has
# its own section so lld can put the functions that run (packaging/hot-functions.txt, and
# packaging/hot-sections.ld for those it cannot name) next to each other. Full Foundation
# is not linked: TOMLKit imports `struct Foundation.Data`
# (a FoundationEssentials type that Foundation re-exports), which makes every module that
# imports TOMLKit ask the linker for Foundation, CoreFoundation and ICU, though no code calls
# them; with them linked, CoreFoundation's start-up alone kept megabytes resident. Should
# anything come to need them, this link fails with undefined symbols.
#
# With --arch arm64 on an x86-64 machine, the same build runs in the cross toolchain that
# packaging/arm64-sdk.sh makes (Swift 6.2.3 from Debian sid, a Debian 13 trixie arm64
# sysroot), in .build-release-arm64. The hot-function list is the x86-64 one: most names are
# the same on both, and names arm64 lacks are ignored.
#
# Usage: packaging/build-release.sh [--arch amd64|arm64]
#        prints the binary's path on stdout; build log on stderr
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
host_arch=$(dpkg --print-architecture)
arch=$host_arch
case "${1:-}" in
--arch) arch=${2:?usage: packaging/build-release.sh [--arch amd64|arm64]} ;;
"") ;;
*) echo "usage: packaging/build-release.sh [--arch amd64|arm64]" >&2; exit 64 ;;
esac

if [ "$arch" = "$host_arch" ]; then
    scratch=.build-release
    src=$ROOT     # where the compiler sees this checkout
    swift() { command swift "$@"; }
elif [ "$arch" = arm64 ] && [ "$host_arch" = amd64 ]; then
    scratch=.build-release-arm64
    src=/src      # packaging/arm64-sdk.sh mounts the checkout there
    swift() { "$ROOT/packaging/arm64-sdk.sh" run swift "$@" --swift-sdks-path /opt/sdks --swift-sdk yolo-edge-arm64; }
else
    echo "build-release: cannot build for $arch on $host_arch (native, or arm64 on amd64)" >&2
    exit 64
fi

build() {
    swift build -c release --static-swift-stdlib --scratch-path "$src/$scratch" \
        -Xlinker -z -Xlinker now \
        -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic \
        -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
        -Xlinker --symbol-ordering-file="$src/packaging/hot-functions.txt" \
        -Xlinker --no-warn-symbol-ordering -Xlinker -T -Xlinker "$src/packaging/hot-sections.ld" \
        -Xlinker -Map="$src/$scratch/yolo-edge.map" $unlinked "$@"
}
unlinked=""
for library in Foundation FoundationInternationalization CoreFoundation _FoundationICU; do
    unlinked="$unlinked -Xswiftc -Xfrontend -Xswiftc -disable-autolink-library -Xswiftc -Xfrontend -Xswiftc $library"
done
bin_path=$(build --show-bin-path)
binary="$ROOT${bin_path#"$src"}/yolo-edge"
# The build system does not know the linker reads these: a newer one forces the link.
if [ -n "$(find packaging/hot-functions.txt packaging/hot-sections.ld -newer "$binary" 2>/dev/null)" ]; then
    rm -f "$binary"
fi
build --product yolo-edge >&2
echo "$binary"
