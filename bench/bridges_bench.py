#!/usr/bin/env python3
"""What the MQTT bridge and the HTTP endpoint cost, and what the bridge sustains.

1. Resident memory of the daemon after a warm-up, with no bridge, with [mqtt] (publishing
   event snapshots, and not), with [http], and with both: interleaved rounds, median per
   configuration.
2. Messages per second the bridge delivers to mosquitto, counted by a paho-mqtt subscriber,
   with a detections message on every frame (frame_interval = 0.001) plus the events, zone
   state and status, from an images: source at 30 frames per second; the frame rate the daemon
   reached is reported beside it.

Usage: bench/bridges.sh [--rounds N] [--seconds S]  (the release binary, the real model)
"""

import json
import os
import statistics
import sys
import tempfile
import time

import bench_arguments  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system-tests", "mqtt"))
from broker import Broker, free_port  # noqa: E402
from harness import Daemon, SocketReader, Subscriber  # noqa: E402
from bridge_test import config, make_video  # noqa: E402


def main():
    parser = bench_arguments.parser(__doc__, seconds=20)
    args = parser.parse_args()
    cpu = bench_arguments.cpu_name()
    with tempfile.TemporaryDirectory(prefix="yolo-edge-bridges-") as directory:
        video = make_video(os.path.abspath(args.images), directory)
        source = f"images:{video}:loop"
        password = os.path.join(directory, "password")
        with open(password, "w") as f:
            f.write(Broker.PASSWORD + "\n")
        broker = Broker(directory).start()
        try:
            base = config(broker.port, password)
            no_mqtt = base.split("[mqtt]")[0]
            configurations = {
                "none": lambda: no_mqtt,
                "mqtt": lambda: base,
                "mqtt_without_snapshots": lambda: base.replace("snapshots = true", "snapshots = false"),
                "http": lambda: no_mqtt + f'[http]\nlisten = "127.0.0.1:{free_port()}"\n',
                "both": lambda: base + f'[http]\nlisten = "127.0.0.1:{free_port()}"\n',
            }
            rss = {name: [] for name in configurations}
            for round_ in range(args.rounds):
                for name, text in configurations.items():
                    work = os.path.join(directory, f"rss-{name}-{round_}")
                    os.makedirs(work)
                    daemon = Daemon(os.path.abspath(args.binary), work, os.path.abspath(args.model), source, text()).start()
                    time.sleep(args.seconds)
                    rss[name].append(daemon.rss_bytes())
                    daemon.stop()
            medians = {name: statistics.median(values) for name, values in rss.items()}

            work = os.path.join(directory, "throughput")
            os.makedirs(work)
            text = base.replace("frame_interval = 0.5", "frame_interval = 0.001")
            daemon = Daemon(os.path.abspath(args.binary), work, os.path.abspath(args.model), source, text).start()
            subscriber = Subscriber(broker.port, ["test/edge/#"], Broker.USER, Broker.PASSWORD)
            reader = SocketReader(daemon.socket)
            time.sleep(3)
            messages, frames = len(subscriber.received()), len(reader.of_type("detections"))
            time.sleep(args.seconds)
            messages = (len(subscriber.received()) - messages) / args.seconds
            fps = (len(reader.of_type("detections")) - frames) / args.seconds
            status = reader.of_type("status")[-1]
            reader.close()
            subscriber.close()
            daemon.stop()
        finally:
            broker.stop()
    result = {
        "cpu": cpu,
        "rss_mib_median": {name: round(value / 2**20, 2) for name, value in medians.items()},
        "rss_cost_mib": {name: round((medians[name] - medians["none"]) / 2**20, 2) for name in medians if name != "none"},
        "rss_rounds_mib": {name: [round(v / 2**20, 2) for v in values] for name, values in rss.items()},
        "throughput": {"messages_per_s": round(messages, 1), "frames_per_s": round(fps, 1),
                       "mqtt_dropped": status["mqtt"]["dropped"], "mqtt_published": status["mqtt"]["published"]},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
