#!/usr/bin/env bash
# Builds and runs bench/vnni_peak.c: the peak int8 MAC rate of one core
# (VPDPBUSD zmm where AVX-512 VNNI exists; ymm AVX-VNNI and AVX2 otherwise),
# the ceiling for `yolo-edge bench --profile --peak-gmacs`. Prints the CPU
# name and the median GMAC/s of each kind over the rounds.
# Usage: bench/vnni-peak.sh [rounds]   (default 7; run it under flock on a shared machine)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc=$(command -v clang || command -v cc)
"$cc" -std=c11 -O2 -Wall -Wextra -Werror -o "$out/vnni_peak" bench/vnni_peak.c
"$out/vnni_peak" "$@"
