#!/usr/bin/env bash
# Builds and runs bench/conv_shapes.c: per-variant timing of the conv
# micro-kernels on YOLOv8n's CONV_2D shapes, in thread CPU time.
#
# Usage: bench/conv-shapes.sh [repeats] [variant name or all] [shape index]
#        bench/conv-shapes.sh --against REV rounds VARIANT [shape index]
# The second form compares VARIANT's kernel file (Sources/InferKernels/conv/qs8_conv_VARIANT.c,
# dashes as underscores) as it is now with the same file at git revision REV, alternating the
# two in one process; the other kernel sources are the working tree's for both.
set -euo pipefail
cd "$(dirname "$0")/.."
kernels=Sources/InferKernels
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc=$(command -v clang || command -v cc)
flags=(-std=c11 -O3 -Wall -Wextra -Werror -I "$kernels/include")
baseline=()
if [ "${1:-}" = --against ]; then
    [ $# -ge 4 ] || { echo "usage: bench/conv-shapes.sh --against REV rounds VARIANT [shape index]" >&2; exit 2; }
    revision=$2
    shift 2
    name=${2//-/_}
    file=$kernels/conv/qs8_conv_$name.c
    [ -f "$file" ] || { echo "no kernel file $file for variant $2" >&2; exit 2; }
    git show "$revision:$file" > "$out/baseline.c"
    "$cc" "${flags[@]}" -I "$kernels/conv" "-Dik_qs8_conv_$name=conv_baseline_variant" -c "$out/baseline.c" -o "$out/baseline.o"
    baseline=(-DBASELINE_VARIANT=conv_baseline_variant "$out/baseline.o")
fi
"$cc" "${flags[@]}" -o "$out/conv_shapes" "$kernels"/conv/*.c "$kernels"/cpu/*.c bench/conv_shapes.c "${baseline[@]}"
"$out/conv_shapes" "$@"
