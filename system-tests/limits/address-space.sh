#!/usr/bin/env bash
# The release binary under the address-space limits of containers and LimitAS=-style setups:
# the daemon must start, process frames and stop cleanly at 128 MiB (it needs about 30 MB
# resident; before it capped malloc's arenas and thread stacks it reserved 790 MB and died
# starting threads). Prints one PASS/FAIL line per limit and "N passed, N failed".
#
# Usage: system-tests/limits/address-space.sh BINARY MODEL IMAGES
set -uo pipefail
binary=${1:?usage: address-space.sh BINARY MODEL IMAGES}
model=${2:?}
images=${3:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for limit in 134217728 268435456 536870912; do
    socket="$work/s$limit"
    prlimit --as="$limit" "$binary" run --config /dev/null --socket "$socket" --model "$model" \
        --source "images:$images:loop" --threads 2 >/dev/null 2>"$work/log" &
    daemon=$!
    ready=no
    for _ in $(seq 300); do
        grep -q "ready:" "$work/log" && { ready=yes; break; }
        kill -0 "$daemon" 2>/dev/null || break
        sleep 0.1
    done
    sleep 2
    kill -TERM "$daemon" 2>/dev/null
    wait "$daemon"
    status=$?
    if [ "$ready" = yes ] && [ "$status" -eq 0 ] && [ ! -e "$socket" ]; then
        echo "PASS address space $((limit >> 20)) MiB: ready, stopped with 0"
        passed=$((passed + 1))
    else
        echo "FAIL address space $((limit >> 20)) MiB: ready=$ready, status $status"
        sed 's/^/     /' "$work/log" | head -5
        failed=$((failed + 1))
    fi
done
echo "address-space limits: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
