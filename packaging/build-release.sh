#!/bin/sh
# Builds the release binary that ships: Swift runtime linked statically (the board needs no
# Swift toolchain), full RELRO (-z now: the dynamic relocations are read-only once the
# program starts), in its own scratch path so it never disturbs the debug build.
# The package (packaging/build-deb.sh) and the VM tests (tests/vm/run-vivid.sh) run this
# same binary, so CI builds it once.
#
# Usage: packaging/build-release.sh      prints the binary's path on stdout; build log on stderr
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
build() {
    swift build -c release --static-swift-stdlib --scratch-path "$ROOT/.build-release" \
        -Xlinker -z -Xlinker now "$@"
}
build --product yolo-edge >&2
echo "$(build --show-bin-path)/yolo-edge"
