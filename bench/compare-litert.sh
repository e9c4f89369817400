#!/usr/bin/env bash
# Latency of yolo-edge against LiteRT with XNNPACK on the same model, measured
# in interleaved rounds so that both see the same machine load.
#
# Usage: bench/compare-litert.sh [--model M.tflite] [--threads "1 2"] [--rounds 5] [--runs 30]
# Prints, per thread count, each round's medians and ratio (yolo-edge / LiteRT),
# then the median ratio. A ratio below 1 means yolo-edge is faster.
# YOLO_EDGE_BINARY=path measures that build instead of the shipped one (packaging/build-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

model=../shared/models/yolov8n/yolov8n_full_integer_quant.tflite
threads="1 2"
rounds=5
runs=30
while (($#)); do
    case "$1" in
        --model) model=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ -f "$model" ] || { echo "model not found: $model" >&2; exit 2; }

python=$(bash tools/venv.sh)
binary=${YOLO_EDGE_BINARY:-}
if [ -z "$binary" ]; then
    binary=$(bash packaging/build-release.sh)
fi

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
field() { "$python" -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

for t in $threads; do
    echo "threads $t: round, yolo-edge median ms, LiteRT median ms, ratio"
    ratios=()
    for round in $(seq 1 "$rounds"); do
        ours=$("$binary" bench --model "$model" --threads "$t" --runs "$runs" --json | field median_ms)
        theirs=$("$python" bench/litert_bench.py --model "$model" --threads "$t" --runs "$runs" | field median_ms)
        ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
        ratios+=("$ratio")
        printf '  %d, %.2f, %.2f, %s\n' "$round" "$ours" "$theirs" "$ratio"
    done
    printf 'threads %s: median ratio %s\n' "$t" "$(printf '%s\n' "${ratios[@]}" | median)"
done
