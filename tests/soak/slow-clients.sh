#!/usr/bin/env bash
# Soak test of the socket publisher: 50 clients, 10 of which never read, for 60 s (or $1 s).
# The 40 readers must lose nothing and the daemon's RSS must stay within 2 MiB after warm-up.
# Runs the daemon in the test process on test doubles of the camera and the engine; the same
# check against the real model and an images: source belongs to the integration.
set -euo pipefail
cd "$(dirname "$0")/../.."
export YOLO_EDGE_SOAK_SECONDS="${1:-60}"
swift build --build-tests
swift test --skip-build --filter 'DaemonRuntimeTests/SoakTests'
