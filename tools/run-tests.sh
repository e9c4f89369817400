#!/usr/bin/env bash
# Runs every yolo-edge test: installs what the tests need (Debian packages, a
# Python venv with the reference runtimes), builds, runs the Swift tests, the
# ARM kernel variants under qemu-user, then builds the release binary and the
# .deb, checks the package (lintian, unit verification, sandbox exposure,
# install/upgrade/purge), fuzzes the command line and config file, runs the
# daemon under address-space limits, tests the MQTT bridge and HTTP endpoint
# against a real broker, the Python client against two daemons, RTSP cameras
# against a real RTSP server, cross-builds and checks the arm64 .deb and
# compares its detections with amd64's, runs the capture test against the kernel's
# vivid driver under qemu, and finally the installed package under real systemd (two
# instances of the template too) in a VM. Tests that need the reference data in ../shared
# skip without it, except under CI=true, where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh

# Jobs that run beside the tests, each in a process group of its own with its output kept for
# when it fails. Whatever still runs when this script exits early (a test failed) is stopped
# with it, so that no build goes on alone in the background.
jobs=$(mktemp -d)
job_pids=()
stop_jobs() {
    local pid
    for pid in "${job_pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    rm -rf "$jobs"
}
trap stop_jobs EXIT
background() {
    local name=$1
    shift
    setsid "$@" > "$jobs/$name.log" 2>&1 &
    printf -v "job_${name//-/_}" %s "$!"
    job_pids+=("$!")
}
finish() {
    local name pid
    for name; do
        pid="job_${name//-/_}"
        wait "${!pid}" || { cat "$jobs/$name.log" >&2; echo "error: $name failed" >&2; exit 1; }
    done
}

# The arm64 cross toolchain and the trixie arm64 root are mostly downloads and unpacking, each
# on one core at most: they are made while the venv and the Swift tests build.
background arm64-sdk bash packaging/arm64-sdk.sh
background arm64-root sh system-tests/vm/e2e/base-rootfs.sh arm64
YOLO_EDGE_PYTHON="$(bash tools/venv.sh)"
export YOLO_EDGE_PYTHON
swift build --build-tests
finish arm64-sdk arm64-root
# The arm64 release build runs beside the tests at the lowest CPU priority: it gets the cores
# only while the tests leave them idle (most daemon tests wait on timers), so the tests keep
# the timing they measure.
background arm64-build nice -n 19 bash packaging/build-release.sh --arch arm64
# One test at a time: the suites that run the real model or LiteRT keep both
# cores busy for minutes, and the daemon tests measure readiness and
# watchdog timing that must not starve behind them.
swift test --skip-build --no-parallel
bash system-tests/arm/run-qemu.sh
finish arm64-build

# One release build serves the package, the hostile-input checks and the vivid test.
YOLO_EDGE_BINARY="$(bash packaging/build-release.sh)"
# The arm64 package (its packaging steps run in a trixie root under qemu-user) is made beside
# the system tests below, at the lowest priority, so that it takes only the CPU they leave.
background arm64-deb nice -n 19 bash packaging/build-deb.sh --arch arm64
model=../shared/models/yolov8n/yolov8n_full_integer_quant.tflite
if [ -f "$model" ]; then
    # Random and extreme values for every option and config key: exits, never signals or hangs.
    python3 system-tests/fuzz/cli_fuzz.py "$YOLO_EDGE_BINARY" "$model"
    bash system-tests/limits/address-space.sh "$YOLO_EDGE_BINARY" "$model" ../shared/data/coco128/val/images
    # The MQTT bridge and the HTTP endpoint against a real mosquitto, paho-mqtt and promtool.
    "$YOLO_EDGE_PYTHON" system-tests/mqtt/bridge_test.py "$YOLO_EDGE_BINARY" "$model" ../shared/data/coco128/val/images
    YOLO_EDGE_BINARY="$YOLO_EDGE_BINARY" python3 clients/python/test_yolo_edge_client.py
    python3 system-tests/rtsp/rtsp_test.py "$YOLO_EDGE_BINARY" "$model" ../shared/data/coco128/val/images
elif [ "${CI:-}" = true ]; then
    echo "error: $model is missing; CI needs ../shared" >&2
    exit 1
else
    echo "skipping the CLI fuzz, address-space, MQTT/HTTP, client and RTSP checks: no $model (../shared)" >&2
fi
deb="$(bash packaging/build-deb.sh)"
bash system-tests/packaging/check.sh "$deb"
# arm64: the package cross-built in a Debian trixie toolchain (packaging/arm64-sdk.sh), and
# its detections on the real model, under qemu-user as a Cortex-A76 (the SDOT kernel), byte
# for byte against the amd64 build's. What CI has no time for (under 40 minutes on 2 cores):
# system-tests/packaging/check.sh on the arm64 package, the other ARM kernels
# (system-tests/arm/detect-arm64.sh), the arm64 VM (system-tests/vm/run-e2e.sh --arch arm64)
# and the UVC camera VM (system-tests/vm/run-uvc.sh: uvcvideo and libcamera, about 4 minutes).
finish arm64-deb
YOLO_EDGE_BINARY="$YOLO_EDGE_BINARY" bash system-tests/arm/detect-arm64.sh dot
YOLO_EDGE_BINARY="$YOLO_EDGE_BINARY" bash system-tests/vm/run-vivid.sh
YOLO_EDGE_DEB="$deb" bash system-tests/vm/run-e2e.sh
