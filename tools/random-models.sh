#!/usr/bin/env bash
# Makes YOLOv8/YOLO11 detection ONNX exports with random weights, the shapes users bring
# (docs/models.md): several sizes, class counts, a rectangular and a dynamic export.
#
#   bash tools/random-models.sh [OUT_DIR]      # default .cache/random-models/
#
# Torch and Ultralytics are big and only this script needs them, so they live in a venv of
# their own, .cache/random-models-venv (gitignored), not in the reference .venv. Nothing is
# downloaded but packages: the models are built from Ultralytics' YAML files.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo/.cache/random-models}"
venv="$repo/.cache/random-models-venv"

if ! "$venv/bin/python" -c 'import ultralytics, torch, onnx, onnxruntime' 2>/dev/null; then
    python3 -m venv "$venv" >&2
    pip=("$venv/bin/python" -m pip install --disable-pip-version-check --quiet)
    # PyPI's torch wheel pulls the CUDA libraries (gigabytes); the CPU-only index is tried
    # first and PyPI is the fallback where that index cannot be reached.
    "${pip[@]}" --timeout 30 torch torchvision --index-url https://download.pytorch.org/whl/cpu >&2 \
        || "${pip[@]}" torch torchvision >&2
    "${pip[@]}" ultralytics onnx onnxruntime onnxslim >&2
fi

# Ultralytics must not reach for the network (no weights, fonts or update checks).
export YOLO_OFFLINE=1 ULTRALYTICS_OFFLINE=1 YOLO_CONFIG_DIR="$repo/.cache/ultralytics-config"
exec "$venv/bin/python" "$repo/tools/random_models.py" --out "$out" --images "$repo/../shared/data/coco128/calib"
