#!/usr/bin/env bash
# The MQTT bridge's and HTTP endpoint's memory cost and the bridge's message rate
# (bench/bridges_bench.py). Runs the release binary (packaging/build-release.sh) on the real
# model with a local mosquitto; paho-mqtt comes from the reference venv (tools/venv.sh).
#
# Usage: bench/bridges.sh [--rounds N] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(bash tools/venv.sh)"
binary="${YOLO_EDGE_BINARY:-$(bash packaging/build-release.sh)}"
exec "$python" bench/bridges_bench.py "$binary" ../shared/models/yolov8n/yolov8n_full_integer_quant.tflite \
    ../shared/data/coco128/val/images "$@"
