#!/usr/bin/env python3
"""Two daemons on one machine, as two yolo-edge@ instances run them: their frame rates and
their watchdog pings, against one daemon alone.

Each daemon is the release binary with `threads = 1`, reading its own looping `images:`
source (people walking, 30 frames per second offered) and publishing on its own socket. Each
gets a notify socket of its own and WATCHDOG_USEC, as systemd gives a unit with WatchdogSec=,
so every WATCHDOG=1 ping it sends is received and timed here. Three layouts, interleaved over
the rounds, medians reported:

  alone    one daemon
  shared   two daemons, both free to use both cores (the template's default)
  pinned   two daemons, one per core (CPUAffinity=0 and CPUAffinity=1, here through taskset)

For each daemon: frames per second (frames processed over the window, from its status lines),
mean inference time, watchdog pings received and the longest gap between two pings, which
must stay below WATCHDOG_USEC for systemd not to restart it.

Usage: bench/two-instances.sh [--rounds N] [--seconds S]
"""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import bench_arguments  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system-tests", "mqtt"))
from bridge_test import make_video  # noqa: E402

WATCHDOG_USEC = 4_000_000


class Instance:
    """One daemon with its own notify socket; pings and status lines are recorded."""

    def __init__(self, binary, model, source, directory, name, cpu=None):
        self.name = name
        self.socket_path = os.path.join(directory, f"{name}.sock")
        notify_path = os.path.join(directory, f"{name}.notify")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(notify_path)
        self.notify.settimeout(0.2)
        config = os.path.join(directory, f"{name}.toml")
        with open(config, "w") as f:
            f.write("threads = 1\n[health]\nstatus_interval = 1.0\n")
        command = [binary, "run", "--config", config, "--model", model, "--source", source,
                   "--socket", self.socket_path]
        if cpu is not None:
            command = ["taskset", "-c", str(cpu)] + command
        environment = dict(os.environ, NOTIFY_SOCKET=notify_path, WATCHDOG_USEC=str(WATCHDOG_USEC))
        self.log = open(os.path.join(directory, f"{name}.log"), "w")
        self.process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=self.log)
        self.pings = []
        self.ready = threading.Event()
        self.running = True
        self.listener = threading.Thread(target=self._listen, daemon=True)
        self.listener.start()

    def _listen(self):
        while self.running:
            try:
                message = self.notify.recv(4096).decode()
            except socket.timeout:
                continue
            except OSError:
                return
            now = time.monotonic()
            for line in message.splitlines():
                if line == "WATCHDOG=1":
                    self.pings.append(now)
                elif line == "READY=1":
                    self.ready.set()

    def status_lines(self, seconds):
        """The status lines the daemon sends during `seconds`."""
        lines = []
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.socket_path)
            s.settimeout(1)
            reader = s.makefile()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                try:
                    line = reader.readline()
                except (socket.timeout, OSError):
                    continue
                if not line:
                    break
                message = json.loads(line)
                if message.get("type") == "status":
                    lines.append((time.monotonic(), message))
        return lines

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=15)
        self.running = False
        self.listener.join()
        self.notify.close()
        self.log.close()


def measure(instances, seconds):
    """Frames per second, inference ms, pings and the longest ping gap of each instance over
    the same window, after a warm-up."""
    for instance in instances:
        if not instance.ready.wait(60):
            raise RuntimeError(f"{instance.name} never sent READY=1")
    time.sleep(3)
    results = [None] * len(instances)
    started = time.monotonic()

    def run(index, instance):
        lines = instance.status_lines(seconds)
        (t0, first), (t1, last) = lines[0], lines[-1]
        pings = [t for t in instance.pings if t >= started]
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        results[index] = {
            "fps": (last["frames"] - first["frames"]) / (t1 - t0),
            "inference_ms": statistics.mean(message["inference_ms"] for _, message in lines),
            "pings": len(pings),
            "longest_gap_s": max(gaps) if gaps else float("inf"),
        }

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(instances)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main():
    parser = bench_arguments.parser(__doc__, seconds=20)
    args = parser.parse_args()
    cpu = bench_arguments.cpu_name()
    layouts = {"alone": [None], "shared": [None, None], "pinned": [0, 1]}
    figures = {layout: [[] for _ in cpus] for layout, cpus in layouts.items()}
    with tempfile.TemporaryDirectory(prefix="yolo-edge-two-") as directory:
        source = f"images:{make_video(os.path.abspath(args.images), directory)}:loop:fps=30"
        for round_ in range(args.rounds):
            for layout, cpus in layouts.items():
                work = os.path.join(directory, f"{layout}-{round_}")
                os.makedirs(work)
                instances = [Instance(args.binary, args.model, source, work, f"cam{i}", cpu=c) for i, c in enumerate(cpus)]
                try:
                    for index, result in enumerate(measure(instances, args.seconds)):
                        figures[layout][index].append(result)
                        print(f"round {round_ + 1} {layout} cam{index}: " + ", ".join(
                            f"{key} {value:.2f}" for key, value in result.items()), flush=True)
                finally:
                    for instance in instances:
                        instance.stop()
    print(f"\nCPU: {cpu} ({os.cpu_count()} cores); WATCHDOG_USEC {WATCHDOG_USEC}, so a ping every "
          f"{WATCHDOG_USEC / 2e6:.1f} s; medians of {args.rounds} interleaved rounds of {args.seconds:.0f} s")
    failed = False
    for layout, per_instance in figures.items():
        for index, results in enumerate(per_instance):
            median = {key: statistics.median(result[key] for result in results) for key in results[0]}
            worst_gap = max(result["longest_gap_s"] for result in results)
            failed |= worst_gap * 1e6 >= WATCHDOG_USEC
            print(f"{layout:7} cam{index}: {median['fps']:.2f} fps, inference {median['inference_ms']:.1f} ms, "
                  f"{median['pings']:.0f} pings, longest gap {worst_gap:.2f} s (of all rounds)")
    if failed:
        print("FAIL: a daemon went longer than WATCHDOG_USEC without a ping; systemd would restart it")
        sys.exit(1)


if __name__ == "__main__":
    main()
