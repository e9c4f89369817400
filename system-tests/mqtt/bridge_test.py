#!/usr/bin/env python3
"""The MQTT bridge and the HTTP endpoint of a real yolo-edge daemon (the release binary, the
real model, an images: source with a zone), against a real mosquitto and a paho-mqtt client,
and real HTTP clients. Checks discovery payloads against Home Assistant's documented fields,
events, retained state, availability (clean stop and kill -9), broker restarts, brokers that
are down, refuse or never answer, TLS, /metrics with promtool, /healthz, /snapshot.jpg,
hostile HTTP clients, and memory over a 60 s soak.

Usage: bridge_test.py BINARY MODEL IMAGES_DIR [--only NAME] [--summary FILE]
Run by tools/run-tests.sh with the reference venv's python (paho-mqtt in tools/requirements.txt).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from broker import Broker, free_port, wait_for_port
from harness import Daemon, SocketReader, Subscriber, wait_until

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from suite import SuiteContext, check, run_suite  # noqa: E402
import home_assistant

PREFIX = "test/edge"
CLIENT_ID = "edge-test"
# Val images with people, each shown for 15 frames (half a second at 30 fps), so tracks are
# confirmed and enter the zone, then leave when the next picture comes.
PEOPLE = ["000000000139.jpg", "000000000785.jpg", "000000000872.jpg", "000000000885.jpg"]
REPEATS = 15


def make_video(images, directory):
    video = os.path.join(directory, "video")
    os.makedirs(video)
    index = 0
    for name in PEOPLE:
        for _ in range(REPEATS):
            os.symlink(os.path.join(images, name), os.path.join(video, f"{index:05d}.jpg"))
            index += 1
    return video


def config(broker_port, password_file, http_port=None, mqtt_extra="", http_listen=None, frame_interval=0.5):
    text = f"""log_level = "info"
[health]
status_interval = 1
[[zones]]
name = "yard"
polygon = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
classes = ["person"]
[[zones]]
name = "any object"
polygon = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
[[lines]]
name = "gate"
start = [0.5, 0.0]
end = [0.5, 1.0]
[mqtt]
host = "127.0.0.1"
port = {broker_port}
username = "{Broker.USER}"
password_file = "{password_file}"
topic_prefix = "{PREFIX}"
client_id = "{CLIENT_ID}"
snapshots = true
frame_interval = {frame_interval}
{mqtt_extra}
"""
    if http_port or http_listen:
        text += f'[http]\nlisten = "{http_listen or f"127.0.0.1:{http_port}"}"\n'
    return text


class Context(SuiteContext):
    def __init__(self, binary, model, images, directory):
        super().__init__(directory)
        self.binary, self.model = binary, model
        self.video = make_video(images, directory)
        self.source = f"images:{self.video}:loop"
        self.password_file = os.path.join(directory, "password")
        with open(self.password_file, "w") as f:
            f.write(Broker.PASSWORD + "\n")

    def daemon(self, directory, text, name="daemon", source=None):
        daemon = Daemon(self.binary, directory, self.model, source or self.source, text, name)
        self.started.append(daemon)
        return daemon

    def broker(self, directory, tls=False):
        broker = Broker(directory, tls=tls)
        self.started.append(broker)
        return broker


def socket_request(path, request, answer_type, timeout=10):
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(timeout)
        s.connect(path)
        s.sendall((request + "\n").encode())
        for line in s.makefile():
            message = json.loads(line)
            if message.get("type") in (answer_type, "error"):
                return message
    return None


def log_mentions(daemon, words):
    return [line for line in daemon.log_text().splitlines() if all(w in line.lower() for w in words)]


# --- the tests -----------------------------------------------------------------------------

def test_discovery_events_state_and_clean_stop(ctx):
    work = ctx.workdir("discovery")
    broker = ctx.broker(work).start()
    subscriber = Subscriber(broker.port, [f"{PREFIX}/#", "homeassistant/#"], Broker.USER, Broker.PASSWORD)
    daemon = ctx.daemon(work, config(broker.port, ctx.password_file)).start()
    try:
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"online", 15), "availability online")
        # 2 zones with one label each (person; all), a binary sensor and a count each; 2 line
        # sensors; fps; the snapshot image.
        # The latest config per topic (a reconnect publishes them again).
        configs = lambda: {m[1]: m[2] for m in subscriber.received(prefix="homeassistant/") if m[2]}
        check(wait_until(lambda: len(configs()) >= 8, 10), f"8 discovery configs, got {len(configs())}")
        time.sleep(0.5)
        check(len(configs()) == 8, f"exactly 8 discovery configs, got {sorted(configs())}")
        problems = home_assistant.validate(sorted(configs().items()), availability=f"{PREFIX}/availability")
        check(not problems, "discovery payloads: " + "; ".join(problems))

        events = lambda: subscriber.received(f"{PREFIX}/events")
        check(wait_until(lambda: len(events()) >= 2, 20), "events arrive")
        yard = [json.loads(m[2]) for m in events() if json.loads(m[2]).get("zone") == "yard"]
        check(yard and all(e["type"] == "event" and e["event"] in ("enter", "leave") and e["label"] == "person" for e in yard),
              f"event lines of the yard, people only: {yard[:3]}")
        check(all(not m[3] for m in events()), "events are not retained")

        snapshot = wait_until(lambda: subscriber.latest(f"{PREFIX}/snapshot"), 10)
        check(snapshot and snapshot[:2] == b"\xff\xd8", "an event snapshot JPEG")
        status = json.loads(wait_until(lambda: subscriber.latest(f"{PREFIX}/status"), 5))
        check(status["mqtt"]["state"] == "connected", f"status shows the bridge: {status.get('mqtt')}")
        shown = subprocess.run([ctx.binary, "status", "--socket", daemon.socket], capture_output=True, text=True).stdout
        check("; mqtt connected, " in shown, f"yolo-edge status shows the bridge: {shown}")
        frames = subscriber.received(f"{PREFIX}/detections")
        span = frames[-1][0] - frames[0][0] if len(frames) > 1 else 0
        check(len(frames) >= 2 and (len(frames) - 1) / span <= 2.5, f"detections rate-limited to 2/s: {len(frames)} in {span:.1f} s")

        # A subscriber that comes late gets the retained state: availability, zones, lines, discovery.
        late = Subscriber(broker.port, [f"{PREFIX}/#", "homeassistant/#"], Broker.USER, Broker.PASSWORD)
        time.sleep(1.0)
        retained = {m[1]: m[2] for m in late.received() if m[3]}
        late.close()
        for topic in (f"{PREFIX}/availability", f"{PREFIX}/zones/yard/person", f"{PREFIX}/zones/any object/all",
                      f"{PREFIX}/lines/gate/in", f"{PREFIX}/lines/gate/out", f"{PREFIX}/snapshot"):
            check(topic in retained, f"{topic} is retained (retained: {sorted(retained)})")
        check(retained[f"{PREFIX}/zones/yard/person"].isdigit(), "occupancy is a number")
        check(sum(1 for t in retained if t.startswith("homeassistant/")) == 8, "discovery configs are retained")

        # Purging removes the entities: an empty retained message on every config topic.
        answer = socket_request(daemon.socket, '{"type":"purge_discovery"}', "purged")
        check(answer == {"type": "purged", "topics": 8}, f"purge answer: {answer}")
        cleared = lambda: {m[1] for m in subscriber.received(prefix="homeassistant/") if not m[2]}
        check(wait_until(lambda: len(cleared()) == 8, 5), f"8 config topics cleared, got {len(cleared())}")
        late = Subscriber(broker.port, ["homeassistant/#"], Broker.USER, Broker.PASSWORD)
        time.sleep(1.0)
        check(not late.received(), "no discovery config is retained after the purge")
        late.close()

        took = daemon.stop()
        check(took < 2.5, f"stops within 2.5 s with the bridge, took {took:.2f} s")
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"offline", 5), "offline after a stop")
        log = broker.log_text()
        check(f"Client {CLIENT_ID} disconnected." in log, "a clean disconnect (the broker logged it)")
        check(f"Client {CLIENT_ID} closed its connection" not in log, "no unclean close, so no will")
    finally:
        subscriber.close()
        daemon.stop()
        broker.stop()


def test_kill_fires_the_will(ctx):
    work = ctx.workdir("will")
    broker = ctx.broker(work).start()
    subscriber = Subscriber(broker.port, [f"{PREFIX}/availability"], Broker.USER, Broker.PASSWORD)
    daemon = ctx.daemon(work, config(broker.port, ctx.password_file)).start()
    try:
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"online", 15), "online")
        killed = time.monotonic()
        daemon.stop(signal.SIGKILL)
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"offline", 10), "the will says offline")
        ctx.figures["will_delay_s"] = round(subscriber.received(f"{PREFIX}/availability")[-1][0] - killed, 3)
        check(f"Client {CLIENT_ID} disconnected." not in broker.log_text(), "no clean disconnect after kill -9")
    finally:
        subscriber.close()
        broker.stop()


def test_broker_restart(ctx):
    work = ctx.workdir("restart")
    broker = ctx.broker(work).start()
    daemon = ctx.daemon(work, config(broker.port, ctx.password_file, mqtt_extra="queue_length = 16", frame_interval=0.05)).start()
    reader = SocketReader(daemon.socket)
    try:
        subscriber = Subscriber(broker.port, [f"{PREFIX}/availability"], Broker.USER, Broker.PASSWORD)
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"online", 15), "online")
        subscriber.close()
        broker.stop()
        time.sleep(4)
        broker.start()
        back = time.monotonic()
        subscriber = Subscriber(broker.port, [f"{PREFIX}/availability"], Broker.USER, Broker.PASSWORD)
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"online", 40), "online again")
        recovery = subscriber.received(f"{PREFIX}/availability")[-1][0] - back
        ctx.figures["broker_restart_recovery_s"] = round(recovery, 2)
        subscriber.close()
        time.sleep(1.5)
        seqs = [m["seq"] for m in reader.of_type("detections")]
        check(len(seqs) > 60, f"frames flowed on the socket: {len(seqs)}")
        gaps = sum(1 for a, b in zip(seqs, seqs[1:]) if b != a + 1)
        check(gaps == 0 and not reader.of_type("overflow"), f"no frame lost on the socket ({gaps} gaps)")
        status = reader.of_type("status")[-1]
        check(status["mqtt"]["connections"] == 2, f"reconnected once: {status['mqtt']}")
        check(status["mqtt"]["dropped"] > 0 and status["drops"]["mqtt"] == status["mqtt"]["dropped"],
              f"MQTT drops counted while the broker was away: {status['mqtt']}")
        ctx.figures["mqtt_drops_during_4s_outage"] = status["mqtt"]["dropped"]
        lost = log_mentions(daemon, ["lost the connection"])
        check(len(lost) == 1, f"the loss is logged once: {lost}")
    finally:
        reader.close()
        daemon.stop()
        broker.stop()


def start_fault(ctx, name, text, words, seconds=6):
    """A daemon whose broker cannot be used: it serves the socket, and says why once over
    `seconds` (attempts at about 0, 1, 3 s: three or more in 6 s)."""
    work = ctx.workdir(name)
    daemon = ctx.daemon(work, text).start()
    try:
        reader = SocketReader(daemon.socket)
        time.sleep(seconds)
        frames = len(reader.of_type("detections"))
        reader.close()
        check(frames > 30, f"{name}: frames flow on the socket ({frames})")
        said = log_mentions(daemon, words)
        check(len(said) == 1, f"{name}: the log says it once ({said}); log:\n{daemon.log_text()}")
        status = socket_request(daemon.socket, '{"type":"subscribe","frames":false}', "status")
        check(status["mqtt"]["state"] != "connected", f"{name}: not connected: {status['mqtt']}")
        shown = subprocess.run([ctx.binary, "status", "--socket", daemon.socket], capture_output=True, text=True).stdout
        check(all(w in shown.lower() for w in words), f"{name}: yolo-edge status says why: {shown}")
        took = daemon.stop()
        check(took < 2.5, f"{name}: stops within 2.5 s, took {took:.2f} s")
    finally:
        daemon.stop()


def test_broker_faults_at_start(ctx):
    down = free_port()
    start_fault(ctx, "down", config(down, ctx.password_file), ["refused"])
    work = ctx.workdir("wrong-password")
    broker = ctx.broker(work).start()
    wrong = os.path.join(work, "wrong")
    with open(wrong, "w") as f:
        f.write("not-the-password\n")
    try:
        start_fault(ctx, "wrong-password", config(broker.port, wrong), ["not authorized"])
    finally:
        broker.stop()
    start_fault(ctx, "unknown-host", config(1883, ctx.password_file).replace('host = "127.0.0.1"', 'host = "no-such-host.invalid"'),
                ["no-such-host.invalid"])


def test_silent_broker(ctx):
    """A broker that accepts TCP and never answers stalls nothing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    threading.Thread(target=lambda: [accepted.append(listener.accept()) for _ in range(16)], daemon=True).start()
    try:
        # No CONNACK: the attempt counts as failed after 10 s, then every retry fails alike.
        start_fault(ctx, "silent", config(listener.getsockname()[1], ctx.password_file), ["answer"], seconds=14)
    finally:
        listener.close()


def test_tls(ctx):
    work = ctx.workdir("tls")
    broker = ctx.broker(work, tls=True).start()
    try:
        subscriber = Subscriber(broker.port, [f"{PREFIX}/availability"], Broker.USER, Broker.PASSWORD)
        tls = f'tls = true\nca_file = "{broker.ca_file}"'
        daemon = ctx.daemon(work, config(broker.tls_port, ctx.password_file, mqtt_extra=tls).replace(
            'host = "127.0.0.1"', 'host = "localhost"')).start()
        check(wait_until(lambda: subscriber.latest(f"{PREFIX}/availability") == b"online", 15), "online over TLS")
        daemon.stop()
        subscriber.close()
        other = os.path.join(work, "other-ca.pem")
        start_fault(ctx, "wrong-ca", config(broker.tls_port, ctx.password_file, mqtt_extra=f'tls = true\nca_file = "{other}"'),
                    ["tls"])
    finally:
        broker.stop()


def http_get(port, path, timeout=10):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fps_over(reader, seconds):
    before = len(reader.of_type("detections"))
    time.sleep(seconds)
    return (len(reader.of_type("detections")) - before) / seconds


def test_http(ctx):
    work = ctx.workdir("http")
    broker = ctx.broker(work).start()
    port = free_port()
    # Paced below what one core sustains: the attackers take the other core, so a rate that
    # falls shows the daemon itself starved by them, not two cores shared three ways.
    daemon = ctx.daemon(work, config(broker.port, ctx.password_file, http_port=port),
                        source=f"{ctx.source}:fps=10").start()
    reader = SocketReader(daemon.socket)
    try:
        check(wait_for_port(port), "the endpoint listens")
        time.sleep(2.5)
        status, metrics = http_get(port, "/metrics")
        check(status == 200, f"/metrics answers: {status}")
        promtool = subprocess.run(["promtool", "check", "metrics"], input=metrics, capture_output=True)
        check(promtool.returncode == 0, f"promtool check metrics: {promtool.stdout.decode()}{promtool.stderr.decode()}")
        text = metrics.decode()
        for name in ("yolo_edge_frames_processed_total", "yolo_edge_inference_seconds_bucket",
                     "yolo_edge_capture_to_publish_seconds_bucket", 'yolo_edge_drops_total{cause="stale"}',
                     "yolo_edge_camera_reconnects_total", "yolo_edge_clients", "yolo_edge_mqtt_connected 1",
                     'yolo_edge_drops_total{cause="mqtt"}', "process_resident_memory_bytes"):
            check(name in text, f"/metrics has {name}")
        check(http_get(port, "/healthz")[0] == 200, "/healthz is 200 while frames flow")
        status, jpeg = http_get(port, "/snapshot.jpg")
        check(status == 200, f"/snapshot.jpg answers: {status}")
        decoded = subprocess.run(["djpeg", "-pnm"], input=jpeg, capture_output=True)
        check(decoded.returncode == 0 and decoded.stdout.startswith(b"P6"), "/snapshot.jpg decodes")
        status, body = http_get(port, "/api/status")
        check(status == 200 and json.loads(body)["type"] == "status", "/api/status is the status line")

        calm = fps_over(reader, 4)
        attackers = []
        stop = threading.Event()

        def huge_headers():
            while not stop.is_set():
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * (1 << 20) + b"\r\n\r\n")
                        s.recv(4096)
                except OSError:
                    pass

        def slowloris():
            connections = []
            for _ in range(32):
                try:
                    connections.append(socket.create_connection(("127.0.0.1", port), timeout=5))
                except OSError:
                    pass
            while not stop.is_set():
                for s in connections:
                    try:
                        s.send(b"X")
                    except OSError:
                        pass
                time.sleep(0.5)
            for s in connections:
                s.close()

        def many_connections():
            opened = []
            for _ in range(1000):
                try:
                    opened.append(socket.create_connection(("127.0.0.1", port), timeout=5))
                except OSError:
                    break
            stop.wait()
            for s in opened:
                s.close()

        for target in (huge_headers, slowloris, many_connections):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            attackers.append(thread)
        time.sleep(1)
        attacked = fps_over(reader, 6)
        stop.set()
        for thread in attackers:
            thread.join(15)
        ctx.figures["http_attack_fps"] = {"calm": round(calm, 1), "attacked": round(attacked, 1)}
        check(attacked >= 0.7 * calm, f"inference undisturbed by hostile HTTP clients: {calm:.1f} fps calm, {attacked:.1f} attacked")
        check(wait_until(lambda: http_get(port, "/healthz")[0] == 200, 10), "/healthz answers after the attack")
    finally:
        reader.close()
        daemon.stop()
        broker.stop()


def test_memory_soak(ctx):
    work = ctx.workdir("soak")
    broker = ctx.broker(work).start()
    port = free_port()
    daemon = ctx.daemon(work, config(broker.port, ctx.password_file, http_port=port, frame_interval=0.05)).start()
    subscriber = Subscriber(broker.port, [f"{PREFIX}/#"], Broker.USER, Broker.PASSWORD)
    stop = threading.Event()

    def scrape():
        while not stop.is_set():
            http_get(port, "/metrics")
            http_get(port, "/snapshot.jpg")
            time.sleep(0.5)

    scraper = threading.Thread(target=scrape, daemon=True)
    try:
        check(wait_for_port(port), "the endpoint listens")
        scraper.start()
        time.sleep(10)  # warm: every buffer grown, every metric made
        samples = []
        for _ in range(60):
            samples.append(daemon.rss_bytes())
            time.sleep(1)
        growth = max(samples) - samples[0]
        ctx.figures["soak_rss_mib"] = {"first": round(samples[0] / 2**20, 2), "max": round(max(samples) / 2**20, 2),
                                       "last": round(samples[-1] / 2**20, 2)}
        ctx.figures["soak_mqtt_messages"] = len(subscriber.received())
        check(growth <= 2 * 2**20, f"RSS flat within 2 MiB over 60 s: grew {growth / 2**20:.2f} MiB")
    finally:
        stop.set()
        subscriber.close()
        daemon.stop()
        broker.stop()


TESTS = [test_discovery_events_state_and_clean_stop, test_kill_fires_the_will, test_broker_restart,
         test_broker_faults_at_start, test_silent_broker, test_tls, test_http, test_memory_soak]


def main():
    return run_suite("mqtt/http", __doc__, TESTS, Context)


if __name__ == "__main__":
    sys.exit(main())
