"""The yolo-edge daemon as a process, a socket client of it, and an MQTT subscriber (paho-mqtt)
that records what arrives."""

import json
import os
import signal
import socket
import subprocess
import threading
import time

import paho.mqtt.client as mqtt


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class Daemon:
    """`yolo-edge run` with a config written here; its stderr is kept in a file."""

    def __init__(self, binary, directory, model, source, config="", name="daemon"):
        self.directory = directory
        self.socket = os.path.join(directory, f"{name}.sock")
        self.config = os.path.join(directory, f"{name}.toml")
        self.log = os.path.join(directory, f"{name}.log")
        with open(self.config, "w") as f:
            f.write(config)
        self.command = [binary, "run", "--config", self.config, "--model", model, "--source", source,
                        "--socket", self.socket, "--threads", "2"]
        self.process = None

    def start(self, wait=True):
        self.log_file = open(self.log, "w")
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=self.log_file)
        if wait and not wait_until(lambda: self.hello() is not None, 30, interval=0.2):
            raise RuntimeError(f"the daemon did not serve its socket; log:\n{self.log_text()}")
        return self

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
        """Returns how long the daemon took to exit."""
        started = time.monotonic()
        if self.process is None:
            return 0.0
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=timeout)
        self.log_file.close()
        return time.monotonic() - started

    def rss_bytes(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()


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
        for line in self.sock.makefile(errors="replace"):
            with self.lock:
                self.lines.append((time.monotonic(), json.loads(line)))

    def of_type(self, kind):
        with self.lock:
            return [message for _, message in self.lines if message.get("type") == kind]

    def close(self):
        self.sock.close()


class Subscriber:
    """A paho-mqtt client subscribed to `topics`, recording (time, topic, payload, retain)."""

    def __init__(self, port, topics, username=None, password=None, client_id=None):
        self.messages = []
        self.lock = threading.Lock()
        self.connected = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id or f"test-{time.monotonic_ns()}")
        if username:
            self.client.username_pw_set(username, password)
        self.topics = topics
        self.client.on_connect = self._connected
        self.client.on_message = self._message
        self.client.connect("127.0.0.1", port, keepalive=10)
        self.client.loop_start()
        if not self.connected.wait(10):
            raise RuntimeError("the test subscriber could not connect to the broker")

    def _connected(self, client, userdata, flags, reason, properties):
        for topic in self.topics:
            client.subscribe(topic, qos=1)
        self.connected.set()

    def _message(self, client, userdata, message):
        with self.lock:
            self.messages.append((time.monotonic(), message.topic, bytes(message.payload), bool(message.retain)))

    def received(self, topic=None, prefix=None):
        with self.lock:
            return [m for m in self.messages
                    if (topic is None or m[1] == topic) and (prefix is None or m[1].startswith(prefix))]

    def latest(self, topic):
        found = self.received(topic)
        return found[-1][2] if found else None

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()
