#!/usr/bin/env bash
# Builds and runs bench/conv_shapes.c: per-variant timing of the conv
# micro-kernels on YOLOv8n's CONV_2D shapes, in thread CPU time.
# Usage: bench/conv-shapes.sh [repeats] [variant name or all] [shape index]
set -euo pipefail
cd "$(dirname "$0")/.."
kernels=Sources/InferKernels
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc=$(command -v clang || command -v cc)
"$cc" -std=c11 -O3 -Wall -Wextra -Werror -I "$kernels/include" -o "$out/conv_shapes" \
    "$kernels"/conv/*.c "$kernels"/cpu/*.c bench/conv_shapes.c
"$out/conv_shapes" "$@"
