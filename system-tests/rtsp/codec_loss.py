#!/usr/bin/env python3
"""How much the test server's H.264 moves yolo-edge's boxes, without the daemon: the test
server's stream is decoded by gst-launch-1.0 (rtspsrc, rtph264depay, avdec_h264) into raw NV12
frames, `yolo-edge detect --source raw:` runs on each decoded frame and on the exact frame the
server encoded, and the boxes are matched by class and IoU (boxes.py). This is the codec's
loss alone: the bound rtsp_test.py puts on the daemon's boxes was chosen from it.

Usage: codec_loss.py BINARY MODEL IMAGES_DIR [--size 640x480|1280x720] [--frames N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boxes  # noqa: E402
from servers import IMAGES, RTSPServer, free_port, reference_detections  # noqa: E402


def detect_raw(binary, model, path, size, frames):
    width, height = (int(v) for v in size.split("x"))
    frames = min(frames, os.path.getsize(path) // (width * height * 3 // 2))
    done = subprocess.run([binary, "detect", "--model", model, "--source", f"raw:{path}:{size}:nv12", "--frames",
                          str(frames), "--no-tracking", "--json", "--iou", "0.45", "--threads", "2"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"detect failed on {frames} decoded frames: {done.stderr}")
    out = done.stdout
    return [json.loads(line)["detections"] for line in out.splitlines()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("model")
    parser.add_argument("images")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--hold", type=int, default=15)
    parser.add_argument("--quantizer", type=int, default=0)
    args = parser.parse_args()
    mount = {"640x480": "/vga", "1280x720": "/hd"}[args.size]
    with tempfile.TemporaryDirectory(prefix="yolo-edge-codec-") as work:
        images = [os.path.join(args.images, name) for name in IMAGES]
        reference = reference_detections(args.binary, args.model, images, args.size, work)
        server = RTSPServer(work, images, free_port(), fps=15, hold=args.hold,
                              extra=["--quantizer", str(args.quantizer)] if args.quantizer else []).start()
        try:
            decoded = os.path.join(work, "decoded.nv12")
            started = time.monotonic()
            subprocess.run(["gst-launch-1.0", "-q", "rtspsrc", f"location={server.url(mount)}", "!", "rtph264depay", "!",
                            "h264parse", "!", "avdec_h264", "!", "videoconvert", "!", "video/x-raw,format=NV12", "!",
                            "identity", f"eos-after={args.frames}", "!", "filesink", f"location={decoded}"],
                           check=True, timeout=60)
            print(f"decoded {args.frames} frames in {time.monotonic() - started:.1f} s")
        finally:
            server.stop()
        found = detect_raw(args.binary, args.model, decoded, args.size, args.frames)
    if os.environ.get("PER_FRAME"):
        for n, detections in enumerate(found):
            image = (n // args.hold) % len(images)
            m = boxes.match(reference[image], detections, 0.5)
            print(n, IMAGES[image], " ".join(f"{r['label']}:{v:.2f}" for r, v in m))
    for min_score in (0.25, 0.5):
        ious, worst = [], (1.0, None)
        for n, detections in enumerate(found):
            image = (n // args.hold) % len(images)
            for ref, overlap in boxes.match(reference[image], detections, min_score):
                ious.append(overlap)
                if overlap < worst[0]:
                    worst = (overlap, f"frame {n} {IMAGES[image]} {ref['label']} {ref['score']:.2f}")
        print(f"{args.size} score>={min_score}: {len(ious)} boxes, mean IoU {sum(ious) / len(ious):.4f}, "
              f"median {boxes.percentile(ious, 0.5):.4f}, p5 {boxes.percentile(ious, 0.05):.4f}, "
              f"IoU>=0.5 {sum(1 for v in ious if v >= 0.5) / len(ious):.4f}, min {worst[0]:.4f} ({worst[1]}), "
              f"unmatched {sum(1 for v in ious if v == 0)}")


if __name__ == "__main__":
    sys.exit(main())
