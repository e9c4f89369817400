#!/usr/bin/env bash
# Runs every yolo-edge test: installs what the tests need (Debian packages, a
# Python venv with the reference runtimes), builds, runs the Swift tests, then
# the capture test against the kernel's vivid driver under qemu. Tests that
# need the reference data in ../shared skip without it, except under CI=true,
# where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
YOLO_EDGE_PYTHON="$(bash tools/venv.sh)"
export YOLO_EDGE_PYTHON

swift build --build-tests
swift test --skip-build
bash tests/vm/run-vivid.sh
