#!/usr/bin/env python3
"""Runs a TFLite model with LiteRT's reference kernels (BUILTIN_REF) and dumps,
for every operator, its options and the exact bytes of all its input and
output tensors, so per-kernel tests can compare against the real thing.

Usage: dump_op_tensors.py MODEL OUT_DIR [--seed N | --input RAW]

Writes OUT_DIR/ops.json and OUT_DIR/t<index>.bin (raw little-endian bytes).
The model input is either the raw bytes of --input (for example a real image
as yolo-edge letterboxed it) or a deterministic synthetic image (gradients,
noise and flat blocks), so the run needs nothing but the model.
"""
import argparse
import json
import os

import numpy as np
from ai_edge_litert import schema_py_generated as schema
from ai_edge_litert.interpreter import Interpreter, OpResolverType

ACTIVATIONS = {0: "none", 1: "relu", 2: "reluN1To1", 3: "relu6"}
PADDINGS = {0: "same", 1: "valid"}


def options_of(operator, op_name):
    table = operator.BuiltinOptions()
    if table is None:
        return {}

    def load(cls):
        options = cls()
        options.Init(table.Bytes, table.Pos)
        return options

    if op_name == "CONV_2D":
        o = load(schema.Conv2DOptions)
        return {"padding": PADDINGS[o.Padding()], "strideH": o.StrideH(), "strideW": o.StrideW(),
                "dilationH": o.DilationHFactor(), "dilationW": o.DilationWFactor(),
                "activation": ACTIVATIONS[o.FusedActivationFunction()]}
    if op_name == "MAX_POOL_2D":
        o = load(schema.Pool2DOptions)
        return {"padding": PADDINGS[o.Padding()], "strideH": o.StrideH(), "strideW": o.StrideW(),
                "filterH": o.FilterHeight(), "filterW": o.FilterWidth(),
                "activation": ACTIVATIONS[o.FusedActivationFunction()]}
    if op_name in ("ADD", "SUB", "MUL"):
        cls = {"ADD": schema.AddOptions, "SUB": schema.SubOptions, "MUL": schema.MulOptions}[op_name]
        return {"activation": ACTIVATIONS[load(cls).FusedActivationFunction()]}
    if op_name == "CONCATENATION":
        o = load(schema.ConcatenationOptions)
        return {"axis": o.Axis(), "activation": ACTIVATIONS[o.FusedActivationFunction()]}
    if op_name == "STRIDED_SLICE":
        o = load(schema.StridedSliceOptions)
        return {"beginMask": o.BeginMask(), "endMask": o.EndMask(), "ellipsisMask": o.EllipsisMask(),
                "newAxisMask": o.NewAxisMask(), "shrinkAxisMask": o.ShrinkAxisMask(), "offset": bool(o.Offset())}
    if op_name == "RESIZE_NEAREST_NEIGHBOR":
        o = load(schema.ResizeNearestNeighborOptions)
        return {"alignCorners": bool(o.AlignCorners()), "halfPixelCenters": bool(o.HalfPixelCenters())}
    if op_name == "SOFTMAX":
        return {"beta": float(load(schema.SoftmaxOptions).Beta())}
    return {}


def synthetic_input(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    _, height, width, channels = shape
    y, x = np.mgrid[0:height, 0:width]
    image = np.stack([(x * 0.3 + y * 0.1 + 40 * c) % 256 for c in range(channels)], -1)
    image = image + rng.normal(0, 25, image.shape)
    blocks = (rng.random((height // 32 + 1, width // 32 + 1, channels)) * 255).repeat(32, 0).repeat(32, 1)
    image = 0.5 * image + 0.5 * blocks[:height, :width]
    pixels = np.clip(np.round(image), 0, 255)
    if dtype == np.int8:
        return (pixels - 128).astype(np.int8)[None]
    if dtype == np.uint8:
        return pixels.astype(np.uint8)[None]
    return (pixels / 255.0).astype(dtype)[None]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--input", help="raw input tensor bytes, in the model's input type")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)

    interpreter = Interpreter(model_path=args.model, experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                              experimental_preserve_all_tensors=True)
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    if args.input:
        data = np.fromfile(args.input, dtype=detail["dtype"]).reshape(detail["shape"])
    else:
        data = synthetic_input(detail["shape"], detail["dtype"], args.seed)
    interpreter.set_tensor(detail["index"], data)
    interpreter.invoke()

    with open(args.model, "rb") as f:
        model = schema.Model.GetRootAs(f.read(), 0)
    operators = model.Subgraphs(0)

    tensors = {}
    for t in interpreter.get_tensor_details():
        quantization = t["quantization_parameters"]
        tensors[int(t["index"])] = {
            "name": t["name"], "type": np.dtype(t["dtype"]).name, "shape": [int(s) for s in t["shape"]],
            "scales": [float(s) for s in quantization["scales"]],
            "zeroPoints": [int(z) for z in quantization["zero_points"]],
            "axis": int(quantization["quantized_dimension"]),
        }

    ops = []
    used = set()
    for op in interpreter._get_ops_details():
        index = int(op["index"])
        name = op["op_name"]
        inputs = [int(i) for i in op["inputs"]]
        outputs = [int(i) for i in op["outputs"]]
        ops.append({"index": index, "op": name, "options": options_of(operators.Operators(index), name),
                    "inputs": inputs, "outputs": outputs})
        used.update(i for i in inputs + outputs if i >= 0)

    produced = {i for op in ops for i in op["outputs"]} | {int(d["index"]) for d in interpreter.get_input_details()}
    for index in sorted(used):
        interpreter.get_tensor(index).tofile(os.path.join(args.out_dir, f"t{index}.bin"))
        tensors[index]["file"] = f"t{index}.bin"
        tensors[index]["isConstant"] = index not in produced
    with open(os.path.join(args.out_dir, "ops.json"), "w") as f:
        json.dump({"ops": ops, "tensors": {str(k): v for k, v in tensors.items() if k in used}}, f)


if __name__ == "__main__":
    main()
