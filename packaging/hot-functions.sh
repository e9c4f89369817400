#!/bin/sh
# Regenerates packaging/hot-functions.txt: the functions that `yolo-edge bench`, the daemon
# (`run` with clients, on JPEG and raw NV12 sources) and `--help` execute, which
# build-release.sh has lld place first in .text (--symbol-ordering-file), grouped so that
# bench and the daemon each run one contiguous stretch of them. The kernel maps a binary's
# code in 64 KB windows around each page fault, so a few hundred KB of hot functions
# scattered over 20 MB of code keep megabytes resident; packed together they do not
# (docs/measurements.md, "Peak RSS" and "The daemon, session 14").
# Names the binary no longer has are ignored by the linker, so a stale list only costs
# memory: regenerate it after large changes.
#
# Also regenerates packaging/hot-sections.ld, for the code an ordering file cannot name:
# private functions (closure contexts' `objectdestroy`, unnamed thunks: `.L` labels, in no
# symbol table), executed names that an unsplit library also defines, every ISA variant of
# the kernels and the C start-up code. The script gathers those sections by name into
# `.text.hot_unnamed`, just before .text: all private ones (a few tens of KB) and the
# executed names' split definitions only.
#
# Usage: packaging/hot-functions.sh MODEL [IMAGES]   (needs valgrind; IMAGES, a folder of JPEG
#        files for the first daemon run, defaults to ../shared/data/coco128/val/images)
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
# The daemon twice, as users run it: with the packaged config (config.example.toml: TOML
# tables, tracking on), on a looping image folder (JPEG decoding) with a `status` and a
# `watch` client, and on a raw NV12 camera stream at 2 threads with five `watch` clients
# (bench/daemon-rss.sh's setting); each then gets SIGTERM.
daemon_run() { # NAME CLIENTS RUN-ARGUMENTS...
    name=$1 clients=$2
    shift 2
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$name.out" \
        "$work/yolo-edge" run --config "$ROOT/config.example.toml" --socket "$work/$name.sock" --model "$model" "$@" \
        > /dev/null 2>&1 &
    daemon=$!
    tries=0
    until [ -S "$work/$name.sock" ] || [ "$tries" -ge 300 ]; do sleep 1; tries=$((tries + 1)); done
    sleep 20
    "$binary" status --socket "$work/$name.sock" > /dev/null 2>&1 || true
    watchers=""
    for _ in $(seq "$clients"); do
        timeout 30 "$binary" watch --socket "$work/$name.sock" > /dev/null 2>&1 &
        watchers="$watchers $!"
    done
    for watcher in $watchers; do wait "$watcher" || true; done
    kill -TERM "$daemon"
    wait "$daemon" || true
}
daemon_run images 1 --source "images:$images:loop"
head -c $((640 * 480 * 3 / 2 * 4)) /dev/urandom > "$work/frames.nv12"
daemon_run raw 5 --threads 2 --source "raw:$work/frames.nv12:640x480:nv12:loop:fps=30"

# Every function callgrind names (fn= and cfn= lines; a trailing 'N marks recursion depth).
executed() {
    sed -n "s/^c\{0,1\}fn=([0-9]*) \(.*\)$/\1/p" "$@" | sed "s/'[0-9]*$//" | sort -u
}
executed "$work/bench.out" > "$work/bench"
executed "$work/images.out" "$work/raw.out" > "$work/daemon"
executed "$work/help.out" > "$work/help"
# lld moves every section that defines a listed name. A name whose every definition has a
# function section of its own is safe to list, however many objects define it (Swift's
# merged `...Tm` functions, `objectdestroy` thunks); a name defined in an unsplit library
# .text (the toolchain's static libraries) is listed only if unique, lest it drag other
# objects' whole .text along. The link map (build-release.sh writes it) tells which is which.
awk '
    NF == 5 && ($5 == ".text" || $5 == ".text.hot_unnamed") { in_text = 1; next }
    NF == 5 && $5 ~ /^\./ { in_text = 0; next }
    !in_text { next }
    index($5, ":(") { section = $5; sub(/^.*:\(/, "", section); sub(/\)$/, "", section)
                      split_section = section ~ /^\.text\./ && section !~ /^\.text\.(unlikely|hot|startup|exit)$/
                      next }
    NF == 5 { if (!split_section) unsplit[$5] = 1; else seen[$5] = 1 }
    END { for (name in seen) print name, (name in unsplit) ? "shared" : "split" }
' "$ROOT/.build-release/yolo-edge.map" | sort > "$work/sections"
awk '$2 == "split" { print $1 }' "$work/sections" > "$work/split"
awk '$2 == "shared" { print $1 }' "$work/sections" > "$work/shared"
nm --defined-only "$binary" | awk '{ print $3 }' | sort | uniq -u > "$work/unique"
sort -u "$work/split" "$work/unique" > "$work/listable"
# Four groups, each packed tight: what only bench runs, what bench and the daemon both run,
# what only the daemon runs, and what only --help runs. Each of the two long-lived programs
# then runs one contiguous stretch (bench the first two groups, the daemon the middle two),
# rather than every page of a list that mixes the other's code into its own.
{
    comm -23 "$work/bench" "$work/daemon"
    comm -12 "$work/bench" "$work/daemon"
    comm -23 "$work/daemon" "$work/bench"
    sort -u "$work/bench" "$work/daemon" | comm -23 "$work/help" -
} | awk 'NR == FNR { listable[$0] = 1; next } $0 in listable' "$work/listable" - \
    > "$ROOT/packaging/hot-functions.txt"
wc -l < "$ROOT/packaging/hot-functions.txt" | sed 's/$/ hot functions/' >&2
{
    echo "/* Generated by packaging/hot-functions.sh: executed code that hot-functions.txt cannot name. */"
    echo "SECTIONS {"
    echo "  .text.hot_unnamed : {"
    echo "    *(.text..L*)"
    # Every ISA's kernels (46 KB): valgrind's CPU has no AVX-512, so callgrind sees other
    # variants run than the machine that runs the binary. And the program's entry code.
    echo "    *InferKernels.build/*(.text .text.*)"
    echo "    *Scrt1.o(.text) *crtbeginS.o(.text) *crtendS.o(.text)"
    sort -u "$work/help" "$work/bench" "$work/daemon" | comm -12 - "$work/shared" |
        sed 's/^\(.*\)$/    *(".text.\1")/'
    echo "  }"
    echo "} INSERT BEFORE .text;"
} > "$ROOT/packaging/hot-sections.ld"
grep -c '^    \*("' "$ROOT/packaging/hot-sections.ld" | sed 's/$/ shared names in hot-sections.ld/' >&2
