#!/bin/sh
# Peak RSS of `yolo-edge bench` the way docs/measurements.md reports it: the binary is first
# dropped from the page cache (as after a reboot: pages cached by a fresh build or a `cp`
# sit in large folios and read higher), one warm-up run, then N runs; prints each run's
# `peak_rss_bytes` and the median. Memory does not depend on load, so no peer is needed.
#
# Usage: bench/peak-rss.sh MODEL [RUNS]     (binary: $YOLO_EDGE_BINARY, default the release build)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
model=${1:?usage: bench/peak-rss.sh MODEL [RUNS]}
runs=${2:-5}
binary=${YOLO_EDGE_BINARY:-$ROOT/.build-release/x86_64-unknown-linux-gnu/release/yolo-edge}
[ -x "$binary" ] || { echo "error: no binary at $binary (run packaging/build-release.sh or set YOLO_EDGE_BINARY)" >&2; exit 2; }
# GNU dd with iflag=nocache and count=0 asks the kernel to drop the whole file's cached pages.
dd if="$binary" iflag=nocache count=0 status=none
peak() { "$binary" bench --model "$model" --runs 10 --json | sed -n 's/.*"peak_rss_bytes":\([0-9]*\).*/\1/p'; }
peak >/dev/null
i=0
values=""
while [ "$i" -lt "$runs" ]; do
    value=$(peak)
    echo "run $((i + 1)): $value bytes"
    values="$values $value"
    i=$((i + 1))
done
echo "$values" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 } END { printf "median: %d bytes (%.2f MB, %.2f MiB)\n", v[int((NR + 1) / 2)], v[int((NR + 1) / 2)] / 1e6, v[int((NR + 1) / 2)] / 1048576 }'
