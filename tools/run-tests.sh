#!/usr/bin/env bash
# Runs every yolo-edge test: installs what the tests need (Debian packages, a
# Python venv with the reference runtimes), builds, runs the Swift tests, the
# ARM kernel variants under qemu-user, then the capture test against the
# kernel's vivid driver under qemu. Tests that
# need the reference data in ../shared skip without it, except under CI=true,
# where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
YOLO_EDGE_PYTHON="$(bash tools/venv.sh)"
export YOLO_EDGE_PYTHON

swift build --build-tests
# One test at a time: the suites that run the real model or LiteRT keep both
# cores busy for minutes, and the daemon tests measure readiness and
# watchdog timing that must not starve behind them.
swift test --skip-build --no-parallel
bash tests/arm/run-qemu.sh
bash tests/vm/run-vivid.sh
