#!/usr/bin/env bash
# Builds bench/NAME.c (a one-core micro-benchmark, bench/core_timing.h) in a
# temporary directory and runs it with the remaining arguments.
# Usage: bench/core-bench.sh NAME [arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc=$(command -v clang || command -v cc)
"$cc" -std=c11 -O2 -Wall -Wextra -Werror -o "$out/$name" "bench/$name.c"
"$out/$name" "$@"
