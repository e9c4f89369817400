#!/usr/bin/env python3
"""Fuzzes yolo-edge's command line and config file: every command with random and extreme
values for each option, and configs with extreme values for each key.

A run passes when every invocation ends by exit, never by a signal of its own, with one of the
exit codes yolo-edge documents (0 success, 1 failure, 64 an invalid option value, 78 a
configuration or model problem), and, when it fails, with a message and no crash report. An
invocation still busy after its time (a daemon that started, a benchmark of many runs) gets
SIGTERM and must then end within five seconds. Bounded: a fixed number of invocations,
seeded, about two minutes.

Usage: system-tests/fuzz/cli_fuzz.py BINARY MODEL [--count N] [--seed S]
"""
import argparse
import concurrent.futures
import os
import random
import signal
import subprocess
import sys
import tempfile

ALLOWED = {0, 1, 64, 78}
CRASH_MARKS = ("Fatal error", "Stack dump", "failed to allocate", "Illegal instruction", "Segmentation fault",
               "Current stack trace", "💣")

def extremes(work):
    """Values that have broken parsers elsewhere: numbers at and past every bound, special
    files, paths that are not what they claim, text that is not text."""
    fifo = os.path.join(work, "fifo.jpg")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    sparse = os.path.join(work, "huge.jpg")
    with open(sparse, "wb") as f:
        f.truncate(30 << 30)
    return ["", "0", "-1", "1", "2", "31", "32", "33", "64", "255", "256", "257", "1000", "1001", "2048", "2080",
            "65535", "4294967296", "999999999999", "99999999999999999999999", "-99999999999999999999",
            "0.0", "1.0", "0.5", "1e-300", "1e308", "1e309", "-0.0", "nan", "inf", "-inf", "0x10", "1_000",
            " 5", "5 ", "١٢", "x" * 5000, "\u00e9\u2603", "..", "/", "/dev/zero", "/dev/null", "/dev/full",
            fifo, sparse, work, "640x480", "0x0", "65535x65535", "8193x2", "-1x-1", "99999999999x9",
            "raw:/dev/zero:65535x65535:yuyv", f"raw:{fifo}:640x480:yuyv", f"images:{work}", "images:",
            "yuyv", "mjpeg", "FOUR", "tflite", "minmax", "percentile", "entropy", "mse", "per-tensor",
            "rtsp://", "rtsp://@/x", "rtsp://u:p@127.0.0.1:1/x", "rtsps://[::1]:1/x", "gst:", "gst:!", "gst:fakesrc",
            "gst:videotestsrc num-buffers=2", 'gst:videotestsrc ! "', "libcamera:", "libcamera:1x1", "csi:::",
            "libcamera:x:99999x2", "auto", "tcp", "udp", "h264", "h265"]

# Each command with its options (None: a flag without a value) and the arguments it needs to
# get as far as its options' checks.
COMMANDS = {
    "detect": (["--threads", "--size", "--conf", "--iou", "--max-det", "--source", "--frames", "--timeout",
                "--multi-label", "--json", "--no-tracking", "--track-low-score", "--annotate"],
               lambda m, w: ["--model", m, os.path.join(w, "none.jpg")]),
    "eval": (["--threads", "--conf", "--iou", "--max-det", "--images", "--labels", "--detections", "--json",
              "--per-class"], lambda m, w: ["--model", m, "--images", w, "--labels", w]),
    "inspect": (["--threads", "--model", "--tensors", "--steps", "--plan"], lambda m, w: ["--model", m]),
    "bench": (["--threads", "--runs", "--warmup", "--model", "--json"], lambda m, w: ["--model", m, "--runs", "1"]),
    "convert": (["--size", "--method", "--percentile", "--calib-count", "--calib", "-o"],
                lambda m, w: [m, "-o", os.path.join(w, "out.yem")]),
    "capture": (["--source", "--frames", "--size", "--format", "--fps", "--json"], lambda m, w: ["--source", "/dev/video99"]),
    "run": (["--config", "--source", "--model", "--socket", "--size", "--threads"],
            lambda m, w: ["--config", "/dev/null", "--socket", os.path.join(w, "s.sock"), "--model", m,
                          "--source", "/dev/video99"]),
    "watch": (["--socket", "--classes", "--min-score", "--events", "--zones"],
              lambda m, w: ["--socket", os.path.join(w, "none.sock")]),
    "snapshot": (["--socket", "--output"], lambda m, w: ["--socket", os.path.join(w, "none.sock"), "-o", os.path.join(w, "s.jpg")]),
    "status": (["--socket"], lambda m, w: ["--socket", os.path.join(w, "none.sock")]),
    "purge-discovery": (["--socket"], lambda m, w: ["--socket", os.path.join(w, "none.sock")]),
}

CONFIG_KEYS = ["model", "size", "threads", "log_level", "detection.confidence",
               "detection.iou", "detection.max_detections", "clients.queue_length", "clients.stall_timeout",
               "clients.max_clients", "health.status_interval", "health.watchdog_interval",
               "tracking.enabled", "tracking.low_score", "tracking.match_iou", "tracking.low_match_iou",
               "tracking.confirm_frames", "tracking.lost_frames", "tracking.max_tracks", "snapshots.enabled",
               "snapshots.quality", "snapshots.event_directory", "snapshots.max_files", "snapshots.max_bytes",
               "mqtt.enabled", "mqtt.host", "mqtt.port", "mqtt.client_id", "mqtt.topic_prefix", "mqtt.username",
               "mqtt.password_file", "mqtt.tls", "mqtt.ca_file", "mqtt.qos", "mqtt.keepalive", "mqtt.queue_length",
               "mqtt.frame_interval", "mqtt.snapshots", "mqtt.discovery", "mqtt.discovery_prefix",
               "http.enabled", "http.listen", "http.allow_remote", "stream.credentials_file",
               "stream.frame_timeout", "stream.latency", "stream.transport", "stream.codec"]

FLAGS = ("--json", "--multi-label", "--tensors", "--steps", "--plan", "--per-class", "--no-tracking", "--events")


def zone_table(rng, values):
    """A [[zones]] or [[lines]] table with random, often broken, geometry and keys."""
    def number():
        return rng.choice([str(rng.uniform(-0.5, 1.5)), str(rng.random()), rng.choice(values) or "0"])

    def point():
        return f"[{toml_value(number())}, {toml_value(number())}]"

    kind = rng.choice(["zones", "lines"])
    entries = [f"name = {toml_value(rng.choice(['a', 'b', '', rng.choice(values)]))}"]
    if kind == "zones":
        entries.append("polygon = [" + ", ".join(point() for _ in range(rng.randint(0, 12))) + "]")
        keys = ["classes", "min_score", "anchor", "enter_frames", "leave_frames", "colour"]
    else:
        entries += [f"start = {point()}", f"end = {point()}"]
        keys = ["classes", "min_score", "anchor", "direction"]
    for key in rng.sample(keys, rng.randint(0, 3)):
        value = rng.choice(values)
        entries.append(f"{key} = " + (f"[{toml_value(value)}]" if key == "classes" and rng.random() < 0.5 else toml_value(value)))
    return f"[[{kind}]]\n" + "\n".join(entries) + "\n"


def toml_value(text):
    try:
        float(text)
        return text if text not in ("nan", "inf", "-inf") else text
    except ValueError:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(binary, arguments, busy_for):
    """Runs yolo-edge; one still running after `busy_for` seconds gets SIGTERM, after which it
    must end within five seconds (exit 0, or the signal's default action for a command that
    does not trap it)."""
    process = subprocess.Popen([binary] + arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = process.communicate(timeout=busy_for)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        try:
            _, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None, "did not stop on SIGTERM"
        if process.returncode == -signal.SIGTERM:
            return 0, err.decode("utf-8", "replace")
    return process.returncode, err.decode("utf-8", "replace")


def judge(code, err):
    if code is None:
        return err
    if code < 0:
        return f"killed by signal {-code}"
    if code not in ALLOWED:
        return f"exit code {code}"
    if code != 0 and not err.strip():
        return "failed without a message"
    for mark in CRASH_MARKS:
        if mark in err:
            return f"crash report ({mark})"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("model")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    failures = []
    passed = 0
    with tempfile.TemporaryDirectory(prefix="ye-fuzz-") as work:
        values = extremes(work)
        names = sorted(COMMANDS)
        invocations = []
        for index in range(options.count):
            if index % 5 == 4:
                # A config file with one to three extreme keys.
                config = os.path.join(work, f"fuzz-{index}.toml")
                lines = {}
                for key in rng.sample(CONFIG_KEYS, rng.randint(1, 3)):
                    section, _, name = key.rpartition(".")
                    lines.setdefault(section, []).append(f"{name} = {toml_value(rng.choice(values))}")
                with open(config, "w", encoding="utf-8", errors="surrogateescape") as f:
                    for section, entries in lines.items():
                        if section:
                            f.write(f"[{section}]\n")
                        f.write("\n".join(entries) + "\n")
                    for _ in range(rng.choice([0, 0, 1, 2])):
                        f.write(zone_table(rng, values))
                # The socket and source always come from the flags, so that nothing outside
                # the work folder is touched; the model, half the time from the config.
                arguments = ["run", "--config", config, "--socket", os.path.join(work, f"c-{index}.sock"),
                             "--source", "/dev/video99"]
                if rng.random() < 0.5:
                    arguments += ["--model", options.model]
            else:
                command = rng.choice(names)
                flags, base = COMMANDS[command]
                arguments = [command] + base(options.model, work)
                for flag in rng.sample(flags, rng.randint(1, min(3, len(flags)))):
                    arguments += [flag] if flag in FLAGS else [flag, rng.choice(values)]
            invocations.append(arguments)
        # Four at a time: most of a run's time is waiting (a daemon runs its 3 s), so the
        # invocations, made in order from the seed, overlap without changing what each does.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            outcomes = pool.map(
                lambda arguments: run(options.binary, arguments, busy_for=3 if arguments[0] == "run" else 8),
                invocations)
            for arguments, (code, err) in zip(invocations, outcomes):
                problem = judge(code, err)
                if problem:
                    failures.append((arguments, problem, err.strip().splitlines()[-3:] if code is not None else []))
                else:
                    passed += 1
    for arguments, problem, tail in failures:
        shown = " ".join(a if len(a) < 60 else a[:57] + "..." for a in arguments)
        print(f"FAIL {problem}: yolo-edge {shown}")
        for line in tail:
            print(f"     {line}")
    print(f"cli fuzz: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
