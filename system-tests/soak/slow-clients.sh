#!/usr/bin/env bash
# Soak test of the socket publisher: 50 clients, 10 of which never read, for 60 s (or $1 s).
# The 40 readers must lose nothing and the daemon's RSS must stay within 2 MiB after warm-up.
# Runs the real `yolo-edge run` with the real model on a looped images: source from ../shared;
# the normal test run does the same for 60 s. Use this for longer soaks.
set -euo pipefail
cd "$(dirname "$0")/../.."
export YOLO_EDGE_SOAK_SECONDS="${1:-60}"
swift build --build-tests
swift test --skip-build --filter 'DaemonRuntimeTests/SoakTests'
