#!/usr/bin/env bash
# The cost of an RTSP source (system-tests/rtsp/bench_rtsp.py): (a) CPU per frame of software
# H.264 decoding at 1280x720 (avdec_h264, one thread) and the daemon's CPU per frame with an
# rtsp:// source against a raw: source of the same frames; (b) the daemon's VmRSS and VmHWM
# with the rtsp:// source (GStreamer loaded) against the raw: source (not loaded). Medians of
# interleaved rounds; prints the CPU model. The RTSP server is system-tests/rtsp/server.py
# (Debian's /usr/bin/python3 with python3-gi and gir1.2-gst-rtsp-server-1.0).
#
# Usage: bench/rtsp.sh [--rounds N] [--seconds S] [--frames N]
#        (binary: $YOLO_EDGE_BINARY, default the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${YOLO_EDGE_BINARY:-.build-release/x86_64-unknown-linux-gnu/release/yolo-edge}"
[ -x "$binary" ] || { echo "error: no binary at $binary (run packaging/build-release.sh or set YOLO_EDGE_BINARY)" >&2; exit 2; }
lscpu | grep 'Model name'
exec python3 system-tests/rtsp/bench_rtsp.py "$binary" ../shared/models/yolov8n/yolov8n_full_integer_quant.tflite \
    ../shared/data/coco128/val/images "$@"
