#!/usr/bin/env python3
"""Writes a small ONNX model with YOLO11's C2PSA attention and depthwise layers.

The float executor's parity test converts it and compares with ONNX Runtime
(ort_reference.py). Seeded random weights; input [1, 3, 32, 32], output
"output0". The layers, as Ultralytics exports them:

  stem      Conv 3→16, 3x3, stride 2, SiLU
  attention qkv Conv 1x1 → Reshape [1, 2, 16, N] → Split (4, 4, 8) on axis 2 →
            softmax(Transpose(q) @ k · 4^-½) → v @ Transpose(attn) → Reshape [1, 16, H, W],
            plus the positional depthwise Conv 3x3 of v; then a projection Conv 1x1
  head      depthwise Conv 3x3, stride 2, SiLU → Conv 1x1 16→5

With --grouped the positional convolution has 8 groups of 2 channels instead
(not depthwise), for the test that such a convolution is refused by name.

Usage: attention_model.py OUT.onnx [--grouped]
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main(path: str, position_groups: int) -> None:
    rng = np.random.default_rng(11)
    initializers = []
    nodes = []

    def constant(name, values, dtype=np.float32):
        initializers.append(numpy_helper.from_array(np.asarray(values, dtype=dtype), name))
        return name

    def conv(name, source, out_channels, in_channels, kernel, stride=1, group=1):
        weights = rng.normal(0, (in_channels // group * kernel * kernel) ** -0.5,
                             (out_channels, in_channels // group, kernel, kernel))
        pad = kernel // 2
        nodes.append(helper.make_node(
            "Conv", [source, constant(f"{name}.weight", weights), constant(f"{name}.bias", rng.normal(0, 0.1, out_channels))],
            [f"{name}_output"], name=name, kernel_shape=[kernel, kernel], strides=[stride, stride],
            pads=[pad] * 4, group=group))
        return f"{name}_output"

    def silu(name, source):
        nodes.append(helper.make_node("Sigmoid", [source], [f"{name}_sigmoid"], name=f"{name}/Sigmoid"))
        nodes.append(helper.make_node("Mul", [source, f"{name}_sigmoid"], [f"{name}_silu"], name=f"{name}/Mul"))
        return f"{name}_silu"

    def node(op, inputs, name, **attributes):
        nodes.append(helper.make_node(op, inputs, [f"{name}_output"], name=name, **attributes))
        return f"{name}_output"

    x = silu("stem", conv("stem", "images", 16, 3, 3, stride=2))
    qkv = conv("qkv", x, 32, 16, 1)
    heads = node("Reshape", [qkv, constant("heads_shape", [1, 2, 16, -1], np.int64)], "heads")
    nodes.append(helper.make_node(
        "Split", [heads, constant("split_sizes", [4, 4, 8], np.int64)], ["q", "k", "v"], name="split", axis=2))
    q_t = node("Transpose", ["q"], "q_transposed", perm=[0, 1, 3, 2])
    scores = node("MatMul", [q_t, "k"], "scores")
    scaled = node("Mul", [scores, constant("scale", 0.5)], "scaled")
    attention = node("Softmax", [scaled], "attention", axis=-1)
    attention_t = node("Transpose", [attention], "attention_transposed", perm=[0, 1, 3, 2])
    mixed = node("MatMul", ["v", attention_t], "mixed")
    image_shape = constant("image_shape", [1, 16, 16, 16], np.int64)
    mixed_image = node("Reshape", [mixed, image_shape], "mixed_image")
    v_image = node("Reshape", ["v", image_shape], "v_image")
    position = conv("position", v_image, 16, 16, 3, group=position_groups)
    summed = node("Add", [mixed_image, position], "summed")
    projected = conv("projection", summed, 16, 16, 1)
    residual = node("Add", [x, projected], "residual")
    head = silu("head_dw", conv("head_dw", residual, 16, 16, 3, stride=2, group=16))
    nodes.append(helper.make_node(
        "Conv", [head, constant("head.weight", rng.normal(0, 0.25, (5, 16, 1, 1)))], ["output0"], name="head",
        kernel_shape=[1, 1]))

    graph = helper.make_graph(
        nodes, "attention", [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 5, 8, 8])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


if __name__ == "__main__":
    main(sys.argv[1], 8 if "--grouped" in sys.argv[2:] else 16)
