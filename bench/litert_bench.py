#!/usr/bin/env python3
"""Median inference latency of a TFLite model under LiteRT (XNNPACK).

Prints one JSON object like `yolo-edge bench --json`:
{"median_ms": F, "p90_ms": F, "min_ms": F, "threads": N, "runs": N}

Usage: litert_bench.py --model M.tflite [--threads N] [--runs 50] [--warmup 3]
"""
import argparse
import json
import sys
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    interpreter = Interpreter(model_path=args.model, num_threads=args.threads)
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    rng = np.random.default_rng(0)
    info = np.iinfo(detail["dtype"]) if np.issubdtype(detail["dtype"], np.integer) else None
    if info is not None:
        data = rng.integers(info.min, info.max + 1, size=detail["shape"], dtype=detail["dtype"])
    else:
        data = rng.random(size=detail["shape"], dtype=np.float32)
    interpreter.set_tensor(detail["index"], data)
    for _ in range(args.warmup):
        interpreter.invoke()
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        interpreter.invoke()
        samples.append((time.perf_counter() - start) * 1e3)
    samples = np.array(samples)
    print(json.dumps({
        "median_ms": float(np.median(samples)),
        "p90_ms": float(np.percentile(samples, 90)),
        "min_ms": float(samples.min()),
        "threads": args.threads,
        "runs": args.runs,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
