#!/usr/bin/env bash
# Instructions one inference executes on aarch64: yolo-edge against LiteRT with XNNPACK (the
# ai-edge-litert arm64 wheel), both under the same qemu-user -cpu, counted by a TCG plugin
# (bench/qemu-plugins/insn_count.c). An ARM speed proxy on a machine without ARM hardware:
# a count is NOT a time. Every instruction counts 1, whatever its latency, and caches, memory
# bandwidth and pipelines do not exist under qemu. The machine's load does not change the
# counts; from run to run they differ by a few hundredths of a percent.
#
# Usage: bench/arm64-instructions.sh [--model M.tflite] [--runs N] [--cpus "cortex-a76 cortex-a72"]
#                                    [--functions K]
# Prints the qemu version, then per -cpu: instructions per inference of each peer, with how
# many of them (and what share) are SDOT, SMLAL/SMLAL2, and int8 vector multiplies of any kind
# (the plugin's header lists them), and the ratio yolo-edge / LiteRT (below 1: yolo-edge
# executes fewer). cortex-a76 has the dot product instructions; cortex-a72 has not, so there
# both peers run their non-dot (SMULL/SMLAL) kernels.
# --functions K also prints the K functions of yolo-edge that execute the most instructions per
# inference (the plugin's symbols= file: the translation blocks that start in each function;
# all the conv micro-kernels' static `run`s with what they inline count as one `run`).
# Each peer runs N and then 2N inferences (--warmup 0, 1 thread, default N=1); the difference
# of the two counts divided by N is one inference, without start-up and without the one-time
# work of the first inference.
# YOLO_EDGE_ARM64_BINARY=path counts that arm64 build; otherwise packaging/build-release.sh
# --arch arm64 builds it. Needs root (apt, chroot). The first run prepares .cache/arm64-bench
# (an arm64 Debian 13 root with python3 and the pinned wheels) in about 20 minutes; then a
# run takes about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

model=../shared/models/yolov8n/yolov8n_full_integer_quant.tflite
runs=1
cpus="cortex-a76 cortex-a72"
functions=0
while (($#)); do
    case "$1" in
        --model) model=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --cpus) cpus=$2; shift 2 ;;
        --functions) functions=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set /{/^#/p}' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ -f "$model" ] || { echo "model not found: $model" >&2; exit 2; }
model=$(realpath "$model")

cache=$repo/.cache/arm64-bench
root=$cache/root
build=$cache/build
mkdir -p "$cache" "$build"

# The plugin API is versioned: the header must be the one of the QEMU that loads the plugin.
# Every Debian 12 qemu-user (1:7.2+dfsg-*) is built from the same orig tarball, and Debian's
# patches (checked up to 1:7.2+dfsg-7+deb12u18) do not touch the header: the upstream file is it.
qemu_orig=qemu_7.2+dfsg.orig.tar.xz
qemu_orig_sha256=91aca71520040edc40b8d437aa3004dae614f58e286cf653ee8996c07af2962f
# Everything pip installs in the arm64 root, pinned (ai-edge-litert and numpy as in
# tools/requirements.txt, the rest their dependencies as resolved for Python 3.13).
wheels="ai-edge-litert==2.3.0 numpy==2.4.6 backports.strenum==1.2.8 flatbuffers==25.12.19
        ml-dtypes==0.7.0 protobuf==7.36.2 tqdm==4.70.1 typing-extensions==4.16.0"

apt_install() {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Debian's dynamic qemu-user loads plugins; the static qemu-user-static (binfmt) cannot.
# The two packages coexist.
command -v qemu-aarch64 >/dev/null || apt_install qemu-user
command -v aarch64-linux-gnu-gcc >/dev/null || apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross
installed=$(dpkg-query -W -f '${Version}' qemu-user)
case "$installed" in
    1:7.2+dfsg-*) ;;
    *) echo "qemu-user is $installed; the plugin is built against QEMU 7.2's header" >&2; exit 1 ;;
esac

header=$cache/include/qemu-plugin.h
if [ ! -f "$header" ]; then
    mkdir -p "$cache/include"
    curl -sSfL -o "$cache/$qemu_orig" "http://deb.debian.org/debian/pool/main/q/qemu/$qemu_orig"
    echo "$qemu_orig_sha256  $cache/$qemu_orig" | sha256sum --check --quiet
    tar -xJOf "$cache/$qemu_orig" qemu-7.2.0/include/qemu/qemu-plugin.h > "$header.part"
    mv "$header.part" "$header"
    rm "$cache/$qemu_orig"
fi

# Build the plugin and its self-test each time (a second): the sources may have changed.
plugin=$build/insn_count.so
gcc -O2 -shared -fPIC -Wall -Wextra -Werror -I"$cache/include" \
    -o "$plugin" bench/qemu-plugins/insn_count.c
aarch64-linux-gnu-gcc -O2 -static -march=armv8.6-a+dotprod+i8mm+bf16 \
    -o "$build/classify_test" bench/qemu-plugins/classify_test.c

# counted CPU OUT [-E VAR=VALUE...] PROGRAM ARGS...: runs an aarch64 PROGRAM under the plugin,
# with the arm64 root's files first (-L) and no environment but PATH and the -E variables,
# and leaves the counts in OUT.
counted() {
    local cpu=$1 out=$2
    shift 2
    rm -f "$out" "$out.functions"
    env -i PATH=/usr/bin:/bin qemu-aarch64 -cpu "$cpu" -L "$root" \
        -plugin "$plugin,out=$out,symbols=$out.functions" "$@"
    [ -s "$out" ] || { echo "no counts from: $*" >&2; exit 1; }
}

# per_inference A B N: prints "total sdot smlal int8_mul" of (B - A) / N.
per_inference() {
    awk -v n="$3" '
        { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[FNR == NR ? "a" : "b", kv[1]] = kv[2] } }
        END { printf "%.0f %.0f %.0f %.0f\n", (v["b","total"] - v["a","total"]) / n,
                  (v["b","sdot"] - v["a","sdot"]) / n, (v["b","smlal"] - v["a","smlal"]) / n,
                  (v["b","int8_mul"] - v["a","int8_mul"]) / n }' "$1" "$2"
}

# The classifier's self-test: the loop of classify_test, 1000 more iterations, must add
# exactly 1000 times what one iteration holds, to every count.
counted max "$build/self1.txt" "$build/classify_test" 1000 >/dev/null
counted max "$build/self2.txt" "$build/classify_test" 2000 > "$build/self-expected.txt"
got=$(per_inference "$build/self1.txt" "$build/self2.txt" 1000)
want=$(sed 's/[a-z_0-9]*=//g' "$build/self-expected.txt")
[ "$got" = "$want" ] || {
    echo "plugin self-test failed: one iteration counted as $got, expected $want" >&2
    exit 1
}

# The arm64 root: Debian 13 trixie (base-rootfs.sh's, which also holds yolo-edge's run-time
# libraries), plus python3 and a venv with the pinned wheels. Both peers run on its glibc.
tarball=$(sh system-tests/vm/e2e/base-rootfs.sh arm64)
# shellcheck disable=SC2086  # the pins, one line
ready="rootfs $(basename "$tarball") wheels $(echo $wheels)"
if [ "$(cat "$root/.arm64-bench-ready" 2>/dev/null)" != "$ready" ]; then
    echo "preparing the arm64 root in $root (about 20 minutes, most of it apt and pip under qemu)" >&2
    sh tools/arm64-binfmt.sh
    rm -rf --one-file-system "$root"
    mkdir -p "$root"
    tar -C "$root" -xf "$tarball"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # The host's pip fetches the arm64 wheels (it knows this network's TLS set-up); pip in
    # the root installs them offline.
    rm -rf "$cache/wheels"
    # shellcheck disable=SC2086  # one word per pinned wheel
    python3 -m pip download --disable-pip-version-check -q --only-binary=:all: \
        --platform manylinux_2_27_aarch64 --platform manylinux_2_28_aarch64 \
        --platform manylinux2014_aarch64 --python-version 3.13 --implementation cp --abi cp313 \
        -d "$cache/wheels" $wheels
    # /proc only for the chroot's commands, in a private mount namespace: nothing stays mounted.
    unshare --mount --propagation private sh -c '
        mount -t proc proc "$1/proc" && mount --bind -o ro "$2" "$1/mnt" && exec chroot "$1" \
            env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive \
            sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends \
                       python3 python3-venv >/dev/null &&
                   python3 -m venv /opt/litert &&
                   /opt/litert/bin/pip install --disable-pip-version-check -q --no-index \
                       --find-links /mnt $3"' sh "$root" "$cache/wheels" "$(echo $wheels)" \
        >"$cache/prepare.log" 2>&1 || { tail -n 20 "$cache/prepare.log" >&2; exit 1; }
    echo "$ready" > "$root/.arm64-bench-ready"
fi
site_packages=$(echo "$root"/opt/litert/lib/python3.*/site-packages)

binary=${YOLO_EDGE_ARM64_BINARY:-}
[ -n "$binary" ] || binary=$(packaging/build-release.sh --arch arm64)
binary=$(realpath "$binary")

# QEMU 7.2 passes the host's x86 /proc/cpuinfo through to the guest, and XNNPACK's cpuinfo
# crashes on it (it finds no ARM core there). -L serves the root's files first, so the root
# gets the lines Linux shows on the emulated core: its MIDR fields, as in QEMU's cpu64.c.
# Features come from HWCAP, which qemu sets from -cpu (yolo-edge reads only HWCAP).
write_cpuinfo() {
    local variant part revision i
    case "$1" in
        cortex-a76) variant=0x4 part=0xd0b revision=1 ;;   # MIDR 0x414fd0b1
        cortex-a72) variant=0x0 part=0xd08 revision=3 ;;   # MIDR 0x410fd083
        *) echo "no /proc/cpuinfo known for -cpu $1 (cortex-a76, cortex-a72)" >&2; exit 2 ;;
    esac
    for i in $(seq 0 $(($(nproc --all) - 1))); do
        printf 'processor\t: %d\nCPU implementer\t: 0x41\nCPU architecture: 8\n' "$i"
        printf 'CPU variant\t: %s\nCPU part\t: %s\nCPU revision\t: %s\n\n' "$variant" "$part" "$revision"
    done > "$root/proc/cpuinfo"
}

# row NAME "total sdot smlal int8_mul": one peer's line of the table.
row() {
    read -r total sdot smlal int8 <<< "$2"
    awk -v name="$1" -v t="$total" -v d="$sdot" -v s="$smlal" -v i="$int8" 'BEGIN {
        printf "  %-10s %14.0f %13.0f %5.1f%% %13.0f %5.1f%% %13.0f %5.1f%%\n",
            name, t, d, 100 * d / t, s, 100 * s / t, i, 100 * i / t }'
}

echo "qemu: $(qemu-aarch64 --version | head -n 1), plugin bench/qemu-plugins/insn_count.c"
echo "model: $model, 1 thread, per inference = (count of $((2 * runs)) runs - count of $runs) / $runs"
echo "yolo-edge: $binary"
echo "LiteRT: ${wheels%% *} with XNNPACK, $(basename "$(dirname "$site_packages")") of Debian 13 arm64"
echo "Instruction counts are a proxy for speed, not a measurement of time."
for cpu in $cpus; do
    write_cpuinfo "$cpu"
    for n in "$runs" $((2 * runs)); do
        counted "$cpu" "$build/yolo-edge-$cpu-$n.txt" "$binary" bench --model "$model" \
            --runs "$n" --warmup 0 --threads 1 >"$build/yolo-edge-$cpu-$n.log"
    done
    for n in "$runs" $((2 * runs)); do
        # One OpenBLAS thread (numpy starts one per core otherwise) and a fixed hash seed, so
        # the two runs start up alike; no .pyc written.
        counted "$cpu" "$build/litert-$cpu-$n.txt" -E PYTHONPATH="$site_packages" \
            -E OPENBLAS_NUM_THREADS=1 -E PYTHONHASHSEED=0 -E PYTHONDONTWRITEBYTECODE=1 \
            "$root/usr/bin/python3" bench/litert_bench.py \
            --model "$model" --threads 1 --runs "$n" --warmup 0 \
            >"$build/litert-$cpu-$n.log" 2>&1
        # LiteRT applies XNNPACK by default, and says so; without it this is another peer.
        grep -q 'Created TensorFlow Lite XNNPACK delegate' "$build/litert-$cpu-$n.log" || {
            echo "LiteRT did not create its XNNPACK delegate on $cpu: $build/litert-$cpu-$n.log" >&2
            exit 1
        }
    done
    ours=$(per_inference "$build/yolo-edge-$cpu-$runs.txt" "$build/yolo-edge-$cpu-$((2 * runs)).txt" "$runs")
    theirs=$(per_inference "$build/litert-$cpu-$runs.txt" "$build/litert-$cpu-$((2 * runs)).txt" "$runs")
    echo
    echo "-cpu $cpu, per inference (LiteRT created its XNNPACK delegate)"
    printf '  %-10s %14s %20s %20s %20s\n' "" instructions "SDOT (share)" \
        "SMLAL/SMLAL2 (share)" "int8 mul (share)"
    row yolo-edge "$ours"
    row LiteRT "$theirs"
    awk -v a="${ours%% *}" -v b="${theirs%% *}" \
        'BEGIN { printf "  ratio yolo-edge / LiteRT: %.3f (issue goal: <= 0.8)\n", a / b }'
    if [ "$functions" -gt 0 ]; then
        echo "  yolo-edge's $functions functions with the most instructions per inference:"
        awk -v n="$runs" -v total="${ours%% *}" '
            FNR == NR { before[$2] = $1; next }
            { d = ($1 - before[$2]) / n; if (d > 0) printf "%.0f %.1f %s\n", d, 100 * d / total, $2 }' \
            "$build/yolo-edge-$cpu-$runs.txt.functions" "$build/yolo-edge-$cpu-$((2 * runs)).txt.functions" |
            sort -rn | head -n "$functions" | awk '{ printf "    %14s %5.1f%%  %s\n", $1, $2, $3 }'
    fi
done
