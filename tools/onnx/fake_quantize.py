#!/usr/bin/env python3
"""An FP32 YOLOv8 ONNX export with chosen parts rounded as the converted model rounds them, to
split the converted model's accuracy loss between its sources:

  --activations outputs   the head outputs alone (what 16-bit outputs, TFLite's 16x8, could give back)
  --activations all       every int8 activation of the .yem (its input, each convolution's output
                          before and after the fused SiLU, the residual sums, concatenations...)
  --weights               every convolution's weights, per output channel, symmetric, max|w| / 127
                          (what learned rounding, AdaRound, works on)

An activation is rounded by a QuantizeLinear/DequantizeLinear pair after the ONNX tensor of the
same name, with the scale and zero point `yolo-edge inspect --tensors` gives it; the arithmetic
between them stays FP32. fp32_detections.py on the result, scored like the FP32 and INT8 runs,
gives each source's share. Reference only (docs/quantization.md); never used at run time.

Usage: fake_quantize.py --model M.onnx --yem M.yem --yolo-edge BINARY [--activations outputs|all] [--weights] --out OUT.onnx
"""
import argparse
import re
import subprocess

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

TENSOR_LINE = re.compile(r"^(output:|)\s+#\d+ (\S+) int8 \[[^]]*\] scale (\S+) zero point (-?\d+)$")


def activation_quantization(binary: str, yem: str, which: str) -> dict[str, tuple[float, int]]:
    """Scale and zero point of each int8 tensor of the .yem: its outputs, or all of them."""
    listing = subprocess.run([binary, "inspect", "--model", yem, "--tensors"],
                             check=True, capture_output=True, text=True).stdout
    found = {}
    for line in listing.splitlines():
        match = TENSOR_LINE.match(line)
        if match and (which == "all" or match[1] == "output:"):
            found[match[2]] = (float(match[3]), int(match[4]))
    if not found:
        raise SystemExit(f"no int8 tensors in `inspect --model {yem} --tensors`")
    return found


def round_activations(graph: onnx.GraphProto, quantization: dict[str, tuple[float, int]]) -> int:
    """Rounds each named tensor the graph has; the .yem's own tensors (pads, slices) are skipped.
    Each pair goes right after the node that makes its tensor (a graph input's first), so the
    graph stays in the topological order ONNX wants."""
    produced = {name for node in graph.node for name in node.output} | {value.name for value in graph.input}
    rounded = produced & quantization.keys()

    def rounding(name: str) -> list[onnx.NodeProto]:
        if name not in rounded:
            return []
        scale, zero_point = quantization[name]
        graph.initializer.extend([
            helper.make_tensor(f"{name}_scale", TensorProto.FLOAT, [], [scale]),
            helper.make_tensor(f"{name}_zero_point", TensorProto.INT8, [], [zero_point]),
        ])
        return [
            helper.make_node("QuantizeLinear", [name, f"{name}_scale", f"{name}_zero_point"], [f"{name}_int8"]),
            helper.make_node("DequantizeLinear", [f"{name}_int8", f"{name}_scale", f"{name}_zero_point"], [f"{name}_int8_rounded"]),
        ]

    ordered = [pair for value in graph.input for pair in rounding(value.name)]
    for node in graph.node:
        node.input[:] = [f"{value}_int8_rounded" if value in rounded else value for value in node.input]
        ordered.append(node)
        ordered.extend(pair for name in node.output for pair in rounding(name))
    del graph.node[:]
    graph.node.extend(ordered)
    return len(rounded)


def round_weights(graph: onnx.GraphProto) -> int:
    """Each Conv's weights rounded to int8 per output channel, as WeightQuantizer does (k = 127)."""
    convolution_weights = {node.input[1] for node in graph.node if node.op_type == "Conv"}
    count = 0
    for index, tensor in enumerate(graph.initializer):
        if tensor.name not in convolution_weights:
            continue
        weights = numpy_helper.to_array(tensor).astype(np.float32)
        largest = np.abs(weights.reshape(weights.shape[0], -1)).max(axis=1)
        scale = np.where(largest > 0, largest / 127, 1).astype(np.float32).reshape(-1, *[1] * (weights.ndim - 1))
        rounded = np.clip(np.round(weights / scale), -127, 127) * scale
        graph.initializer[index].CopyFrom(numpy_helper.from_array(rounded.astype(np.float32), tensor.name))
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="the FP32 ONNX export the .yem was converted from")
    parser.add_argument("--yem", help="the converted model whose activation rounding to copy")
    parser.add_argument("--yolo-edge", help="the yolo-edge binary that reads the .yem")
    parser.add_argument("--activations", choices=["none", "outputs", "all"], default="none")
    parser.add_argument("--weights", action="store_true", help="round the convolution weights")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.activations != "none" and not (args.yem and args.yolo_edge):
        parser.error("--activations needs --yem and --yolo-edge")

    model = onnx.load(args.model)
    activations = 0
    if args.activations != "none":
        activations = round_activations(model.graph, activation_quantization(args.yolo_edge, args.yem, args.activations))
        if activations == 0:
            raise SystemExit(f"the ONNX model has none of {args.yem}'s tensor names: is it the model the .yem came from?")
    weights = round_weights(model.graph) if args.weights else 0
    onnx.checker.check_model(model)
    onnx.save(model, args.out)
    print(f"{args.out}: {activations} activations and {weights} weight tensors rounded to int8")


if __name__ == "__main__":
    main()
