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
# Usage: packaging/build-release.sh      prints the binary's path on stdout; build log on stderr
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
build() {
    swift build -c release --static-swift-stdlib --scratch-path "$ROOT/.build-release" \
        -Xlinker -z -Xlinker now \
        -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic \
        -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
        -Xlinker --symbol-ordering-file="$ROOT/packaging/hot-functions.txt" \
        -Xlinker --no-warn-symbol-ordering -Xlinker -T -Xlinker "$ROOT/packaging/hot-sections.ld" \
        -Xlinker -Map="$ROOT/.build-release/yolo-edge.map" $unlinked "$@"
}
unlinked=""
for library in Foundation FoundationInternationalization CoreFoundation _FoundationICU; do
    unlinked="$unlinked -Xswiftc -Xfrontend -Xswiftc -disable-autolink-library -Xswiftc -Xfrontend -Xswiftc $library"
done
binary="$(build --show-bin-path)/yolo-edge"
# The build system does not know the linker reads these: a newer one forces the link.
if [ -n "$(find packaging/hot-functions.txt packaging/hot-sections.ld -newer "$binary" 2>/dev/null)" ]; then
    rm -f "$binary"
fi
build --product yolo-edge >&2
echo "$binary"
