#!/usr/bin/env bash
# Latency of one converted model at several input sizes (the square export size against the
# rectangles `size = "auto"` picks for 4:3 and 16:9 cameras), in interleaved rounds so that
# every size sees the same machine load.
#
# Usage: bench/input-sizes.sh --model M.yem [--sizes "640 640x480 640x384"] [--threads 1] [--rounds 5] [--runs 20]
# Prints each round's median per size, then per size the median of rounds and its ratio to the
# first size. The binary is $YOLO_EDGE_BINARY, default the shipped configuration's build
# (packaging/build-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

model=""
sizes="640 640x480 640x384"
threads=1
rounds=5
runs=20
while (($#)); do
    case "$1" in
        --model) model=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ -f "$model" ] || { echo "error: give --model, a model made by yolo-edge convert (got '$model')" >&2; exit 2; }
binary=${YOLO_EDGE_BINARY:-$(bash packaging/build-release.sh)}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT
lscpu | sed -n 's/^Model name: *//p'
for round in $(seq "$rounds"); do
    line="round $round:"
    for size in $sizes; do
        ms=$("$binary" bench --model "$model" --size "$size" --threads "$threads" --runs "$runs" --json |
            sed -n 's/.*"median_ms":\([0-9.]*\).*/\1/p')
        echo "$size $ms" >> "$results"
        line="$line  $size $(printf %.2f "$ms") ms"
    done
    echo "$line"
done
first=""
for size in $sizes; do
    m=$(awk -v s="$size" '$1 == s { print $2 }' "$results" | median)
    first=${first:-$m}
    printf '%-10s median %.2f ms  ratio %.2f\n' "$size" "$m" "$(echo "$m / $first" | bc -l)"
done
