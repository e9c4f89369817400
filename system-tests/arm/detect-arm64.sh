#!/usr/bin/env bash
# The arm64 build against the amd64 build on the real model: `detect --json` on the 64 val
# images must print the same bytes (timings aside) for every ARM conv kernel variant, and
# `convert` of the FP32 ONNX must write the same file.
#
# The arm64 binary runs under qemu-user in a Debian 13 trixie arm64 root
# (system-tests/vm/e2e/base-rootfs.sh arm64), so it loads trixie's glibc and libraries as on
# a board. The variant follows the emulated CPU, and each check first asks the binary
# (`inspect`) which kernel it runs, so a check cannot pass on the wrong one:
#   dot       -cpu cortex-a76 (SDOT)                  8x8c4-neon-dot
#   mlal      -cpu cortex-a72 (NEON, no dot product)  4x8c4-neon-mlal
#   portable  -cpu cortex-a76, YOLO_EDGE_KERNELS=portable (no SIMD)  2x4c4-scalar
#   convert   FP32 ONNX -> .yem with 8 calibration images at 320 px (the float
#             calibration path and bias correction)
#
# Usage: system-tests/arm/detect-arm64.sh [dot] [mlal] [portable] [convert]   (default: all)
# Env:   YOLO_EDGE_BINARY=path        the amd64 binary (default: packaging/build-release.sh's)
#        YOLO_EDGE_ARM64_BINARY=path  the arm64 binary (default: build-release.sh --arch arm64)
# Needs root (tools/arm64-binfmt.sh, debootstrap) the first time. Ends with "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

shared=../shared
model=$shared/models/yolov8n/yolov8n_full_integer_quant.tflite
onnx=$shared/models/yolov8n/yolov8n-fp32-dynamic.onnx
images=$shared/data/coco128/val/images
calibration=$shared/data/coco128/calib
checks=("$@")
((${#checks[@]})) || checks=(dot mlal portable convert)

if [ ! -f "$model" ] || [ ! -f "$onnx" ] || [ ! -d "$images" ] || [ ! -d "$calibration" ]; then
    if [ "${CI:-}" = true ]; then
        echo "error: the model and images in $shared are missing; CI needs them" >&2
        exit 1
    fi
    echo "skipping the arm64 detect check: no model or images in $shared"
    exit 0
fi

amd64=${YOLO_EDGE_BINARY:-$(bash packaging/build-release.sh)}
arm64=${YOLO_EDGE_ARM64_BINARY:-$(bash packaging/build-release.sh --arch arm64)}
command -v qemu-aarch64-static >/dev/null || bash tools/install-deps.sh
work="$ROOT/.cache/arm64-check"
target_root="$work/root"
tarball=$(sh system-tests/vm/e2e/base-rootfs.sh arm64)
if [ ! -f "$target_root/.from" ] || [ "$(cat "$target_root/.from")" != "$tarball" ]; then
    rm -rf --one-file-system "$target_root" && mkdir -p "$target_root"
    tar -C "$target_root" -xf "$tarball"
    echo "$tarball" > "$target_root/.from"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# on_arm64 CPU [NAME=VALUE...] ARGUMENT...: the arm64 binary on an emulated CPU, with trixie's
# loader and libraries, and the environment variables given.
on_arm64() {
    local cpu=$1
    shift
    local variables=()
    while [[ ${1:-} == *=* ]]; do
        variables+=("$1")
        shift
    done
    env "${variables[@]}" qemu-aarch64-static -cpu "$cpu" -L "$target_root" "$arm64" "$@"
}

# The JSON lines without their timings, which differ from run to run.
without_timings() { sed -E 's/,"timing_ms":\{[^}]*\}//'; }

# Two worker threads: the same bytes as one (the tests say so), in half the time under qemu.
image_list=("$images"/*.jpg)
"$amd64" detect --json --threads 2 --model "$model" "${image_list[@]}" | without_timings > "$out/amd64.jsonl"

passed=0 failed=0
verdict() {
    if [ "$2" = pass ]; then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1"
        failed=$((failed + 1))
    fi
}

# detect_check NAME CPU KERNEL [NAME=VALUE...]: the variant runs KERNEL and detects as amd64 does.
detect_check() {
    local name=$1 cpu=$2 kernel=$3
    shift 3
    local started=$SECONDS
    local reported
    reported=$(on_arm64 "$cpu" "$@" inspect --model "$model" |
        sed -n 's/^cpu: *convolutions run the \(.*\) kernel$/\1/p')
    if [ "$reported" != "$kernel" ]; then
        echo "    $name: expected the $kernel kernel on $cpu, the binary runs '$reported'"
        verdict "$name" fail
        return
    fi
    on_arm64 "$cpu" "$@" detect --json --threads 2 --model "$model" "${image_list[@]}" |
        without_timings > "$out/$name.jsonl"
    if cmp -s "$out/amd64.jsonl" "$out/$name.jsonl"; then
        echo "    $name ($kernel on $cpu): ${#image_list[@]} images, $(wc -c < "$out/$name.jsonl") bytes identical to amd64 ($((SECONDS - started)) s)"
        verdict "$name" pass
    else
        echo "    $name ($kernel on $cpu): output differs from amd64:"
        diff <(tr ',' '\n' < "$out/amd64.jsonl") <(tr ',' '\n' < "$out/$name.jsonl") | head -n 20 | sed 's/^/      /'
        verdict "$name" fail
    fi
}

convert_check() {
    local started=$SECONDS
    local arguments=("$onnx" --calib "$calibration" --calib-count 8 --size 320)
    "$amd64" convert "${arguments[@]}" --output "$out/amd64.yem" > /dev/null 2>&1
    on_arm64 cortex-a76 convert "${arguments[@]}" --output "$out/arm64.yem" > /dev/null 2>&1
    if cmp "$out/amd64.yem" "$out/arm64.yem"; then
        echo "    convert: $(wc -c < "$out/arm64.yem") bytes identical to amd64 ($((SECONDS - started)) s)"
        verdict convert pass
    else
        verdict convert fail
    fi
}

for check in "${checks[@]}"; do
    case "$check" in
    dot) detect_check dot cortex-a76 8x8c4-neon-dot ;;
    mlal) detect_check mlal cortex-a72 4x8c4-neon-mlal ;;
    portable) detect_check portable cortex-a76 2x4c4-scalar YOLO_EDGE_KERNELS=portable ;;
    convert) convert_check ;;
    *) echo "unknown check: $check (dot, mlal, portable, convert)" >&2; exit 64 ;;
    esac
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
