#!/bin/sh
# Regenerates packaging/hot-functions.txt: the functions that `yolo-edge --help` and
# `yolo-edge bench` execute, then those only the daemon (`run`, with clients) executes, which
# build-release.sh has lld place first in .text (--symbol-ordering-file). The kernel maps a binary's code in 64 KB windows around each
# page fault, so a few hundred KB of hot functions scattered over 20 MB of code keep
# megabytes resident; packed together they do not (docs/measurements.md, "Peak RSS").
# Names the binary no longer has are ignored by the linker, so a stale list only costs
# memory: regenerate it after large changes.
#
# Usage: packaging/hot-functions.sh MODEL [IMAGES]   (needs valgrind; IMAGES, a folder of JPEG
#        files for the daemon run, defaults to ../shared/data/coco128/val/images)
set -eu
export LC_ALL=C # sort, uniq and comm must agree on the order

ROOT=$(cd "$(dirname "$0")/.." && pwd)
model=${1:?usage: packaging/hot-functions.sh MODEL [IMAGES]}
images=$(cd "${2:-$ROOT/../shared/data/coco128/val/images}" && pwd)
binary=$("$ROOT/packaging/build-release.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# valgrind 3.19 cannot read the DWARF 5 debug info; the symbol table is all it needs.
objcopy --strip-debug "$binary" "$work/yolo-edge"
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/help.out" \
    "$work/yolo-edge" --help > /dev/null 2>&1
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/bench.out" \
    "$work/yolo-edge" bench --model "$model" --runs 2 --json > /dev/null 2>&1
# The daemon on a looping image folder, with a `status` and a `watch` client, then SIGTERM.
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/run.out" \
    "$work/yolo-edge" run --config /dev/null --socket "$work/sock" --model "$model" \
    --source "images:$images:loop" > /dev/null 2>&1 &
daemon=$!
tries=0
until [ -S "$work/sock" ] || [ "$tries" -ge 300 ]; do sleep 1; tries=$((tries + 1)); done
sleep 20
"$binary" status --socket "$work/sock" > /dev/null 2>&1 || true
timeout 30 "$binary" watch --socket "$work/sock" > /dev/null 2>&1 || true
kill -TERM "$daemon"
wait "$daemon" || true

# Every function callgrind names (fn= and cfn= lines; a trailing 'N marks recursion depth).
executed() {
    sed -n "s/^c\{0,1\}fn=([0-9]*) \(.*\)$/\1/p" "$@" | sed "s/'[0-9]*$//" | sort -u
}
executed "$work/help.out" "$work/bench.out" > "$work/executed"
executed "$work/run.out" | comm -23 - "$work/executed" > "$work/executed-by-run"
# lld moves every section that defines a listed name. A name whose every definition has a
# function section of its own is safe to list, however many objects define it (Swift's
# merged `...Tm` functions, `objectdestroy` thunks); a name defined in an unsplit library
# .text (the toolchain's static libraries) is listed only if unique, lest it drag other
# objects' whole .text along. The link map (build-release.sh writes it) tells which is which.
awk '
    / \.text$/ && NF == 5 { in_text = 1; next }
    NF == 5 && $5 ~ /^\./ { in_text = 0; next }
    !in_text { next }
    index($5, ":(") { section = $5; sub(/^.*:\(/, "", section); sub(/\)$/, "", section)
                      split_section = section ~ /^\.text\./ && section !~ /^\.text\.(unlikely|hot|startup|exit)$/
                      next }
    NF == 5 { if (!split_section) unsplit[$5] = 1; else seen[$5] = 1 }
    END { for (name in seen) if (!(name in unsplit)) print name }
' "$ROOT/.build-release/yolo-edge.map" | sort > "$work/split"
nm --defined-only "$binary" | awk '{ print $3 }' | sort | uniq -u > "$work/unique"
sort -u "$work/split" "$work/unique" > "$work/listable"
# What bench and --help run comes first, packed tight; what only the daemon runs follows, so
# it neither spreads bench's code over more pages nor stays scattered itself.
comm -12 "$work/executed" "$work/listable" > "$ROOT/packaging/hot-functions.txt"
comm -12 "$work/executed-by-run" "$work/listable" >> "$ROOT/packaging/hot-functions.txt"
wc -l < "$ROOT/packaging/hot-functions.txt" | sed 's/$/ hot functions/' >&2
