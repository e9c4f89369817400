#!/usr/bin/env python3
"""Example: print how many people the camera sees, whenever the number changes."""

import sys

from yolo_edge_client import DEFAULT_SOCKET, YoloEdgeClient


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOCKET
    previous = None
    with YoloEdgeClient(path) as client:
        client.subscribe(classes=["person"], min_score=0.5)
        for message in client.messages():
            if message["type"] != "detections":
                continue
            people = len(message["detections"])
            if people != previous:
                print(f"{people} people (frame {message['seq']})", flush=True)
                previous = people


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
