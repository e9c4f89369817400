#!/usr/bin/env bash
# Two daemons on one machine (two yolo-edge@ instances): their frame rates and watchdog pings,
# shared and pinned to a core each, against one alone (bench/two_instances.py). Runs the
# release binary (packaging/build-release.sh) on the real model.
#
# Usage: bench/two-instances.sh [--rounds N] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(bash tools/venv.sh)"
binary="${YOLO_EDGE_BINARY:-$(bash packaging/build-release.sh)}"
exec "$python" bench/two_instances.py "$binary" ../shared/models/yolov8n/yolov8n_full_integer_quant.tflite \
    ../shared/data/coco128/val/images "$@"
