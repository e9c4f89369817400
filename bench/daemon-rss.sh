#!/usr/bin/env bash
# The daemon's peak RSS with the model loaded, a raw: source, 2 threads and 5 clients, against
# `bench` in the same round (bench/daemon_rss.py). Runs the shipped build
# (packaging/build-release.sh) on the real model; docs/measurements.md has the figures.
#
# Usage: bench/daemon-rss.sh [--rounds N] [--seconds S] [--config TOML]   (more config; \n for a newline)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${YOLO_EDGE_BINARY:-$(bash packaging/build-release.sh)}"
exec python3 bench/daemon_rss.py "$binary" ../shared/models/yolov8n/yolov8n_full_integer_quant.tflite "" "$@"
