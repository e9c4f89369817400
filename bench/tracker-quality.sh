#!/usr/bin/env bash
# Tracker quality: yolo-edge's multi-object tracker against supervision's ByteTrack, both fed
# the real model's detections, scored by motmetrics (IDF1, ID switches, MOTA).
#
# Usage: bench/tracker-quality.sh [--model M.tflite] [--summary FILE] [--keep DIR]
#
# Makes short videos from labelled val photos (a pan, a zoom, a pan with zoom, an occluder; see
# bench/tracker_sequences.py) with ground-truth tracks, runs `yolo-edge detect --source
# images:DIR --json` over each twice (raw detections down to 0.1 with --no-tracking, which
# supervision tracks; and with our tracker, high threshold 0.25, second association down to
# 0.1), then prints a table per sequence. --summary FILE writes the result as JSON;
# --keep DIR keeps frames, ground truth and detections in DIR (default: a temporary folder;
# DIR must be new, empty or a previous --keep DIR, which is then emptied).
# YOLO_EDGE_BINARY=path runs that binary (default .build/debug/yolo-edge, made by swift build).
# The Python packages come from the bench's own venv, .cache/tracker-quality/venv, made from
# bench/tracker-requirements.txt on first use (PYTHON selects the base interpreter).
# Exit status 0 when both trackers were scored (whether ours won or not: see the summary's
# goal_met), 3 when the binary has no tracker (only supervision is scored), else 1 or 2.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
repo=$PWD
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$caller/$1" ;; esac; }

model=../shared/models/yolov8n/yolov8n_full_integer_quant.tflite
images=../shared/data/coco128/val/images
labels=../shared/data/coco128/val/labels
summary=
keep=
while (($#)); do
    case "$1" in
        --model) model=$(absolute "$2"); shift 2 ;;
        --summary) summary=$(absolute "$2"); shift 2 ;;
        --keep) keep=$(absolute "$2"); shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "tracker-quality.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
fail() { echo "tracker-quality.sh: $*" >&2; exit 1; }
[ -f "$model" ] || fail "model not found: $model (the reference data is in ../shared)"
[ -d "$images" ] && [ -d "$labels" ] || fail "val images or labels not found under ../shared/data/coco128/val"
binary=.build/debug/yolo-edge
[ -z "${YOLO_EDGE_BINARY:-}" ] || binary=$(absolute "$YOLO_EDGE_BINARY")
[ -x "$binary" ] || fail "no yolo-edge binary at $binary: run swift build, or set YOLO_EDGE_BINARY"

# The bench's venv, made or updated only when bench/tracker-requirements.txt changed; one
# run at a time builds it (the lock is held on the requirements file).
bench_python() {
    local venv=$repo/.cache/tracker-quality/venv requirements=$repo/bench/tracker-requirements.txt
    local stamp=$venv/.requirements.sha256 wanted
    mkdir -p "$(dirname "$venv")"
    exec 9<"$requirements"
    flock 9
    if ! "$venv/bin/python" -c '' 2>/dev/null; then
        "${PYTHON:-python3}" -m venv --clear "$venv" >&2 ||
            fail "'${PYTHON:-python3} -m venv' failed; on Debian install python3-venv"
    fi
    wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
        "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --requirement "$requirements" >&2 ||
            fail "pip could not install $requirements"
        echo "$wanted" > "$stamp"
    fi
    exec 9<&-
    echo "$venv/bin/python"
}

if [ -n "$keep" ]; then
    work=$keep
    marker=$work/.tracker-quality
    if [ -d "$work" ] && [ -n "$(ls -A "$work")" ] && [ ! -f "$marker" ]; then
        fail "--keep $work is a folder with other files in it; give a new or empty one"
    fi
    rm -rf "$work"
    mkdir -p "$work"
    touch "$marker"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
[ -n "$summary" ] || summary=$work/summary.json

started=$SECONDS
python=$(bench_python)
echo "venv ready in $((SECONDS - started)) s" >&2

tracking=true
if ! "$binary" detect --help | grep -q -- '--no-tracking'; then
    tracking=false
    echo "warning: $binary has no tracker (detect --no-tracking is unknown): scoring supervision only" >&2
fi

phase=$SECONDS
sequences=$("$python" bench/tracker_quality.py sequences --images "$images" --labels "$labels" --out "$work")
echo "sequences written in $((SECONDS - phase)) s" >&2

phase=$SECONDS
while read -r name frames folder; do
    detect=("$binary" detect --model "$model" --source "images:$folder" --frames "$frames" --json)
    if $tracking; then
        "${detect[@]}" --conf 0.1 --no-tracking > "$work/$name/raw.jsonl"
        "${detect[@]}" --conf 0.25 --track-low-score 0.1 > "$work/$name/ours.jsonl"
    else
        "${detect[@]}" --conf 0.1 > "$work/$name/raw.jsonl"
    fi
done <<< "$sequences"
echo "detections in $((SECONDS - phase)) s" >&2

"$python" bench/tracker_quality.py score --work "$work" --summary "$summary"
echo "summary: $summary; $((SECONDS - started)) s in all" >&2
$tracking || exit 3
