#!/usr/bin/env bash
# Builds and runs bench/vnni_peak.c: the peak int8 MAC rate of one core
# (VPDPBUSD zmm where AVX-512 VNNI exists; ymm AVX-VNNI and AVX2 otherwise),
# the ceiling for `yolo-edge bench --profile --peak-gmacs`. Prints the CPU
# name and the median GMAC/s of each kind over the rounds.
# Usage: bench/vnni-peak.sh [rounds]   (default 7; run it under flock on a shared machine)
exec bash "$(dirname "$0")/core-bench.sh" vnni_peak "$@"
