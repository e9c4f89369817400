#!/usr/bin/env bash
# Runs every yolo-edge test: installs what the tests need (Debian packages, a
# Python venv with the reference runtimes), builds, runs the Swift tests, the
# ARM kernel variants under qemu-user, then builds the release binary and the
# .deb, checks the package (lintian, unit verification, sandbox exposure,
# install/upgrade/purge), fuzzes the command line and config file, runs the
# daemon under address-space limits, runs the capture test against the kernel's
# vivid driver under qemu, and finally the installed package under real systemd
# in a VM. Tests that need the reference data in ../shared skip without it, except
# under CI=true, where they fail.
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
bash system-tests/arm/run-qemu.sh

# One release build serves the package, the hostile-input checks and the vivid test.
YOLO_EDGE_BINARY="$(bash packaging/build-release.sh)"
model=../shared/models/yolov8n/yolov8n_full_integer_quant.tflite
if [ -f "$model" ]; then
    # Random and extreme values for every option and config key: exits, never signals or hangs.
    python3 system-tests/fuzz/cli_fuzz.py "$YOLO_EDGE_BINARY" "$model"
    bash system-tests/limits/address-space.sh "$YOLO_EDGE_BINARY" "$model" ../shared/data/coco128/val/images
elif [ "${CI:-}" = true ]; then
    echo "error: $model is missing; CI needs ../shared" >&2
    exit 1
else
    echo "skipping the CLI fuzz and address-space checks: no $model (../shared)" >&2
fi
deb="$(bash packaging/build-deb.sh)"
bash system-tests/packaging/check.sh "$deb"
YOLO_EDGE_BINARY="$YOLO_EDGE_BINARY" bash system-tests/vm/run-vivid.sh
YOLO_EDGE_DEB="$deb" bash system-tests/vm/run-e2e.sh
