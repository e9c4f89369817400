#!/usr/bin/env python3
"""Client for the yolo-edge detection socket (docs/protocol.md). Standard library only.

Example:
    python3 yolo_edge_client.py --classes person,car --min-score 0.5
    python3 yolo_edge_client.py --events --zones driveway
    python3 yolo_edge_client.py --snapshot latest.jpg
    # Several cameras (one yolo-edge@NAME instance each): every line starts with [NAME].
    python3 yolo_edge_client.py --socket /run/yolo-edge/front.sock --socket /run/yolo-edge/back.sock

As a library:
    from yolo_edge_client import YoloEdgeClient
    with YoloEdgeClient() as client:
        client.subscribe(classes=["person"], min_score=0.5)
        for message in client.messages():
            if message["type"] == "detections":
                print(message["seq"], [(d["label"], d.get("track_id")) for d in message["detections"]])
            elif message["type"] == "event":
                print(message["event"], message.get("zone") or message.get("line"), message["track_id"])

Several daemons at once (docs/multiple-cameras.md), each message with the name of its socket:
    from yolo_edge_client import YoloEdgeClients
    with YoloEdgeClients(["/run/yolo-edge/front.sock", "/run/yolo-edge/back.sock"]) as clients:
        clients.subscribe(classes=["person"])
        for name, message in clients.messages():
            if message["type"] == "detections":
                print(name, message["seq"], len(message["detections"]))
"""

import argparse
import base64
import json
import os
import selectors
import socket
import sys

DEFAULT_SOCKET = "/run/yolo-edge/detections.sock"
PROTOCOL_VERSION = 1


class YoloEdgeClient:
    """One connection to the daemon; iterate `messages()` to receive decoded lines."""

    def __init__(self, path=DEFAULT_SOCKET, timeout=None):
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.settimeout(timeout)
        self._socket.connect(path)
        self._reader = self._socket.makefile("rb")
        self.hello = None

    def subscribe(self, classes=None, min_score=None, frames=None, zones=None):
        """Ask for some classes (labels or ids), a minimum score, events only (frames=False),
        and/or the events of some zones and lines (by name)."""
        request = {"type": "subscribe"}
        if classes is not None:
            request["classes"] = list(classes)
        if min_score is not None:
            request["min_score"] = min_score
        if frames is not None:
            request["frames"] = bool(frames)
        if zones is not None:
            request["zones"] = list(zones)
        self._send(request)

    def request_snapshot(self):
        """Ask for the latest annotated frame; it arrives as a "snapshot" message (or an
        "error"). `snapshot_jpeg(message)` gives its JPEG bytes."""
        self._send({"type": "snapshot"})

    def _send(self, request):
        self._socket.sendall(json.dumps(request).encode() + b"\n")

    def messages(self):
        """Yields each message as a dict until the daemon closes the connection."""
        for line in self._reader:
            yield self._decode(line)

    def fileno(self):
        """The connection's file descriptor, for select() and selectors."""
        return self._socket.fileno()

    def _decode(self, line):
        message = json.loads(line)
        if message.get("type") == "hello":
            self.hello = message
            if message.get("protocol") != PROTOCOL_VERSION:
                print(f"warning: daemon speaks protocol {message.get('protocol')}, "
                      f"this client knows {PROTOCOL_VERSION}", file=sys.stderr)
        return message

    def close(self):
        self._reader.close()
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def instance_name(path):
    """The name a socket is known by: its file name without ".sock", which for an instance of
    yolo-edge@.service is the instance (/run/yolo-edge/front.sock is "front")."""
    name = os.path.basename(os.path.normpath(path))
    return name[:-len(".sock")] if name.endswith(".sock") and len(name) > len(".sock") else name


class YoloEdgeClients:
    """Connections to several daemons, e.g. one yolo-edge@NAME instance per camera. Iterate
    `messages()` to receive (name, message) pairs from all of them, in the order they arrive.

    `sockets` is a list of socket paths, each named by `instance_name(path)`, or a dict from
    name to path. `clients` maps each name to its `YoloEdgeClient` (for its `hello`, or to send
    to one daemon only). A daemon that closes its connection is dropped and its name added to
    `closed`; `messages()` ends when every one has. With a `timeout`, `messages()` raises
    TimeoutError when no daemon sends anything for that many seconds."""

    def __init__(self, sockets, timeout=None):
        pairs = list(sockets.items()) if isinstance(sockets, dict) else [(instance_name(p), p) for p in sockets]
        if not pairs:
            raise ValueError("no socket to connect to")
        names = [name for name, _ in pairs]
        if len(set(names)) != len(names):
            raise ValueError(f"two sockets have the same name: {names}; name them with a dict")
        self.timeout = timeout
        self.clients = {}
        self.closed = []
        try:
            for name, path in pairs:
                self.clients[name] = YoloEdgeClient(path, timeout)
        except OSError as error:
            self.close()
            raise OSError(error.errno, f"{path}: {error.strerror or error}") from error

    def subscribe(self, classes=None, min_score=None, frames=None, zones=None):
        """The same subscription (see YoloEdgeClient.subscribe) on every connection."""
        for client in self._open_clients():
            client.subscribe(classes, min_score, frames, zones)

    def request_snapshot(self):
        """Asks every daemon for its latest annotated frame."""
        for client in self._open_clients():
            client.request_snapshot()

    def _open_clients(self):
        return [client for name, client in self.clients.items() if name not in self.closed]

    def messages(self):
        """Yields (name, message) for each line any daemon sends, until all have closed."""
        selector = selectors.DefaultSelector()
        pending = {}
        try:
            for name, client in self.clients.items():
                if name not in self.closed:
                    selector.register(client.fileno(), selectors.EVENT_READ, name)
                    pending[name] = b""
            while pending:
                ready = selector.select(self.timeout)
                if not ready:
                    raise TimeoutError(f"nothing from {', '.join(sorted(pending))} in {self.timeout} s")
                for key, _ in ready:
                    name = key.data
                    client = self.clients[name]
                    data = client._socket.recv(65536)
                    if not data:
                        selector.unregister(key.fd)
                        rest = pending.pop(name)
                        self.closed.append(name)
                        if rest.strip():
                            yield name, client._decode(rest)
                        continue
                    *lines, pending[name] = (pending[name] + data).split(b"\n")
                    for line in lines:
                        if line.strip():
                            yield name, client._decode(line)
        finally:
            selector.close()

    def close(self):
        for client in self.clients.values():
            client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def snapshot_jpeg(message):
    """The JPEG file of a "snapshot" message."""
    return base64.b64decode(message["jpeg"], validate=True)


def _object(detection):
    track = detection.get("track_id")
    return detection["label"] if track is None else f"{detection['label']} #{track}"


def describe(message):
    """One readable line for a message, or None for types this example does not show."""
    kind = message.get("type")
    if kind == "hello":
        return (f"connected: model {message['model']} ({message['input_size']} px), "
                f"source {message['source']}, protocol {message['protocol']}")
    if kind == "detections":
        objects = ", ".join(f"{_object(d)} {d['score']:.2f}" for d in message["detections"]) or "-"
        latency = message["latency_ms"]
        return (f"#{message['seq']} {message['width']}x{message['height']} "
                f"{latency['capture_to_publish']:.1f} ms: {objects}")
    if kind == "status":
        return (f"status: camera {message['camera']['state']}, {message['fps']:.1f} fps, "
                f"{message['clients']} clients")
    if kind == "event":
        place = f"zone {message['zone']}" if "zone" in message else f"line {message['line']}"
        direction = f" {message['direction']}" if "direction" in message else ""
        return f"#{message['seq']} {message['event']}{direction} {place}: {_object(message)} {message['score']:.2f}"
    if kind == "snapshot":
        return f"#{message['seq']} snapshot {message['width']}x{message['height']}"
    if kind == "overflow":
        return f"(missed {message['dropped']} messages)"
    if kind == "error":
        return f"error: {message['message']}"
    return None


def main():
    parser = argparse.ArgumentParser(description="Print yolo-edge detections.")
    parser.add_argument("--socket", action="append", metavar="PATH",
                        help=f"a daemon's socket (default {DEFAULT_SOCKET}); repeat it to watch several "
                        "daemons, each line then starting with [NAME], NAME being the socket's file "
                        "name without .sock (the yolo-edge@NAME instance)")
    parser.add_argument("--classes", help="comma-separated labels")
    parser.add_argument("--min-score", type=float)
    parser.add_argument("--events", action="store_true", help="events only, no line per frame")
    parser.add_argument("--zones", help="comma-separated zone and line names whose events to show")
    parser.add_argument("--snapshot", metavar="FILE", help="save the latest annotated frame as FILE and exit")
    parser.add_argument("--count", type=int, help="stop after this many detections (or event) lines")
    args = parser.parse_args()
    sockets = args.socket or [DEFAULT_SOCKET]
    if args.snapshot and len(sockets) > 1:
        parser.error("--snapshot takes one --socket")

    seen = 0
    with YoloEdgeClients(sockets) as clients:
        if args.snapshot:
            clients.request_snapshot()
        elif args.classes or args.min_score is not None or args.events or args.zones:
            clients.subscribe(args.classes.split(",") if args.classes else None, args.min_score,
                              frames=False if args.events else None,
                              zones=args.zones.split(",") if args.zones else None)
        for name, message in clients.messages():
            kind = message["type"]
            if args.snapshot and kind in ("snapshot", "error"):
                if kind == "error":
                    sys.exit(f"yolo-edge client: {message['message']}")
                with open(args.snapshot, "wb") as file:
                    file.write(snapshot_jpeg(message))
                print(describe(message), "->", args.snapshot)
                break
            text = describe(message)
            if text and not args.snapshot:
                print(f"[{name}] {text}" if len(sockets) > 1 else text, flush=True)
            if kind in ("detections", "event"):
                seen += 1
                if args.count and seen >= args.count:
                    break


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
    except OSError as error:
        sys.exit(f"yolo-edge client: {error}")
