#!/usr/bin/env bash
# Installs the system packages yolo-edge needs and builds the release binary
# at .build/release/yolo-edge.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
swift build -c release --product yolo-edge
echo "built $(swift build -c release --show-bin-path)/yolo-edge" >&2
