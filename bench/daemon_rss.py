#!/usr/bin/env python3
"""The daemon's memory as users run it: `yolo-edge run` at 640 with the model loaded, a `raw:`
640x480 NV12 source looping at 30 frames per second, 2 inference threads and 5 clients
connected, against `yolo-edge bench` on the same model in the same round.

Reports per round, and the median of rounds: the daemon's VmHWM (peak RSS) and VmRSS after
--seconds, `bench`'s peak RSS, and where the daemon's resident pages are (/proc/PID/smaps):
the binary's own file pages, shared libraries, the heap, thread stacks and other anonymous
memory (mmap'ed buffers: the engine's arena and weights among them), with the number of
threads, beside the same for `bench` in the middle of its runs.

Usage: bench/daemon-rss.sh [--rounds N] [--seconds S] [--config TOML]   (\\n in TOML for a newline)
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import bench_arguments  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system-tests", "common"))
from yolo_daemon import Daemon, SocketReader  # noqa: E402

WIDTH, HEIGHT, FRAMES, CLIENTS = 640, 480, 30, 5
MIB = 1024 * 1024


def make_frames(path):
    """FRAMES NV12 frames of a moving gradient: content does not change what is allocated."""
    with open(path, "wb") as f:
        for frame in range(FRAMES):
            luma = bytes((x + 4 * frame) & 0xFF for x in range(WIDTH)) * HEIGHT
            f.write(luma + bytes([128]) * (WIDTH * HEIGHT // 2))


def mappings(pid):
    """Each mapping of /proc/PID/smaps: its name (path, [heap], [stack] or ''), size and resident KiB."""
    result = []
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):
                start, end = (int(x, 16) for x in fields[0].split("-"))
                result.append([fields[5] if len(fields) > 5 else "", (end - start) // 1024, 0])
            elif fields[0] == "Rss:":
                result[-1][2] = int(fields[1])
    return result


STACK_KIB = (2048, 8192)  # a thread's stack: 2 MiB as ProcessMemory caps it, 8 MiB before that


def breakdown(pid, binary):
    """Resident MiB by kind. Thread stacks are the unnamed mappings of a stack's exact size."""
    kinds = {"binary": 0, "libraries": 0, "heap": 0, "stacks": 0, "other anonymous": 0}
    real_binary = os.path.realpath(binary)
    for name, size, rss in mappings(pid):
        if name == real_binary:
            kinds["binary"] += rss
        elif name.startswith("/"):
            kinds["libraries"] += rss
        elif name == "[heap]":
            kinds["heap"] += rss
        elif name == "[stack]" or (name == "" and size in STACK_KIB):
            kinds["stacks"] += rss
        else:
            kinds["other anonymous"] += rss
    threads = len(os.listdir(f"/proc/{pid}/task"))
    return {k: v / 1024 for k, v in kinds.items()}, threads


def drop_cached(binary):
    """Drops the binary's pages from the page cache, as after a reboot: pages a fresh build
    or a copy left cached sit in large folios and read higher (bench/peak-rss.sh does the same)."""
    subprocess.run(["dd", f"if={binary}", "iflag=nocache", "count=0", "status=none"], check=True)


def bench_round(binary, model):
    """`bench`'s peak RSS, and its resident pages by kind in the middle of its runs."""
    drop_cached(binary)
    process = subprocess.Popen([binary, "bench", "--model", model, "--runs", "300", "--json"],
                               stdout=subprocess.PIPE, text=True)
    time.sleep(3)
    kinds, _ = breakdown(process.pid, binary)
    output, _ = process.communicate()
    return json.loads(output)["peak_rss_bytes"] / MIB, kinds


def daemon_round(binary, model, frames, seconds, directory, config):
    drop_cached(binary)
    source = f"raw:{frames}:{WIDTH}x{HEIGHT}:nv12:loop:fps=30"
    daemon = Daemon(binary, directory, model, source, config="[health]\nstatus_interval = 1\n" + config).start()
    readers = [SocketReader(daemon.socket) for _ in range(CLIENTS)]
    try:
        time.sleep(seconds)
        memory = daemon.memory_kib()
        kinds, threads = breakdown(daemon.process.pid, binary)
        frames_seen = min(len(r.of_type("detections")) for r in readers)
        hello = readers[0].of_type("hello")[0]
    finally:
        for reader in readers:
            reader.close()
        daemon.stop()
    return memory["VmHWM"] / 1024, memory["VmRSS"] / 1024, kinds, threads, frames_seen, hello


def main():
    parser = bench_arguments.parser(__doc__, seconds=20)
    parser.set_defaults(images="")
    parser.add_argument("--config", default="", help="more of the daemon's config, e.g. '[snapshots]\\nenabled = false'")
    arguments = parser.parse_args()
    print(f"CPU: {bench_arguments.cpu_name()}")
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        frames = os.path.join(directory, "frames.nv12")
        make_frames(frames)
        for round_number in range(1, arguments.rounds + 1):
            peak, rss, kinds, threads, seen, hello = daemon_round(
                arguments.binary, arguments.model, frames, arguments.seconds, directory,
                arguments.config.replace("\\n", "\n"))
            bench, bench_kinds = bench_round(arguments.binary, arguments.model)
            rows.append((peak, rss, bench, kinds, bench_kinds))
            parts = ", ".join(f"{k} {v:.2f}" for k, v in kinds.items())
            print(f"round {round_number}: daemon VmHWM {peak:.2f} MiB, VmRSS {rss:.2f} MiB ({parts}; "
                  f"{threads} threads; {seen} frames to each of {CLIENTS} clients; input "
                  f"{hello.get('input_width')}x{hello.get('input_height')}); bench peak {bench:.2f} MiB")
    median = lambda values: statistics.median(values)  # noqa: E731
    print(f"median of {len(rows)} rounds: daemon VmHWM {median([r[0] for r in rows]):.2f} MiB, "
          f"VmRSS {median([r[1] for r in rows]):.2f} MiB, bench peak {median([r[2] for r in rows]):.2f} MiB")
    print("resident MiB by kind, medians: daemon, bench, difference")
    for kind in rows[0][3]:
        daemon, bench = median([r[3][kind] for r in rows]), median([r[4][kind] for r in rows])
        print(f"  {kind:16} {daemon:6.2f} {bench:6.2f} {daemon - bench:+6.2f}")


if __name__ == "__main__":
    main()
