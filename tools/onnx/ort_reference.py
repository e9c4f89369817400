#!/usr/bin/env python3
"""ONNX Runtime reference tensors for yolo-edge's float execution of an ONNX model.

For each image: letterbox it Ultralytics-style (aspect kept, PIL bilinear
resize, centred, grey 114 padding) to --height x --width, scale to 0..1 RGB
NCHW float32, run the model with ONNX Runtime (CPU, graph optimisations off,
so intermediate tensors are the model's own), and write to --out/<stem>/:

  input.bin             the NCHW float32 input that was fed (Swift feeds the same bytes)
  <index>.bin           float32 values of each requested tensor, ONNX (NCHW) layout
  manifest.json         {"input": [shape], "tensors": [{"name", "file", "shape"}]}

The graph outputs are always written; --tensor NAME adds intermediate values.
Usage: ort_reference.py --model M.onnx --height 640 --width 640 --out DIR [--tensor NAME]... IMAGE...
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime
from PIL import Image


def letterbox(path: pathlib.Path, height: int, width: int) -> np.ndarray:
    image = Image.open(path).convert("RGB")
    scale = min(height / image.height, width / image.width)
    resized_w, resized_h = round(image.width * scale), round(image.height * scale)
    resized = image.resize((resized_w, resized_h), Image.BILINEAR)
    canvas = Image.new("RGB", (width, height), (114, 114, 114))
    canvas.paste(resized, ((width - resized_w) // 2, (height - resized_h) // 2))
    pixels = np.asarray(canvas, dtype=np.float32) / 255.0
    return np.ascontiguousarray(pixels.transpose(2, 0, 1)[None])


def session(model_path: pathlib.Path, extra: list[str]) -> onnxruntime.InferenceSession:
    model = onnx.load(str(model_path))
    known = {output.name for output in model.graph.output}
    for name in extra:
        if name not in known:
            model.graph.output.append(onnx.helper.make_empty_tensor_value_info(name))
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = 1
    return onnxruntime.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=pathlib.Path)
    parser.add_argument("--height", required=True, type=int)
    parser.add_argument("--width", required=True, type=int)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--tensor", action="append", default=[])
    parser.add_argument("images", nargs="+", type=pathlib.Path)
    args = parser.parse_args()

    runner = session(args.model, args.tensor)
    input_name = runner.get_inputs()[0].name
    names = [output.name for output in runner.get_outputs()]
    for image in args.images:
        if not image.is_file():
            print(f"no such image: {image}", file=sys.stderr)
            return 2
        tensor = letterbox(image, args.height, args.width)
        results = runner.run(names, {input_name: tensor})
        folder = args.out / image.stem
        folder.mkdir(parents=True, exist_ok=True)
        tensor.astype("<f4").tofile(folder / "input.bin")
        entries = []
        for index, (name, value) in enumerate(zip(names, results)):
            np.asarray(value, dtype="<f4").tofile(folder / f"{index}.bin")
            entries.append({"name": name, "file": f"{index}.bin", "shape": list(value.shape)})
        manifest = {"input": list(tensor.shape), "tensors": entries}
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
