#!/usr/bin/env python3
"""Client for the yolo-edge detection socket (docs/protocol.md). Standard library only.

Example:
    python3 yolo_edge_client.py --classes person,car --min-score 0.5

As a library:
    from yolo_edge_client import YoloEdgeClient
    with YoloEdgeClient() as client:
        client.subscribe(classes=["person"], min_score=0.5)
        for message in client.messages():
            if message["type"] == "detections":
                print(message["seq"], [d["label"] for d in message["detections"]])
"""

import argparse
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

    def subscribe(self, classes=None, min_score=None):
        """Ask for some classes (labels or ids) and/or a minimum score."""
        request = {"type": "subscribe"}
        if classes is not None:
            request["classes"] = list(classes)
        if min_score is not None:
            request["min_score"] = min_score
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


def describe(message):
    """One readable line for a message, or None for types this example does not show."""
    kind = message.get("type")
    if kind == "hello":
        return (f"connected: model {message['model']} ({message['input_size']} px), "
                f"source {message['source']}, protocol {message['protocol']}")
    if kind == "detections":
        objects = ", ".join(f"{d['label']} {d['score']:.2f}" for d in message["detections"]) or "-"
        latency = message["latency_ms"]
        return (f"#{message['seq']} {message['width']}x{message['height']} "
                f"{latency['capture_to_publish']:.1f} ms: {objects}")
    if kind == "status":
        return (f"status: camera {message['camera']['state']}, {message['fps']:.1f} fps, "
                f"{message['clients']} clients")
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
    parser.add_argument("--count", type=int, help="stop after this many detections lines")
    args = parser.parse_args()

    seen = 0
    with YoloEdgeClient(args.socket) as client:
        if args.classes or args.min_score is not None:
            client.subscribe(args.classes.split(",") if args.classes else None, args.min_score)
        for message in client.messages():
            text = describe(message)
            if text:
                print(text, flush=True)
            if message["type"] == "detections":
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
