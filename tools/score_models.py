#!/usr/bin/env python3
"""SQNR of converted INT8 models against the FP32 ONNX models they came from, per output.

For each ONNX model: `yolo-edge convert` it (calibration on the first --calib-count images of
--calib), then for each scoring image letterbox it at the model's input size (as
tools/onnx/ort_reference.py does), run the INT8 engine on that exact input
(`yolo-edge outputs`) and ONNX Runtime on the FP32 model, and compare each engine output
(the per-scale box and class logits, dequantized) with the ONNX tensor of the same name:

    SQNR = 10 log10(sum(fp32^2) / sum((int8 - fp32)^2)), summed over the images

and the same with each channel's mean taken out of the signal ("centred"): class logits sit
around their large negative bias (a score near 0), which alone gives a high SQNR, so the
centred figure says how well the part that varies from place to place is kept. Prints one
row per output and a mean per model. A model that fails to convert is reported
with the converter's message and the run goes on.

Usage: score_models.py --binary yolo-edge --calib DIR [--calib-count 8] --images JPEG... -- MODEL.onnx...
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "onnx"))
from ort_reference import letterbox, session  # noqa: E402

DYNAMIC_SIZE = 640  # what `convert` takes for a dynamic export without --size


def input_size(model: pathlib.Path) -> tuple[int, int]:
    dims = onnx.load(str(model), load_external_data=False).graph.input[0].type.tensor_type.shape.dim
    return tuple(d.dim_value if d.HasField("dim_value") else DYNAMIC_SIZE for d in dims[2:4])


class Totals:
    """One output's sums over all images: per channel for the signal, in total for the noise."""

    def __init__(self, shape: list[int]):
        self.shape = shape
        self.count = 0
        self.sums = np.zeros(shape[-1])
        self.squares = np.zeros(shape[-1])
        self.noise = 0.0


def sqnr(signal: float, noise: float) -> float:
    return float("inf") if noise == 0 else 10 * np.log10(signal / noise)


def score(args, model: pathlib.Path, scratch: pathlib.Path) -> list[str]:
    converted = scratch / f"{model.stem}.yem"
    start = time.monotonic()
    conversion = subprocess.run(
        [args.binary, "convert", str(model), "--calib", str(args.calib), "--calib-count", str(args.calib_count),
         "-o", str(converted)], capture_output=True, text=True)
    seconds = time.monotonic() - start
    if conversion.returncode != 0:
        return [f"{model.stem}: convert failed ({seconds:.0f} s): {conversion.stderr.strip().splitlines()[-1]}"]
    notes = [line for line in conversion.stdout.splitlines() if line.startswith("bias correction")]
    height, width = input_size(model)
    totals: dict[str, Totals] = {}
    runtime = None
    for image in args.images:
        pixels = letterbox(image, height, width)
        feed = scratch / "input.bin"
        feed.write_bytes(pixels.astype("<f4").tobytes())
        listing = subprocess.run(
            [args.binary, "outputs", "--model", str(converted), "--input", str(feed), "--out", str(scratch)],
            capture_output=True, text=True, check=True)
        outputs = json.loads(listing.stdout)["outputs"]
        if runtime is None:
            runtime = session(model, [o["name"] for o in outputs])
        names = [o["name"] for o in outputs]
        reference = dict(zip(names, runtime.run(names, {runtime.get_inputs()[0].name: pixels})))
        for output in outputs:
            engine = np.fromfile(scratch / output["file"], dtype="<f4").reshape(output["shape"])
            fp32 = reference[output["name"]].transpose(0, 2, 3, 1)  # NCHW -> the engine's NHWC
            channels = fp32.reshape(-1, fp32.shape[-1]).astype(np.float64)
            entry = totals.setdefault(output["name"], Totals(output["shape"]))
            entry.count += channels.shape[0]
            entry.sums += channels.sum(axis=0)
            entry.squares += (channels ** 2).sum(axis=0)
            entry.noise += float(np.sum((engine.astype(np.float64) - fp32) ** 2))
    rows = [f"{model.stem}: {height}x{width}, converted in {seconds:.0f} s" + "".join(f"; {n}" for n in notes)]
    decibels, centred = [], []
    for name, entry in totals.items():
        decibels.append(sqnr(entry.squares.sum(), entry.noise))
        centred.append(sqnr((entry.squares - entry.sums ** 2 / entry.count).sum(), entry.noise))
        rows.append(f"  {name:<48} {str(entry.shape):<20} {decibels[-1]:6.2f} dB  centred {centred[-1]:6.2f} dB")
    rows.append(f"  mean over {len(decibels)} outputs: {np.mean(decibels):.2f} dB, centred {np.mean(centred):.2f} dB,"
                f" on {len(args.images)} images")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--calib", required=True, type=pathlib.Path)
    parser.add_argument("--calib-count", type=int, default=8)
    parser.add_argument("--images", required=True, nargs="+", type=pathlib.Path)
    parser.add_argument("models", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    for model in args.models:
        with tempfile.TemporaryDirectory() as scratch:
            print("\n".join(score(args, model, pathlib.Path(scratch))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
