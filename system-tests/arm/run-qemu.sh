#!/usr/bin/env bash
# Cross-compiles the C conv kernels (Sources/InferKernels/conv, with the CPU
# feature detection in cpu/) and their variant test for aarch64, runs it
# under qemu-user on Cortex-A53, A72 (NEON SMLAL only) and A76 (also SDOT), and
# runs the same test natively on the host (x86-64: AVX2, AVX-512 VNNI).
# Needs: gcc-aarch64-linux-gnu qemu-user-static (Debian).
# Usage: system-tests/arm/run-qemu.sh [cases per run]
# Ends with "N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-400}
kernels=Sources/InferKernels
sources=("$kernels"/conv/*.c "$kernels"/cpu/*.c system-tests/arm/conv_variants_test.c)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for tool in aarch64-linux-gnu-gcc qemu-aarch64-static; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y gcc-aarch64-linux-gnu qemu-user-static" >&2; exit 2; }
done
aarch64-linux-gnu-gcc -std=c11 -O2 -Wall -Wextra -Werror -static -I "$kernels/include" -o "$out/test-aarch64" "${sources[@]}"
host_cc=$(command -v clang || command -v cc)
"$host_cc" -std=c11 -O2 -Wall -Wextra -Werror -I "$kernels/include" -o "$out/test-host" "${sources[@]}"

passed=0 failed=0
run() {
    local label=$1; shift
    echo "== $label"
    local log
    if log=$("$@" "$cases" 2>&1); then :; fi
    echo "$log"
    local summary
    summary=$(echo "$log" | tail -n 1)
    if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
    else
        echo "$label did not finish" >&2; failed=$((failed + 1))
    fi
}
for cpu in cortex-a53 cortex-a72 cortex-a76; do
    run "aarch64 $cpu" qemu-aarch64-static -cpu "$cpu" "$out/test-aarch64"
done
run "host $(uname -m)" "$out/test-host"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
