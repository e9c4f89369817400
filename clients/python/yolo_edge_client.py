#!/usr/bin/env python3
"""Client for the yolo-edge detection socket (docs/protocol.md). Standard library only.

Example:
    python3 yolo_edge_client.py --classes person,car --min-score 0.5
    python3 yolo_edge_client.py --events --zones driveway
    python3 yolo_edge_client.py --snapshot latest.jpg

As a library:
    from yolo_edge_client import YoloEdgeClient
    with YoloEdgeClient() as client:
        client.subscribe(classes=["person"], min_score=0.5)
        for message in client.messages():
            if message["type"] == "detections":
                print(message["seq"], [(d["label"], d.get("track_id")) for d in message["detections"]])
            elif message["type"] == "event":
                print(message["event"], message.get("zone") or message.get("line"), message["track_id"])
"""

import argparse
import base64
import json
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
            message = json.loads(line)
            if message.get("type") == "hello":
                self.hello = message
                if message.get("protocol") != PROTOCOL_VERSION:
                    print(f"warning: daemon speaks protocol {message.get('protocol')}, "
                          f"this client knows {PROTOCOL_VERSION}", file=sys.stderr)
            yield message

    def close(self):
        self._reader.close()
        self._socket.close()

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
    parser.add_argument("--socket", default=DEFAULT_SOCKET)
    parser.add_argument("--classes", help="comma-separated labels")
    parser.add_argument("--min-score", type=float)
    parser.add_argument("--events", action="store_true", help="events only, no line per frame")
    parser.add_argument("--zones", help="comma-separated zone and line names whose events to show")
    parser.add_argument("--snapshot", metavar="FILE", help="save the latest annotated frame as FILE and exit")
    parser.add_argument("--count", type=int, help="stop after this many detections (or event) lines")
    args = parser.parse_args()

    seen = 0
    with YoloEdgeClient(args.socket) as client:
        if args.snapshot:
            client.request_snapshot()
        elif args.classes or args.min_score is not None or args.events or args.zones:
            client.subscribe(args.classes.split(",") if args.classes else None, args.min_score,
                             frames=False if args.events else None,
                             zones=args.zones.split(",") if args.zones else None)
        for message in client.messages():
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
                print(text, flush=True)
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
