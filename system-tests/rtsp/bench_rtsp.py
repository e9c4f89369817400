#!/usr/bin/env python3
"""The cost of an RTSP source (bench/rtsp.sh runs this):

(a) CPU per frame of software H.264 decoding at 1280x720: user+sys time of
    `gst-launch-1.0 filesrc ! h264parse ! avdec_h264 max-threads=1 ! fakesink` over an H.264
    stream of N frames, minus the same pipeline without the decoder, divided by N. The stream is
    the test server's pictures (coco128 val images scaled to 1280x720, each held for HOLD frames),
    encoded as the test server does (x264enc tune=zerolatency speed-preset=ultrafast, a key frame
    a second, 2048 kbit/s).
    And the daemon's own CPU per frame (utime+stime from /proc, over a window, divided by the
    frames it processed) with the rtsp:// source at 720p against a raw: source replaying the same
    frames (NV12) at the same rate.
(b) The daemon's memory, VmRSS and VmHWM, with the rtsp:// source (GStreamer loaded) against the
    raw: source (GStreamer never loaded), after the same time.
Rounds are interleaved (rtsp, raw, rtsp, raw, ...); medians are printed.

Usage: bench_rtsp.py BINARY MODEL IMAGES_DIR [--rounds N] [--seconds S] [--frames N]
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import bench_arguments  # noqa: E402
from yolo_daemon import Daemon, wait_until  # noqa: E402
from servers import IMAGES, SERVER, SYSTEM_PYTHON, RTSPServer, free_port  # noqa: E402

FPS, HOLD = 15, 15
WIDTH, HEIGHT = 1280, 720
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds_of_children(command):
    """user+sys CPU seconds of a command, from its rusage."""
    before = os.times()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def status(binary, daemon):
    out = subprocess.run([binary, "status", "--socket", daemon.socket, "--json"], capture_output=True, text=True,
                         timeout=10).stdout
    return json.loads(out)


def make_streams(images, work, frames):
    """raw.nv12: `frames` frames (the images in turn, HOLD frames each); stream.h264: the same,
    encoded as the test server encodes."""
    pictures = os.path.join(work, "pictures")
    subprocess.run([SYSTEM_PYTHON, SERVER, "--write-frames", pictures, "--size", f"{WIDTH}x{HEIGHT}", *images],
                   check=True, capture_output=True)
    raw = os.path.join(work, "raw.nv12")
    names = [os.path.splitext(os.path.basename(p))[0] for p in images]
    with open(raw, "wb") as out:
        for n in range(frames):
            with open(os.path.join(pictures, f"{names[(n // HOLD) % len(names)]}.nv12"), "rb") as f:
                out.write(f.read())
    h264 = os.path.join(work, "stream.h264")
    subprocess.run(["gst-launch-1.0", "-q", "filesrc", f"location={raw}", "!", "rawvideoparse", "format=nv12",
                    f"width={WIDTH}", f"height={HEIGHT}", f"framerate={FPS}/1", "!", "videoconvert", "!",
                    "video/x-raw,format=I420", "!", "x264enc", "tune=zerolatency", "speed-preset=ultrafast",
                    f"key-int-max={FPS}", "!", "video/x-h264,profile=constrained-baseline", "!", "h264parse", "!",
                    "video/x-h264,stream-format=byte-stream", "!", "filesink", f"location={h264}"],
                   check=True)
    return raw, h264


def decode_cost(h264, frames, rounds):
    decode = ["gst-launch-1.0", "-q", "filesrc", f"location={h264}", "!", "h264parse", "!", "avdec_h264",
              "max-threads=1", "!", "fakesink"]
    parse = ["gst-launch-1.0", "-q", "filesrc", f"location={h264}", "!", "h264parse", "!", "fakesink"]
    with_decoder, without = [], []
    for _ in range(rounds):
        with_decoder.append(cpu_seconds_of_children(decode))
        without.append(cpu_seconds_of_children(parse))
    d, p = statistics.median(with_decoder), statistics.median(without)
    return {"frames": frames, "decode_pipeline_cpu_s": [round(v, 3) for v in with_decoder],
            "parse_only_cpu_s": [round(v, 3) for v in without],
            "decode_ms_per_frame": round((d - p) / frames * 1000, 3)}


def daemon_round(binary, model, source, work, name, seconds):
    daemon = Daemon(binary, work, model, source, "[health]\nstatus_interval = 1\n[tracking]\nenabled = false\n",
                    name=name).start()
    try:
        if not wait_until(lambda: status(binary, daemon)["frames"] > FPS, 30, interval=0.5):
            raise RuntimeError(f"{name}: no frames:\n{daemon.log_text()}")
        time.sleep(3)  # warm
        s0, c0, t0 = status(binary, daemon), process_cpu(daemon.process.pid), time.monotonic()
        time.sleep(seconds)
        s1, c1, t1 = status(binary, daemon), process_cpu(daemon.process.pid), time.monotonic()
        memory = daemon.memory_kib()
        frames = s1["frames"] - s0["frames"]
        return {"cpu_ms_per_frame": (c1 - c0) / frames * 1000, "fps": frames / (t1 - t0),
                "cpu_percent": (c1 - c0) / (t1 - t0) * 100, "vmrss_kib": memory["VmRSS"], "vmhwm_kib": memory["VmHWM"],
                "state": s1["camera"]["state"]}
    finally:
        daemon.stop()


def main():
    parser = bench_arguments.parser(__doc__, seconds=15)
    parser.add_argument("--frames", type=int, default=300, help="frames of the H.264 stream timed for decoding")
    args = parser.parse_args()
    cpu = bench_arguments.cpu_name()
    print(f"CPU: {cpu}, {os.cpu_count()} cores; binary {args.binary}")
    images = [os.path.join(os.path.abspath(args.images), name) for name in IMAGES]
    result = {"cpu": cpu}
    with tempfile.TemporaryDirectory(prefix="yolo-edge-rtsp-bench-") as work:
        raw, h264 = make_streams(images, work, args.frames)
        result["decode"] = decode_cost(h264, args.frames, args.rounds)
        print(f"(a) avdec_h264 max-threads=1, {WIDTH}x{HEIGHT}, {args.frames} frames ({os.path.getsize(h264)} bytes): "
              f"{result['decode']['decode_ms_per_frame']} ms CPU per frame "
              f"(decode pipeline {result['decode']['decode_pipeline_cpu_s']} s, "
              f"parse only {result['decode']['parse_only_cpu_s']} s)", flush=True)
        server = RTSPServer(work, images, free_port(), fps=FPS, hold=HOLD).start()
        rounds = {"rtsp": [], "raw": []}
        try:
            sources = {"rtsp": server.url("/hd"), "raw": f"raw:{raw}:{WIDTH}x{HEIGHT}:nv12:loop:fps={FPS}"}
            for r in range(args.rounds):
                for kind in ("rtsp", "raw"):
                    one = daemon_round(args.binary, args.model, sources[kind], work, f"{kind}-{r}", args.seconds)
                    rounds[kind].append(one)
                    print(f"round {r + 1} {kind}: {one['cpu_ms_per_frame']:.2f} ms CPU per frame at {one['fps']:.1f} fps "
                          f"({one['cpu_percent']:.0f} % of a core), VmRSS {one['vmrss_kib'] / 1024:.2f} MiB, "
                          f"VmHWM {one['vmhwm_kib'] / 1024:.2f} MiB", flush=True)
        finally:
            server.stop()
    for kind in ("rtsp", "raw"):
        result[kind] = {key: round(statistics.median(r[key] for r in rounds[kind]), 2)
                        for key in ("cpu_ms_per_frame", "fps", "cpu_percent", "vmrss_kib", "vmhwm_kib")}
    rtsp, rawm = result["rtsp"], result["raw"]
    print(f"medians of {args.rounds} interleaved rounds of {args.seconds:.0f} s, {WIDTH}x{HEIGHT} at {FPS} fps, 2 threads:")
    print(f"  daemon CPU per frame: rtsp {rtsp['cpu_ms_per_frame']:.2f} ms, raw {rawm['cpu_ms_per_frame']:.2f} ms, "
          f"difference {rtsp['cpu_ms_per_frame'] - rawm['cpu_ms_per_frame']:.2f} ms")
    print(f"  VmRSS: rtsp {rtsp['vmrss_kib'] / 1024:.2f} MiB, raw {rawm['vmrss_kib'] / 1024:.2f} MiB, "
          f"difference {(rtsp['vmrss_kib'] - rawm['vmrss_kib']) / 1024:.2f} MiB")
    print(f"  VmHWM: rtsp {rtsp['vmhwm_kib'] / 1024:.2f} MiB, raw {rawm['vmhwm_kib'] / 1024:.2f} MiB, "
          f"difference {(rtsp['vmhwm_kib'] - rawm['vmhwm_kib']) / 1024:.2f} MiB")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
