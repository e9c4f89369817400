"""An MQTT subscriber (paho-mqtt) that records what arrives, beside the daemon and socket
client that every system test shares (system-tests/common/yolo_daemon.py, re-exported here)."""

import os
import sys
import threading
import time

import paho.mqtt.client as mqtt

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from yolo_daemon import Daemon, SocketReader, wait_until  # noqa: E402,F401


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
