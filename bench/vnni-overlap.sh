#!/usr/bin/env bash
# Builds and runs bench/vnni_overlap.c: what each instruction of the AVX-512
# convolution kernel's output stage costs beside VPDPBUSD zmm on this core, and
# the total for 16 outputs, which bench/requant-bound.py --finish takes.
# Usage: bench/vnni-overlap.sh [rounds]   (default 5)
exec bash "$(dirname "$0")/core-bench.sh" vnni_overlap "$@"
