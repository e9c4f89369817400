"""The test RTSP server (server.py, run by Debian's /usr/bin/python3 for its GStreamer bindings)
as a process the tests start, kill and restart, and the reference detections on the exact
frames it encodes."""

import json
import os
import signal
import socket
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
SYSTEM_PYTHON = "/usr/bin/python3"
# coco128 val images with several objects of different classes (people, furniture, animals,
# vehicles), shown in turn by the server.
IMAGES = ["000000000139.jpg", "000000000785.jpg", "000000000872.jpg", "000000000885.jpg",
          "000000001532.jpg", "000000002153.jpg", "000000003156.jpg", "000000005193.jpg"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RTSPServer:
    """server.py on a loopback port; its stdout lines are kept with the time they came."""

    def __init__(self, directory, images, port, fps=15, hold=15, user=None, password=None, silent=False, extra=()):
        self.directory, self.port = directory, port
        self.command = [SYSTEM_PYTHON, SERVER, *images, "--port", str(port), "--fps", str(fps), "--hold", str(hold),
                        *extra]
        if user:
            self.command += ["--user", user, "--password", password]
        if silent:
            self.command.append("--silent")
        self.process = None
        self.lines = []
        self.lock = threading.Lock()
        self.listening_at = None
        self.starts = 0

    def start(self, timeout=60):
        self.starts += 1
        self.log = open(os.path.join(self.directory, f"server-{self.port}-{self.starts}.log"), "w")
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=self.log, text=True)
        listening = threading.Event()

        def read(process):
            for line in process.stdout:
                with self.lock:
                    self.lines.append((time.monotonic(), line.strip()))
                if line.startswith("listening"):
                    self.listening_at = time.monotonic()
                    listening.set()

        threading.Thread(target=read, args=(self.process,), daemon=True).start()
        if not listening.wait(timeout):
            self.stop()
            raise RuntimeError(f"the RTSP server did not listen on {self.port}: {self.output()}")
        return self

    def url(self, mount, credentials=None):
        who = f"{credentials}@" if credentials else ""
        return f"rtsp://{who}127.0.0.1:{self.port}{mount}"

    def count(self, word):
        with self.lock:
            return sum(1 for _, line in self.lines if line.split()[:1] == [word])

    def output(self):
        with self.lock:
            return "\n".join(line for _, line in self.lines)

    def kill(self):
        """kill -9: the server vanishes without a word to its clients."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process:
            self.log.close()
        self.process = None


def reference_detections(binary, model, images, size, directory, threads=2):
    """`yolo-edge detect` on the exact frames the server encodes for each image at `size`
    (WIDTHxHEIGHT), read as raw NV12 through the daemon's own frame conversion (`raw:`),
    with the daemon's defaults (confidence 0.25, NMS IoU 0.45), without tracking.
    Returns one list of detections per image, in order."""
    frames = os.path.join(directory, f"reference-{size}")
    subprocess.run([SYSTEM_PYTHON, SERVER, "--write-frames", frames, "--size", size, *images], check=True,
                   capture_output=True)
    result = []
    for path in images:
        name = os.path.splitext(os.path.basename(path))[0]
        out = subprocess.run([binary, "detect", "--model", model, "--source", f"raw:{frames}/{name}.nv12:{size}:nv12",
                              "--frames", "1", "--no-tracking", "--json", "--iou", "0.45", "--threads", str(threads)],
                             capture_output=True, text=True, check=True).stdout
        result.append(json.loads(out.splitlines()[0])["detections"])
    return result
