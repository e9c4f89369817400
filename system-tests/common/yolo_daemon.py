"""The yolo-edge daemon as a process (with a systemd notify socket of the test's own, so the
watchdog pings can be timed), and a socket client of it that records what arrives: shared by
the system tests (system-tests/mqtt, system-tests/rtsp) and the benchmarks that start daemons."""

import json
import os
import signal
import socket
import subprocess
import threading
import time


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class NotifySocket:
    """What systemd's NOTIFY_SOCKET receives: (time, message) per datagram."""

    def __init__(self, path):
        self.path = path
        self.messages = []
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            with self.lock:
                self.messages.append((time.monotonic(), data.decode(errors="replace")))

    def times(self, word):
        with self.lock:
            return [t for t, m in self.messages if word in m.split("\n")]

    def close(self):
        self.sock.close()


class Daemon:
    """`yolo-edge run` with a config written here; its stderr is kept in a file. With
    `watchdog_usec`, it runs under a notify socket with that WATCHDOG_USEC, as under systemd."""

    def __init__(self, binary, directory, model, source, config="", name="daemon", watchdog_usec=None):
        self.directory = directory
        self.socket = os.path.join(directory, f"{name}.sock")
        self.config = os.path.join(directory, f"{name}.toml")
        self.log = os.path.join(directory, f"{name}.log")
        with open(self.config, "w") as f:
            f.write(config)
        self.command = [binary, "run", "--config", self.config, "--model", model, "--source", source,
                        "--socket", self.socket, "--threads", "2"]
        self.env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
        self.notify = None
        if watchdog_usec:
            self.notify = NotifySocket(os.path.join(directory, f"{name}.notify"))
            self.env.update(NOTIFY_SOCKET=self.notify.path, WATCHDOG_USEC=str(watchdog_usec))
        self.process = None

    def start(self, wait=True, timeout=30):
        self.log_file = open(self.log, "w")
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=self.log_file, env=self.env)
        if wait and not wait_until(lambda: self.hello() is not None, timeout, interval=0.2):
            raise RuntimeError(f"the daemon did not serve its socket; log:\n{self.log_text()}")
        return self

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def hello(self):
        """The first line on the socket, or None if it does not answer yet."""
        if self.process.poll() is not None:
            raise RuntimeError(f"the daemon exited {self.process.returncode}; log:\n{self.log_text()}")
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(2)
                s.connect(self.socket)
                return json.loads(s.makefile().readline())
        except (OSError, ValueError):
            return None

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Returns how long the daemon took to exit (kill -9 after `timeout`)."""
        started = time.monotonic()
        if self.process is None:
            return 0.0
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        took = time.monotonic() - started
        if not self.log_file.closed:
            self.log_file.close()
        if self.notify:
            self.notify.close()
        return took

    def rss_bytes(self):
        return self.memory_kib()["VmRSS"] * 1024

    def memory_kib(self):
        """VmRSS and VmHWM in KiB."""
        values = {}
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    values[line.split(":")[0]] = int(line.split()[1])
        return values

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def log_lines(self, *words):
        """Log lines that contain every one of `words` (case-insensitive)."""
        return [line for line in self.log_text().splitlines() if all(w.lower() in line.lower() for w in words)]


class SocketReader:
    """Reads the daemon's socket on a thread: every line, parsed, with the time it came."""

    def __init__(self, path, request=None):
        self.lines = []
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        if request:
            self.sock.sendall((request + "\n").encode())
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for line in self.sock.makefile(errors="replace"):
                with self.lock:
                    self.lines.append((time.monotonic(), json.loads(line)))
        except (OSError, ValueError):
            pass

    def timed(self, kind):
        with self.lock:
            return [(t, message) for t, message in self.lines if message.get("type") == kind]

    def of_type(self, kind):
        return [message for _, message in self.timed(kind)]

    def latest(self, kind):
        found = self.of_type(kind)
        return found[-1] if found else None

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
